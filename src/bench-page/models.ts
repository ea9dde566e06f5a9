// The two textbook models in plain tf.layers (not the app's builder), so the
// bench has a baseline that owes nothing to the lab's own code.
import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../model/shape';
import type { BenchModel } from './protocol';

const dims = (s: ImageShape): [number, number, number] => [s.height, s.width, s.channels];
const MNIST: ImageShape = { height: 28, width: 28, channels: 1 };
const CATS_DOGS: ImageShape = { height: 180, width: 180, channels: 3 };

function convBlock(model: tf.Sequential, filters: number, inputShape?: number[]): void {
  model.add(tf.layers.conv2d({ filters, kernelSize: 3, activation: 'relu', ...(inputShape ? { inputShape } : {}) }));
}

export function buildBenchModel(name: BenchModel): { model: tf.Sequential; shape: ImageShape; classes: number } {
  const model = tf.sequential();
  if (name === 'mnist-convnet') {
    convBlock(model, 32, dims(MNIST));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    convBlock(model, 64);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    convBlock(model, 128);
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'categoricalCrossentropy' });
    return { model, shape: MNIST, classes: 10 };
  }
  model.add(tf.layers.rescaling({ scale: 1 / 255, inputShape: dims(CATS_DOGS) }));
  for (const filters of [32, 64, 128, 256]) {
    convBlock(model, filters);
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  }
  convBlock(model, 256);
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'binaryCrossentropy' });
  return { model, shape: CATS_DOGS, classes: 2 };
}

/** Random images and labels, made once and reused for every batch. */
export function randomBatch(
  shape: ImageShape,
  classes: number,
  batchSize: number,
  model: BenchModel,
): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomUniform([batchSize, ...dims(shape)], 0, model === 'catsdogs' ? 255 : 1, 'float32', 42);
    const labels = tf.randomUniform([batchSize], 0, classes, 'int32', 7);
    const y = classes === 2 ? tf.cast(labels, 'float32').reshape([batchSize, 1]) : tf.oneHot(labels, classes);
    return { x, y };
  });
}
