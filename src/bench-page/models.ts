// The two textbook models in plain tf.layers (not the app's builder), so the
// bench has a baseline that owes nothing to the lab's own code.
import * as tf from '@tensorflow/tfjs';
import type { BenchModel } from './protocol';

function convBlock(model: tf.Sequential, filters: number, inputShape?: number[]): void {
  model.add(tf.layers.conv2d({ filters, kernelSize: 3, activation: 'relu', ...(inputShape ? { inputShape } : {}) }));
}

export function buildBenchModel(name: BenchModel): { model: tf.Sequential; inputShape: [number, number, number]; classes: number } {
  const model = tf.sequential();
  if (name === 'mnist-convnet') {
    convBlock(model, 32, [28, 28, 1]);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    convBlock(model, 64);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    convBlock(model, 128);
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'categoricalCrossentropy' });
    return { model, inputShape: [28, 28, 1], classes: 10 };
  }
  model.add(tf.layers.rescaling({ scale: 1 / 255, inputShape: [180, 180, 3] }));
  for (const filters of [32, 64, 128, 256]) {
    convBlock(model, filters);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  convBlock(model, 256);
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'binaryCrossentropy' });
  return { model, inputShape: [180, 180, 3], classes: 2 };
}

/** Random images and labels, made once and reused for every batch. */
export function randomBatch(inputShape: [number, number, number], classes: number, batchSize: number, model: BenchModel): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomUniform([batchSize, ...inputShape], 0, model === 'catsdogs' ? 255 : 1, 'float32', 42);
    const labels = tf.randomUniform([batchSize], 0, classes, 'int32', 7);
    const y = classes === 2 ? tf.cast(labels, 'float32').reshape([batchSize, 1]) : tf.oneHot(labels, classes);
    return { x, y };
  });
}
