// Keras 3's RandomFlip: per image, one uniform draw u; the image is flipped
// when u <= 0.5. In "horizontal_and_vertical" mode the same draw flips both
// axes (Keras 3 reuses one `flips` mask), so half the images turn by 180° and
// the others stay as they are; tf.keras 2 drew the two flips independently.
import * as tf from '@tensorflow/tfjs';
import type { FlipMode } from '../../model/layers';
import { TrainingOnlyLayer, type AugmentBaseArgs } from './augment-base';

export class RandomFlipLayer extends TrainingOnlyLayer {
  static className = 'RandomFlip';
  private readonly mode: FlipMode;
  constructor(config: AugmentBaseArgs & { mode?: FlipMode }) {
    super(config);
    // A loaded model.json's strings come back camelCased by tfjs ("horizontalAndVertical").
    this.mode = (config.mode ?? 'horizontal_and_vertical').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as FlipMode;
  }
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const n = x.shape[0];
    const flips = Array.from({ length: n }, () => (this.rand() <= 0.5 ? 1 : 0));
    const mask = tf.broadcastTo(tf.tensor4d(flips, [n, 1, 1, 1], 'bool'), x.shape);
    let out: tf.Tensor4D = x;
    if (this.mode !== 'vertical') out = tf.where(mask, tf.reverse(out, 2), out);
    if (this.mode !== 'horizontal') out = tf.where(mask, tf.reverse(out, 1), out);
    return out;
  }
  override getConfig() {
    return { ...super.getConfig(), mode: this.mode };
  }
}
