// Optimizers with Keras' defaults, so the textbook's settings mean the same here.
import * as tf from '@tensorflow/tfjs';
import { fusedRmsprop } from '../kernels/wasm/rmsprop';
import type { OptimizerName } from './protocol';

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'rmsprop':
      // On WASM one fused kernel per variable does what tfjs does in ~10 ops (src/kernels/wasm/rmsprop.ts).
      return fusedRmsprop(learningRate, 0.9, 0, 1e-7) ?? tf.train.rmsprop(learningRate, 0.9, 0, 1e-7);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      // "SGD with momentum": Keras' SGD(momentum=0.9).
      return tf.train.momentum(learningRate, 0.9);
  }
}
