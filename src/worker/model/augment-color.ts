// Keras 3's RandomContrast and RandomBrightness: one random amount per image
// (all its pixels and channels), the result clipped to value_range.
import * as tf from '@tensorflow/tfjs';
import { factorRange, type Factor } from '../../model/layers';
import { TrainingOnlyLayer, factorConfig, uniform, type AugmentBaseArgs } from './augment-base';

type ValueRange = [number, number];
const sortedRange = (r: ValueRange | undefined): ValueRange => {
  const [a, b] = r ?? [0, 255];
  return a <= b ? [a, b] : [b, a];
};

/** A colour layer: a Keras factor and the value_range its results are clipped to (the same two arguments for both). */
abstract class ValueRangeLayer extends TrainingOnlyLayer {
  protected readonly factor: Factor;
  protected readonly valueRange: ValueRange;
  constructor(config: AugmentBaseArgs & { factor: Factor; valueRange?: ValueRange }) {
    super(config);
    this.factor = config.factor;
    this.valueRange = sortedRange(config.valueRange);
  }
  override getConfig() {
    return { ...super.getConfig(), factor: factorConfig(this.factor), valueRange: [...this.valueRange] };
  }
}

/**
 * Per image, c = uniform(1 - lower, 1 + upper) and every pixel becomes
 * (x - mean) · c + mean, with the mean taken over height and width per
 * channel. A single number f means lower = upper = f, as Keras documents
 * ("0.2" gives c in [0.8, 1.2]). Keras 3.9's code clamps that lower bound to
 * 0 (its _FACTOR_BOUNDS), which would only ever raise the contrast; the lab
 * follows the documented range, the one tf.keras always had.
 */
export class RandomContrastLayer extends ValueRangeLayer {
  static className = 'RandomContrast';
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const n = x.shape[0];
    const [lower, upper] = typeof this.factor === 'number' ? [this.factor, this.factor] : this.factor;
    const c = tf.tensor4d(
      Array.from({ length: n }, () => uniform(this.rand, 1 - lower, 1 + upper)),
      [n, 1, 1, 1],
    );
    const mean = tf.mean(x, [1, 2], true);
    return tf.clipByValue(tf.add(tf.mul(tf.sub(x, mean), c), mean), this.valueRange[0], this.valueRange[1]);
  }
}

/** Per image, delta = uniform(lower, upper) · (high - low of value_range) is added to every pixel, then clipped. */
export class RandomBrightnessLayer extends ValueRangeLayer {
  static className = 'RandomBrightness';
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const n = x.shape[0];
    const [lo, hi] = factorRange(this.factor);
    const span = this.valueRange[1] - this.valueRange[0];
    const delta = tf.tensor4d(
      Array.from({ length: n }, () => uniform(this.rand, lo, hi) * span),
      [n, 1, 1, 1],
    );
    return tf.clipByValue(tf.add(x, delta), this.valueRange[0], this.valueRange[1]);
  }
}
