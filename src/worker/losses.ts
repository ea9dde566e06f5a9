// The loss follows the output layer, as the textbook compiles its models:
// binary cross-entropy for one sigmoid unit, sparse categorical otherwise.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../model/infer';

/** Keras' backend epsilon: probabilities are clipped to [eps, 1 - eps] before the log. */
const EPSILON = 1e-7;

/**
 * A mean batch loss this high (90% of -ln(eps), the worst a clipped
 * cross-entropy can report) means nearly every image is confidently wrong:
 * the weights have blown up even if the clipping kept the number finite.
 */
export const DIVERGED_LOSS = -0.9 * Math.log(EPSILON);

/** Mean loss of a batch. `predictions` are probabilities (softmax or sigmoid outputs). */
export function batchLoss(loss: LossName, predictions: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.clipByValue(predictions, EPSILON, 1 - EPSILON);
    if (loss === 'binary_crossentropy') {
      const y = labels.toFloat().reshape([-1, 1]);
      const ll = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))));
      return tf.neg(tf.mean(ll));
    }
    const numClasses = predictions.shape[predictions.shape.length - 1]!;
    const picked = tf.sum(tf.mul(tf.oneHot(labels, numClasses), tf.log(p)), -1);
    return tf.neg(tf.mean(picked));
  });
}

/** Predicted class per image: argmax, or p > 0.5 for one sigmoid unit. */
export function predictedClasses(loss: LossName, predictions: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() =>
    loss === 'binary_crossentropy'
      ? tf.greater(predictions.reshape([-1]), 0.5).toInt()
      : tf.argMax(predictions, -1).toInt(),
  ) as tf.Tensor1D;
}

/** How many predictions in the batch are right, as a scalar. */
export function correctCount(loss: LossName, predictions: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(predictedClasses(loss, predictions), labels).toInt()));
}
