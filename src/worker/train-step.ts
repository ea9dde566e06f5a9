// One optimizer update on one batch, whole or in pieces (src/model/step-memory.ts):
// the trainer, its step timer and the backend trial all run this, so what they
// time is what training does.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../model/infer';
import { trainingForward } from './model/fused-forward';
import { batchLoss, correctCount } from './losses';

export type Batch = { x: tf.Tensor4D; y: tf.Tensor1D };

/**
 * Queues one update on the device; returns its loss and correct count as device scalars (not read).
 * What optimizer.minimize does (the gradients, then applyGradients), over one or more pieces of a
 * batch (makeBatchPieces: each built from the Uint8 store, as slicing one batch tensor cost
 * tfjs-wasm ~24 ms a slice): each piece's loss is weighted by its share of the batch, so the summed
 * gradients are the batch's and one update is applied; only one piece's activations are held at a time.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  pieces: readonly Batch[],
  loss: LossName,
): [tf.Scalar, tf.Scalar] {
  const n = pieces.reduce((sum, p) => sum + p.x.shape[0], 0);
  let grads: tf.NamedTensorMap | null = null;
  let cost: tf.Scalar | null = null;
  let right: tf.Scalar | null = null;
  try {
    for (const { x, y } of pieces) {
      const count = x.shape[0];
      // Kept out of variableGrads' own tidy, so it can be added into the total.
      let correct: tf.Scalar | null = null;
      const piece = tf.tidy(() => {
        const { value, grads: g } = tf.variableGrads(() => {
          // model.apply(x, { training: true }), with Conv2D/Dense fused into one kernel each on WASM.
          const predictions = trainingForward(model, x);
          correct = tf.keep(correctCount(loss, predictions, y));
          const mean = batchLoss(loss, predictions, y);
          return count === n ? mean : (tf.mul(mean, count / n) as tf.Scalar);
        }, vars);
        // Summed into the totals here, so the previous totals can go at once (one piece's tensors at a time).
        return {
          grads: grads ? Object.fromEntries(Object.entries(g).map(([k, t]) => [k, tf.add(grads![k]!, t)])) : g,
          cost: cost ? tf.add(cost, value) : value,
          right: right ? tf.add(right, correct!) : tf.clone(correct!),
        };
      });
      tf.dispose([
        ...(grads ? Object.values(grads) : []),
        ...[cost, right, correct].filter((t): t is tf.Scalar => t !== null),
      ]);
      grads = piece.grads as tf.NamedTensorMap;
      cost = piece.cost as tf.Scalar;
      right = piece.right as tf.Scalar;
    }
    optimizer.applyGradients(grads!);
    return [cost!, right!];
  } catch (e) {
    tf.dispose([cost, right].filter((t): t is tf.Scalar => t !== null));
    throw e;
  } finally {
    if (grads) tf.dispose(Object.values(grads));
  }
}

/** Disposes every piece of a batch. */
export const disposePieces = (pieces: readonly Batch[]): void => tf.dispose(pieces.flatMap((p) => [p.x, p.y]));
