// Weight files in the exact layout of the ones keras.applications downloads, with seeded random values: what the
// tests (unit and e2e) read instead of the real 58.9 MB / 1.7-14 MB files, which no test may download. VGG16's
// file is Keras 1's (`block1_conv1_W_1:0`, flat), MobileNetV2's Keras 2's (`Conv1/Conv1/kernel:0`, nested);
// either base can be written in either naming, so both reader paths are tested on both architectures.
import { seededRandom } from '../../data/random';
import { baseLayers, BASE_DEFAULT_SIZE } from '../../model/bases/spec';
import type { BaseRef } from '../../model/bases/weights';
import { writeH5 } from './file';
import { writeLegacyWeights, type LegacyLayerToWrite, type LegacyNaming } from './legacy-weights';

export interface BaseFixtureOptions {
  seed?: number;
  /** Default: each base's real file's naming (VGG16 keras1, MobileNetV2 nested). */
  naming?: LegacyNaming;
  /** Change the layout to make damaged files: drop or alter layers before writing. */
  edit?: (layers: LegacyLayerToWrite[]) => LegacyLayerToWrite[];
}

/**
 * Values a real network could hold: kernels uniform within ±sqrt(3 / fan-in) (unit variance through a layer, so
 * features neither vanish nor blow up over VGG16's 13 convolutions), biases and BatchNorm betas/means small,
 * gammas near 1, moving variances in [0.5, 1.5].
 */
function fixtureValues(role: string, shape: readonly number[], random: () => number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const fanIn = shape.length === 4 ? shape[0]! * shape[1]! * (role === 'depthwise_kernel' ? 1 : shape[2]!) : 1;
  const [low, high] =
    role === 'kernel' || role === 'depthwise_kernel'
      ? [-Math.sqrt(3 / fanIn), Math.sqrt(3 / fanIn)]
      : role === 'gamma'
        ? [0.8, 1.2]
        : role === 'moving_variance'
          ? [0.5, 1.5]
          : [-0.1, 0.1];
  for (let i = 0; i < n; i++) out[i] = low + (high - low) * random();
  return out;
}

/** The layers a fixture holds, every layer of the base listed (as Keras lists them), values seeded. */
export function baseFixtureLayers(ref: BaseRef, seed = 1): LegacyLayerToWrite[] {
  const random = seededRandom(seed, `base-fixture:${ref.base}:${'alpha' in ref ? ref.alpha : ''}`);
  return baseLayers(ref, BASE_DEFAULT_SIZE, BASE_DEFAULT_SIZE).map((l) => ({
    layer: l.name,
    weights: l.weights.map((w) => ({ role: w.role, shape: w.shape, values: fixtureValues(w.role, w.shape, random) })),
  }));
}

/** A fixture file's bytes. */
export async function baseFixtureFile(ref: BaseRef, options: BaseFixtureOptions = {}): Promise<Uint8Array> {
  const naming = options.naming ?? (ref.base === 'vgg16' ? 'keras1' : 'nested');
  let layers = baseFixtureLayers(ref, options.seed);
  if (options.edit) layers = options.edit(layers);
  return writeH5((file) => writeLegacyWeights(file, layers, naming));
}

/** The weights a reader must find in a fixture: its layers with weights, in order. */
export const fixtureWeights = (layers: readonly LegacyLayerToWrite[]): { layer: string; values: Float32Array[] }[] =>
  layers.filter((l) => l.weights.length > 0).map((l) => ({ layer: l.layer, values: l.weights.map((w) => w.values) }));
