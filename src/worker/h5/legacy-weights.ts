// Keras' legacy weights layout (`model.save_weights("x.h5")` in Keras 1/2, and the `*_notop.h5` files
// keras.applications downloads), read as keras/src/legacy/saving/legacy_h5_format.py's
// load_weights_from_hdf5_group reads it: the root attribute `layer_names` (or its chunks `layer_names0`,
// `layer_names1`, ... when it outgrew HDF5's 64 KB header), each layer group's `weight_names`, the layers
// without weights dropped, and each array found at `<layer>/<weight name>`. The names only find the arrays;
// matching to the model is by position. VGG16's file names its arrays `block1_conv1_W_1:0` (flat), MobileNetV2's
// `Conv1/kernel:0` (a name with '/', so h5py nested it as Conv1/Conv1/kernel:0): both are the same walk.
import type { BaseLayerWeights } from '../../model/bases/weights';
import type { H5Reader, H5Writer } from './file';
import { H5FormatError } from './superblock';

export interface LegacyWeightsFile {
  /** Every name in `layer_names`, weights or not (input, pooling, ReLU layers included). */
  layerNames: string[];
  /** The layers that hold weights, in `layer_names` order, their arrays in `weight_names` order. */
  layers: BaseLayerWeights[];
  /** The root's `keras_version` and `backend`, where the file has them. */
  kerasVersion: string | null;
  backend: string | null;
}

/** An attribute as Keras' load_attributes_from_hdf5_group reads it, chunks included. */
export function legacyNames(file: H5Reader, path: string, name: string): string[] | undefined {
  const whole = file.strings(path, name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; ; i++) {
    const part = file.strings(path, `${name}${i}`);
    if (!part) return i === 0 ? undefined : chunks;
    chunks.push(...part);
  }
}

export function readLegacyWeights(file: H5Reader, what = 'This file'): LegacyWeightsFile {
  const layerNames = legacyNames(file, '', 'layer_names');
  if (!layerNames) {
    const keras3 = file.has('layers') || file.has('_layer_checkpoint_dependencies');
    throw new H5FormatError(
      keras3
        ? `${what} is a Keras 3 weights file (model.weights.h5), not the legacy layout of the files keras.applications downloads.`
        : `${what} is HDF5 but not a Keras weights file: it has no "layer_names" attribute.`,
    );
  }
  const layers: BaseLayerWeights[] = [];
  for (const layer of layerNames) {
    if (file.kind(layer) !== 'group')
      throw new H5FormatError(`${what} lists layer "${layer}" in layer_names but has no group for it.`);
    const weightNames = legacyNames(file, layer, 'weight_names') ?? [];
    if (weightNames.length === 0) continue;
    const weights = weightNames.map((name) => {
      const path = `${layer}/${name}`;
      if (file.kind(path) !== 'dataset')
        throw new H5FormatError(`${what}: layer "${layer}" names the weight "${name}" but the file has no such array.`);
      const { shape, values } = file.array(path);
      return { name, shape, values };
    });
    layers.push({ layer, weights });
  }
  return {
    layerNames,
    layers,
    kerasVersion: file.strings('', 'keras_version')?.[0] ?? null,
    backend: file.strings('', 'backend')?.[0] ?? null,
  };
}

/** How a file names its arrays: VGG16's Keras 1 names (`block1_conv1_W_1:0`) or Keras 2's nested paths. */
export type LegacyNaming = 'keras1' | 'nested';

export interface LegacyLayerToWrite {
  layer: string;
  /** Empty for a layer without weights (it is still listed in layer_names, as Keras does). */
  weights: { role: string; shape: readonly number[]; values: Float32Array }[];
}

const KERAS1_SUFFIX: Record<string, string> = {
  kernel: 'W',
  bias: 'b',
  depthwise_kernel: 'depthwise_kernel',
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'running_mean',
  moving_variance: 'running_std',
};

/** The array's name in the file, as each generation of Keras wrote it. */
export function legacyWeightName(naming: LegacyNaming, layer: string, role: string): string {
  return naming === 'keras1' ? `${layer}_${KERAS1_SUFFIX[role] ?? role}_1:0` : `${layer}/${role}:0`;
}

/** Writes the legacy layout (root `layer_names`, `backend`, `keras_version`; per layer `weight_names`, arrays). */
export function writeLegacyWeights(
  file: H5Writer,
  layers: readonly LegacyLayerToWrite[],
  naming: LegacyNaming,
  kerasVersion = naming === 'keras1' ? '1.1.0' : '2.1.2',
): void {
  file.strings(
    '',
    'layer_names',
    layers.map((l) => l.layer),
  );
  file.text('', 'backend', 'tensorflow');
  file.text('', 'keras_version', kerasVersion);
  for (const l of layers) {
    file.group(l.layer);
    const names = l.weights.map((w) => legacyWeightName(naming, l.layer, w.role));
    file.strings(l.layer, 'weight_names', names);
    l.weights.forEach((w, i) => file.float32(`${l.layer}/${names[i]}`, w.shape, w.values));
  }
}
