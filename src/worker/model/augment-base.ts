// The common ground of the six Keras augmentation layers as tfjs layers: they
// change images only when called with { training: true } and pass them
// through unchanged otherwise (evaluate, predict), like Keras' preprocessing
// layers. Each draws its random numbers from its own seeded generator, one
// draw per image per batch, so a run's seed fixes every augmentation it sees.
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../data/random';
import type { Factor } from '../../model/layers';

type Kwargs = Record<string, unknown>;
export type Random = () => number;

/** What every augmentation layer's constructor takes besides its own (Keras-named) arguments. */
export interface AugmentBaseArgs {
  name?: string;
  inputShape?: number[];
  batchInputShape?: (number | null)[];
  trainable?: boolean;
  seed?: number;
}

export const uniform = (rand: Random, lo: number, hi: number): number => lo + (hi - lo) * rand();

/** A Keras factor as it appears in get_config(): a number or a [low, high] list. */
export const factorConfig = (f: Factor | null): number | number[] | null => (Array.isArray(f) ? [...f] : f);

export abstract class TrainingOnlyLayer extends tf.layers.Layer {
  protected rand: Random;
  protected readonly seed: number;
  constructor(config: AugmentBaseArgs) {
    super({
      name: config.name,
      inputShape: config.inputShape,
      batchInputShape: config.batchInputShape,
      trainable: config.trainable,
    });
    this.seed = config.seed ?? 1;
    this.rand = mulberry32(this.seed);
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]) {
    return shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true) return x.clone();
    return tf.tidy(() => this.augment(x as tf.Tensor4D));
  }
  protected abstract augment(x: tf.Tensor4D): tf.Tensor4D;
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}
