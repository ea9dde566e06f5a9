// The textbook's two convnets in plain tf.layers for `npm run bench:gpu`
// (the same layers as src/bench-page/models.ts, which is TypeScript for the browser page).
import * as tf from '@tensorflow/tfjs';

export const SHAPES = { 'mnist-convnet': [28, 28, 1], catsdogs: [180, 180, 3] };

export function buildModel(name) {
  const model = tf.sequential();
  const conv = (filters, extra = {}) =>
    model.add(tf.layers.conv2d({ filters, kernelSize: 3, activation: 'relu', ...extra }));
  if (name === 'mnist-convnet') {
    conv(32, { inputShape: SHAPES[name] });
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    conv(64);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    conv(128);
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return { model, classes: 10 };
  }
  model.add(tf.layers.rescaling({ scale: 1 / 255, inputShape: SHAPES[name] }));
  for (const filters of [32, 64, 128, 256]) {
    conv(filters);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  conv(256);
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return { model, classes: 2 };
}

/** Mean cross-entropy (binary for one sigmoid unit), as the app's trainer computes it. */
export function loss(classes, predictions, labels) {
  return tf.tidy(() => {
    const p = tf.clipByValue(predictions, 1e-7, 1 - 1e-7);
    if (classes === 2) {
      const y = labels.toFloat().reshape([-1, 1]);
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
    }
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, classes), tf.log(p)), -1)));
  });
}
