// Where the model goes wrong on a split: the confusion matrix (rows = true
// class, columns = predicted), per-class precision and recall, the most
// confidently wrong images, and which images sit in each cell so the page can
// open them. Batched from the Uint8 store, inference mode, like evaluate.ts.
import * as tf from '@tensorflow/tfjs';
import type { SplitData } from '../../data/types';
import { makeBatch } from '../batches';
import type { StepVerdict } from '../control';
import { classProbabilities } from './predict';
import { inputGeometry } from './forward';

export interface ConfusionRequest {
  split: SplitData;
  scale: number;
  numClasses: number;
  batchSize?: number;
  /** How many confidently wrong images to list. Default 16. */
  topWrong?: number;
}

export interface WrongImage {
  /** Index into the split. */
  index: number;
  trueClass: number;
  predicted: number;
  /** The probability the model gave its (wrong) prediction. */
  confidence: number;
}

export interface ConfusionResult {
  numClasses: number;
  count: number;
  /** numClasses x numClasses counts, row-major: matrix[t * numClasses + p] images of class t predicted p. */
  matrix: Uint32Array;
  /** Per class; null where undefined (nothing predicted as / nothing labelled as that class). */
  precision: (number | null)[];
  recall: (number | null)[];
  accuracy: number;
  /** Most confident first. */
  wrong: WrongImage[];
  /** The split indices of each cell, same order as matrix. */
  cells: Uint32Array[];
}

export async function confusionOf(
  model: tf.LayersModel,
  req: ConfusionRequest,
  control?: { checkpoint(): Promise<StepVerdict> },
): Promise<ConfusionResult | null> {
  const n = req.numClasses;
  const batchSize = req.batchSize ?? 64;
  const topWrong = req.topWrong ?? 16;
  const geometry = inputGeometry(model);
  const matrix = new Uint32Array(n * n);
  const members: number[][] = Array.from({ length: n * n }, () => []);
  const wrong: WrongImage[] = [];
  for (let start = 0; start < req.split.count; start += batchSize) {
    if (control && (await control.checkpoint()) === 'stop') return null;
    const probsT = tf.tidy(() =>
      classProbabilities(
        model.predict(makeBatch(req.split, geometry, null, start, batchSize, req.scale).x) as tf.Tensor,
      ),
    );
    const classes = probsT.shape[1];
    const probs = (await probsT.data()) as Float32Array;
    probsT.dispose();
    if (classes !== n) throw new Error(`The model outputs ${classes} classes; the dataset has ${n}.`);
    for (let b = 0; b * n < probs.length; b++) {
      const index = start + b;
      const row = probs.subarray(b * n, (b + 1) * n);
      let predicted = 0;
      for (let c = 1; c < n; c++) if (row[c]! > row[predicted]!) predicted = c;
      const trueClass = req.split.labels[index]!;
      matrix[trueClass * n + predicted]! += 1;
      members[trueClass * n + predicted]!.push(index);
      if (predicted !== trueClass) wrong.push({ index, trueClass, predicted, confidence: row[predicted]! });
    }
    // Keep the list short as we go: a 10,000-image split can be mostly wrong early in training.
    if (wrong.length > topWrong * 4) wrong.sort((a, b) => b.confidence - a.confidence).splice(topWrong);
  }
  wrong.sort((a, b) => b.confidence - a.confidence).splice(topWrong);
  const rowSum = (t: number) => matrix.subarray(t * n, (t + 1) * n).reduce((a, b) => a + b, 0);
  const colSum = (p: number) => Array.from({ length: n }, (_, t) => matrix[t * n + p]!).reduce((a, b) => a + b, 0);
  const diagonal = Array.from({ length: n }, (_, c) => matrix[c * n + c]!);
  const count = req.split.count;
  return {
    numClasses: n,
    count,
    matrix,
    precision: diagonal.map((d, c) => (colSum(c) ? d / colSum(c) : null)),
    recall: diagonal.map((d, c) => (rowSum(c) ? d / rowSum(c) : null)),
    accuracy: count ? diagonal.reduce((a, b) => a + b, 0) / count : NaN,
    wrong,
    cells: members.map((m) => Uint32Array.from(m)),
  };
}
