// A one-step self-test for a backend before it is trusted: a tiny convnet with
// fixed weights must give the loss computed here in plain JavaScript (catches
// a broken shader), and one SGD step must lower it (catches broken gradients).
import * as tf from '@tensorflow/tfjs';
import { batchLoss } from './losses';

const SIZE = 6;
const IMAGES = [0, 1].map((k) => Array.from({ length: SIZE * SIZE }, (_, i) => ((i * (k + 3)) % 7) / 7));
const LABELS = [0, 1];
const kernelValue = (i: number) => ((i % 5) - 2) / 10; // 3x3x1x2 kernel, fixed
const denseValue = (i: number) => ((i % 7) - 3) / 10; // 8x2 dense, fixed

/** conv 3x3 (2 filters, relu) -> maxpool 2x2 -> flatten -> dense 2 softmax -> cross-entropy, by hand. */
function referenceLoss(): number {
  let total = 0;
  IMAGES.forEach((img, n) => {
    const conv: number[][][] = []; // [y][x][f]
    for (let y = 0; y < 4; y++) {
      conv.push([]);
      for (let x = 0; x < 4; x++) {
        const out: number[] = [];
        for (let f = 0; f < 2; f++) {
          let s = 0;
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) s += img[(y + ky) * SIZE + x + kx]! * kernelValue((ky * 3 + kx) * 2 + f);
          out.push(Math.max(0, s));
        }
        conv[y]!.push(out);
      }
    }
    const flat: number[] = [];
    for (let y = 0; y < 2; y++)
      for (let x = 0; x < 2; x++)
        for (let f = 0; f < 2; f++)
          flat.push(
            Math.max(
              conv[2 * y]![2 * x]![f]!,
              conv[2 * y]![2 * x + 1]![f]!,
              conv[2 * y + 1]![2 * x]![f]!,
              conv[2 * y + 1]![2 * x + 1]![f]!,
            ),
          );
    const logits = [0, 1].map((o) => flat.reduce((s, v, i) => s + v * denseValue(i * 2 + o), 0));
    const max = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - max));
    total += -Math.log(exp[LABELS[n]!]! / (exp[0]! + exp[1]!));
  });
  return total / IMAGES.length;
}

/** Throws with what went wrong; resolves when the active backend trains correctly. */
export async function selfTest(): Promise<void> {
  const vars = [
    tf.variable(
      tf.tensor4d(
        Array.from({ length: 18 }, (_, i) => kernelValue(i)),
        [3, 3, 1, 2],
      ),
    ),
    tf.variable(
      tf.tensor2d(
        Array.from({ length: 16 }, (_, i) => denseValue(i)),
        [8, 2],
      ),
    ),
  ];
  const x = tf.tensor4d(IMAGES.flat(), [2, SIZE, SIZE, 1]);
  const y = tf.tensor1d(LABELS, 'int32');
  const forward = () => {
    const conv = tf.relu(tf.conv2d(x, vars[0] as tf.Variable<tf.Rank.R4>, 1, 'valid'));
    const pooled = tf.maxPool(conv, 2, 2, 'valid').reshape([2, 8]);
    return batchLoss(
      'sparse_categorical_crossentropy',
      tf.softmax(tf.matMul(pooled, vars[1] as tf.Variable<tf.Rank.R2>)),
      y,
    );
  };
  const optimizer = tf.train.sgd(0.5);
  try {
    const before = tf.tidy(forward);
    const first = (await before.data())[0]!;
    before.dispose();
    const expected = referenceLoss();
    if (!Number.isFinite(first) || Math.abs(first - expected) > 1e-3 * Math.max(1, expected))
      throw new Error(`wrong numbers in a forward pass (loss ${first.toFixed(5)}, expected ${expected.toFixed(5)})`);
    tf.tidy(() => void optimizer.minimize(forward, false, vars));
    const after = tf.tidy(forward);
    const second = (await after.data())[0]!;
    after.dispose();
    if (!(second < first))
      throw new Error(`a training step did not lower the loss (${first.toFixed(5)} → ${second.toFixed(5)})`);
  } finally {
    optimizer.dispose();
    tf.dispose([...vars, x, y]);
  }
}
