// Optimizers with Keras' defaults, so the textbook's settings mean the same here.
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './protocol';

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      // "SGD with momentum": Keras' SGD(momentum=0.9).
      return tf.train.momentum(learningRate, 0.9);
  }
}
