// The textbook's models, ready to train. Ids are part of the test contract.
import { withId, type Architecture, type LayerConfig } from './layers';

export type PresetId =
  'mnist-convnet' | 'mnist-no-pool' | 'mnist-dense' | 'catsdogs-naive' | 'catsdogs-augmented' | 'custom';

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  /** What Keras prints as "Total params" for this model. */
  expectedParams: number;
  build: () => Architecture;
}

const conv = (filters: number): LayerConfig => ({
  type: 'Conv2D',
  filters,
  kernelSize: [3, 3],
  strides: [1, 1],
  padding: 'valid',
  activation: 'relu',
});
const pool: LayerConfig = { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' };
const flatten: LayerConfig = { type: 'Flatten' };
const dense = (units: number, activation: 'relu' | 'softmax' | 'sigmoid'): LayerConfig => ({
  type: 'Dense',
  units,
  activation,
});

const mnist = (layers: LayerConfig[]): Architecture => ({
  input: { height: 28, width: 28, channels: 1 },
  layers: layers.map((l) => withId(l)),
  numClasses: 10,
});

const catsDogsBody: LayerConfig[] = [
  { type: 'Rescaling', scale: 1 / 255, offset: 0 },
  conv(32),
  pool,
  conv(64),
  pool,
  conv(128),
  pool,
  conv(256),
  pool,
  conv(256),
  flatten,
];

const catsDogs = (layers: LayerConfig[]): Architecture => ({
  input: { height: 180, width: 180, channels: 3 },
  layers: layers.map((l) => withId(l)),
  numClasses: 2,
});

export const PRESETS: readonly Preset[] = [
  {
    id: 'mnist-convnet',
    label: 'MNIST convnet',
    description: "Three Conv2D layers with max-pooling between them: the chapter's first convnet (99% on MNIST).",
    expectedParams: 104_202,
    build: () => mnist([conv(32), pool, conv(64), pool, conv(128), flatten, dense(10, 'softmax')]),
  },
  {
    id: 'mnist-no-pool',
    label: 'MNIST convnet without max-pooling',
    description: 'The same convolutions with no downsampling: a huge Dense layer and a tiny receptive field.',
    expectedParams: 712_202,
    build: () => mnist([conv(32), conv(64), conv(128), flatten, dense(10, 'softmax')]),
  },
  {
    id: 'mnist-dense',
    label: 'MNIST densely connected',
    description: "The earlier chapter's Dense network (about 97.8% on MNIST), for comparison.",
    expectedParams: 407_050,
    build: () => mnist([flatten, dense(512, 'relu'), dense(10, 'softmax')]),
  },
  {
    id: 'catsdogs-naive',
    label: 'Cats vs dogs from scratch',
    description: 'Five Conv2D blocks on 180x180 colour images; overfits quickly (about 70-75% test accuracy).',
    expectedParams: 991_041,
    build: () => catsDogs([...catsDogsBody, dense(1, 'sigmoid')]),
  },
  {
    id: 'catsdogs-augmented',
    label: 'Cats vs dogs with augmentation and dropout',
    description: 'Random flips, rotations and zooms plus Dropout(0.5): about 80-85% test accuracy.',
    expectedParams: 991_041,
    build: () =>
      catsDogs([
        // The textbook's data_augmentation: RandomFlip("horizontal"), RandomRotation(0.1), RandomZoom(0.2)
        // (width_factor None), Keras' defaults otherwise.
        { type: 'RandomFlip', mode: 'horizontal' },
        { type: 'RandomRotation', factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
        {
          type: 'RandomZoom',
          heightFactor: 0.2,
          widthFactor: null,
          fillMode: 'reflect',
          interpolation: 'bilinear',
          fillValue: 0,
        },
        ...catsDogsBody,
        { type: 'Dropout', rate: 0.5 },
        dense(1, 'sigmoid'),
      ]),
  },
];

/**
 * "Custom model": an empty stack with only the input (MNIST-sized; change it
 * above), to build a model layer by layer. Kept out of PRESETS, which lists
 * the textbook's trainable models (every one has a Keras parameter count).
 */
export const CUSTOM_PRESET: Preset = {
  id: 'custom',
  label: 'Custom model (start empty)',
  description:
    'Only the input is there: add layers below, for example Conv2D, MaxPooling2D, Flatten and a Dense layer with softmax, one unit per class.',
  expectedParams: 0,
  build: () => mnist([]),
};

export const DEFAULT_PRESET: PresetId = 'mnist-convnet';

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id) ?? (id === CUSTOM_PRESET.id ? CUSTOM_PRESET : undefined);
}
