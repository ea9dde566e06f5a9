// Optimizers with Keras' defaults, so the textbook's settings mean the same here.
import * as tf from '@tensorflow/tfjs';
import { fusedRmsprop } from '../kernels/wasm/rmsprop';
import { OPTIMIZER_CONSTANTS as K, type OptimizerName } from '../model/training';

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'rmsprop':
      // On WASM one fused kernel per variable does what tfjs does in ~10 ops (src/kernels/wasm/rmsprop.ts).
      return (
        fusedRmsprop(learningRate, K.rmsprop.rho, K.rmsprop.momentum, K.rmsprop.epsilon) ??
        tf.train.rmsprop(learningRate, K.rmsprop.rho, K.rmsprop.momentum, K.rmsprop.epsilon)
      );
    case 'adam':
      return tf.train.adam(learningRate, K.adam.beta_1, K.adam.beta_2, K.adam.epsilon);
    case 'sgd':
      // "SGD with momentum": Keras' SGD(momentum=0.9).
      return tf.train.momentum(learningRate, K.sgd.momentum);
  }
}
