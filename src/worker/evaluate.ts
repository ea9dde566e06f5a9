// Scoring a model on a split in batches, in inference mode (no dropout, no
// augmentation), with per-class accuracy for the test report.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../model/infer';
import type { ImageShape } from '../model/shape';
import { makeBatch, type TrainSplit } from './batches';
import { batchLoss, predictedClasses } from './losses';
import type { JobControl } from './control';

export interface SplitScore {
  loss: number;
  accuracy: number;
  perClass: (number | null)[];
  count: number;
}

export async function evaluateSplit(
  model: tf.LayersModel,
  split: TrainSplit,
  geometry: ImageShape,
  opts: {
    loss: LossName;
    batchSize: number;
    pieceSize?: number | null;
    scale: number;
    numClasses: number;
    control?: JobControl;
  },
): Promise<SplitScore | null> {
  let lossSum = 0;
  const correct = new Array<number>(opts.numClasses).fill(0);
  const seen = new Array<number>(opts.numClasses).fill(0);
  for (let start = 0; start < split.count; start += opts.batchSize) {
    if (opts.control && (await opts.control.checkpoint()) === 'stop') return null;
    const [lossT, predT, labelT] = tf.tidy(() => {
      const { x, y } = makeBatch(split, geometry, null, start, opts.batchSize, opts.scale);
      const p = model.predict(x, {
        batchSize: Math.min(opts.batchSize, opts.pieceSize || opts.batchSize),
      }) as tf.Tensor;
      return [tf.mul(batchLoss(opts.loss, p, y), y.shape[0]), predictedClasses(opts.loss, p), y] as const;
    });
    const [l, pred, labels] = await Promise.all([lossT.data(), predT.data(), labelT.data()]);
    tf.dispose([lossT, predT, labelT]);
    lossSum += l[0]!;
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i]!;
      seen[c]! += 1;
      if (pred[i] === c) correct[c]! += 1;
    }
  }
  const total = seen.reduce((a, b) => a + b, 0);
  if (total === 0) return { loss: NaN, accuracy: NaN, perClass: seen.map(() => null), count: 0 };
  return {
    loss: lossSum / total,
    accuracy: correct.reduce((a, b) => a + b, 0) / total,
    perClass: seen.map((n, c) => (n ? correct[c]! / n : null)),
    count: total,
  };
}
