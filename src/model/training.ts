// Facts about training that the page, the worker and the Keras exporter all
// need, kept once here (pure: no tfjs). The worker's optimizers, the Train
// settings panel and the exported Keras code read the same numbers; the
// worker, the Train view and the bench page the same backend names.
import type { Architecture } from './layers';

/** The tfjs backends the lab trains on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** What the student picks: a backend, or `auto` (measured trials decide). */
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
/**
 * The one order backends are preferred in: a GPU first (it leaves the processor free for the page), then
 * WASM, then the plain CPU. `auto` tries its candidates in this order and breaks near-ties by it, and the
 * untimed start after a reload walks it (worker/choose-backend.ts).
 */
export const BACKEND_PREFERENCE: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Each backend's name in messages, the badge and the settings. */
export const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/**
 * WASM: more kernel threads are kept only when their steps are at least this
 * much faster than with fewer (worker/thread-trial.ts): the extra thread takes
 * the core the page's charts and progress run on, so a small gain is not worth
 * a busier page.
 */
export const KERNEL_THREADS_MIN_GAIN = 1.2;

export type OptimizerName = 'rmsprop' | 'adam' | 'sgd';
export const OPTIMIZERS: readonly OptimizerName[] = ['rmsprop', 'adam', 'sgd'];

/** Keras' default learning rates. */
export const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = { rmsprop: 0.001, adam: 0.001, sgd: 0.01 };

/**
 * Every constant of each optimizer besides the learning rate, with Keras 3's
 * argument names. RMSprop and Adam are Keras' defaults; SGD is "SGD with
 * momentum" (Keras' SGD(momentum=0.9)), as the lab has always trained it.
 */
export const OPTIMIZER_CONSTANTS = {
  rmsprop: { rho: 0.9, momentum: 0, epsilon: 1e-7 },
  adam: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
  sgd: { momentum: 0.9 },
} as const satisfies Record<OptimizerName, Record<string, number>>;

/** The Keras class name of each optimizer, as exported code writes it. */
export const OPTIMIZER_KERAS_CLASS: Record<OptimizerName, string> = { rmsprop: 'RMSprop', adam: 'Adam', sgd: 'SGD' };

/**
 * What the pixels (0-255 bytes) are multiplied by before they enter the model.
 * A model with a Rescaling layer or a pretrained base gets raw pixel values, as in the textbook's
 * cats-vs-dogs models; one without gets them divided by 255, as the textbook
 * preprocesses MNIST (`train_images.astype("float32") / 255`).
 */
export function pixelScale(arch: Pick<Architecture, 'layers'>): number {
  // A pretrained base's preprocess_input takes 0-255 pixels, as Keras' image_dataset_from_directory gives them.
  return arch.layers.some((l) => l.type === 'Rescaling' || l.type === 'Base') ? 1 : 1 / 255;
}
