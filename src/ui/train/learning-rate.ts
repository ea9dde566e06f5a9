// Whether a learning rate is far outside what trains a convnet, and what to
// expect if it is: shown under the field while the student types.
import { DEFAULT_LEARNING_RATE, type OptimizerName } from '../../model/training';

const NAME: Record<OptimizerName, string> = { rmsprop: 'RMSprop', adam: 'Adam', sgd: 'SGD' };
/**
 * Usual ranges: adaptive optimizers train convnets between about 1e-5 and 0.01
 * (Keras' default 0.001); SGD with momentum between about 1e-4 and 0.1. The
 * warning fires only a factor of 10 beyond them, so an unusual but workable
 * rate is never nagged about; it is a hint, training still starts.
 */
const USUAL: Record<OptimizerName, [number, number]> = { rmsprop: [1e-5, 0.01], adam: [1e-5, 0.01], sgd: [1e-4, 0.1] };

export function learningRateWarning(rate: number, optimizer: OptimizerName): string | null {
  if (!Number.isFinite(rate) || rate <= 0) return null;
  const [lo, hi] = USUAL[optimizer];
  const usual = `${NAME[optimizer]} usually trains between ${lo} and ${hi} (Keras' default is ${DEFAULT_LEARNING_RATE[optimizer]})`;
  if (rate > hi * 10) return `${rate} is far above the usual range: the loss will probably blow up to NaN. ${usual}.`;
  if (rate < lo / 10)
    return `${rate} is far below the usual range: the weights will barely change and the loss will hardly fall. ${usual}.`;
  return null;
}
