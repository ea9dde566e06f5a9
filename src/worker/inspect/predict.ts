// "Try it": the model's class probabilities for one image, in inference mode.
// A 2-class model with one sigmoid unit outputs p = P(class 1); the page wants
// one probability per class, so that becomes [1 - p, p].
import * as tf from '@tensorflow/tfjs';
import { imageTensor, readAll } from './forward';

export interface PredictRequest {
  /** H x W x C bytes, the model's input size. */
  pixels: Uint8Array;
  scale: number;
}

export interface Prediction {
  /** One per class, summing to 1. */
  probabilities: Float32Array;
  predicted: number;
  /** True when the model has one sigmoid unit (binary cross-entropy). */
  sigmoid: boolean;
}

/** [N, classes] probabilities from the model's output: softmax rows as they are, one sigmoid unit as [1 - p, p]. Call inside tf.tidy. */
export function classProbabilities(output: tf.Tensor): tf.Tensor2D {
  const rows = output.reshape([output.shape[0]!, -1]) as tf.Tensor2D;
  return rows.shape[1] === 1 ? tf.concat([tf.sub(1, rows), rows], 1) : rows;
}

export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export async function predictImage(model: tf.LayersModel, req: PredictRequest): Promise<Prediction> {
  const { probabilities } = await readAll({
    probabilities: tf.tidy(() =>
      classProbabilities(model.predict(imageTensor(model, req.pixels, req.scale)) as tf.Tensor),
    ),
  });
  const outputs = (model.outputs[0]!.shape as (number | null)[]).at(-1);
  return { probabilities, predicted: argMax(probabilities), sigmoid: outputs === 1 };
}
