// The models, settings and datasets the export tests write scripts for: the
// checks of what a script says (keras.test.ts) and of whether Python compiles
// it (keras-compile.test.ts) use the same ones.
import { defaultLayer, LAYER_TYPES, withId, type Architecture } from '../model/layers';
import { PRESETS } from '../model/presets';
import { describeDataset, type DatasetDescription } from './dataset';
import type { ExportSettings } from './keras';
import type { ExportLayer } from './layers-py';

export const settings: ExportSettings = {
  epochs: 7,
  batchSize: 16,
  learningRate: 0.0005,
  optimizer: 'rmsprop',
  seed: 9,
  patience: 0,
};
export const load = { seed: 1337, fractions: { train: 0.6, val: 0.2, test: 0.2 }, maxPerClass: 0 };
export const mnistData = (arch: Architecture) =>
  describeDataset({ kind: 'builtin', builtin: 'mnist' }, { classNames: [...'0123456789'] }, null, load, arch.input);
export const folderData = (arch: Architecture, classNames = ['cat', 'dog']) =>
  describeDataset(
    { kind: 'folder', rootName: 'cats_vs_dogs_small', layout: 'classes', fileCount: 100 },
    { classNames },
    null,
    load,
    arch.input,
  );
export const dataFor = (id: string, arch: Architecture) =>
  id.startsWith('mnist') ? mnistData(arch) : folderData(arch);

/** Every layer type of the lab, some with arguments off their defaults, in one valid 64x48x3 model of 3 classes. */
export function everyLayerArch(): Architecture {
  const layers = LAYER_TYPES.map((t) => defaultLayer(t)).filter(
    // A base may only come first (after augmentation): its export has its own tests (base-py.test.ts).
    (l) => l.type !== 'Flatten' && l.type !== 'GlobalAveragePooling2D' && l.type !== 'Dense' && l.type !== 'Base',
  );
  const stack = [
    { type: 'Rescaling', scale: 0.5, offset: -1 },
    { type: 'RandomFlip', mode: 'vertical' },
    ...layers.filter((l) => l.type !== 'Rescaling' && l.type !== 'RandomFlip'),
    { type: 'Conv2D', filters: 8, kernelSize: [5, 3], strides: [2, 1], padding: 'same', activation: 'tanh' },
    { type: 'MaxPooling2D', poolSize: [3, 3], strides: [2, 2], padding: 'same' },
    { type: 'GlobalAveragePooling2D' },
    { type: 'Dense', units: 16, activation: 'linear' },
    { type: 'Dense', units: 3, activation: 'softmax' },
  ];
  return {
    input: { height: 64, width: 48, channels: 3 },
    layers: stack.map((l) => withId(l as never)),
    numClasses: 3,
  };
}

/** The agreed augmentation layers with every field off its default somewhere, and their Keras names. */
export const AUGMENTATION: { spec: ExportLayer[]; names: string[] } = {
  spec: [
    { type: 'RandomFlip', mode: 'horizontal_and_vertical' },
    { type: 'RandomRotation', factor: [-0.2, 0.3], fillMode: 'constant', interpolation: 'nearest', fillValue: 0.5 },
    {
      type: 'RandomZoom',
      heightFactor: 0.2,
      widthFactor: null,
      fillMode: 'reflect',
      interpolation: 'bilinear',
      fillValue: 0,
    },
    {
      type: 'RandomTranslation',
      heightFactor: 0.1,
      widthFactor: [-0.2, 0.1],
      fillMode: 'wrap',
      interpolation: 'bilinear',
      fillValue: 0,
    },
    { type: 'RandomContrast', factor: 0.3, valueRange: [0, 1] },
    { type: 'RandomBrightness', factor: [-0.1, 0.2], valueRange: [0, 255] },
  ],
  names: [
    'random_flip',
    'random_rotation',
    'random_zoom',
    'random_translation',
    'random_contrast',
    'random_brightness',
  ],
};

/** A two-class 28x28 grayscale model for a folder that comes in split folders. */
export function splitFoldersArch(): Architecture {
  const arch: Architecture = { ...PRESETS[0]!.build(), numClasses: 2, input: { height: 28, width: 28, channels: 1 } };
  arch.layers[arch.layers.length - 1] = withId({ type: 'Dense', units: 2, activation: 'softmax' });
  return arch;
}

/** A folder of classes a and b whose splits are these sub-folders (null: the folder lacks that split). */
export const splitFoldersData = (
  arch: Architecture,
  folders: DatasetDescription['splitFolders'],
): DatasetDescription => ({
  ...folderData(arch, ['a', 'b']),
  layout: 'splits',
  splitFolders: folders,
});

/** The MNIST convnet on the built-in Shapes (32x32 colour, 4 classes), and that dataset. */
export function shapesSetup(): { arch: Architecture; data: DatasetDescription } {
  const mnist = PRESETS[0]!.build();
  const arch: Architecture = {
    ...mnist,
    input: { height: 32, width: 32, channels: 3 },
    numClasses: 4,
    layers: mnist.layers.map((l) => (l.type === 'Dense' ? { ...l, units: 4 } : l)),
  };
  const data = describeDataset(
    { kind: 'builtin', builtin: 'shapes' },
    { classNames: ['circle', 'square', 'star', 'triangle'] },
    null,
    load,
    arch.input,
  );
  return { arch, data };
}
