// The textbook's models, ready to train. Ids are part of the test contract.
import { withId, type Architecture, type LayerConfig } from './layers';
import type { OptimizerName } from './training';

export type PresetId =
  | 'mnist-convnet'
  | 'mnist-no-pool'
  | 'mnist-dense'
  | 'catsdogs-naive'
  | 'catsdogs-augmented'
  | 'vgg16-feature-extraction'
  | 'vgg16-feature-extraction-augmented'
  | 'vgg16-fine-tuning'
  | 'mobilenet-v2-feature-extraction'
  | 'custom';

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  /** What Keras prints as "Total params" for this model. */
  expectedParams: number;
  build: () => Architecture;
  /** The optimizer and learning rate the textbook trains this model with, where they differ from Keras' defaults. */
  training?: { optimizer: OptimizerName; learningRate: number };
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

// The textbook's data_augmentation: RandomFlip("horizontal"), RandomRotation(0.1), RandomZoom(0.2)
// (width_factor None), Keras' defaults otherwise.
const augmentation: LayerConfig[] = [
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
];

const vgg16 = (fineTuneFrom: string | null): LayerConfig => ({ type: 'Base', base: 'vgg16', alpha: 1.0, fineTuneFrom });
/** The textbook's head on VGG16's (5, 5, 512) features: Flatten, Dense(256), Dropout(0.5), Dense(1, sigmoid). */
const vggHead: LayerConfig[] = [flatten, dense(256, 'relu'), { type: 'Dropout', rate: 0.5 }, dense(1, 'sigmoid')];

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
    build: () => catsDogs([...augmentation, ...catsDogsBody, { type: 'Dropout', rate: 0.5 }, dense(1, 'sigmoid')]),
  },
  {
    id: 'vgg16-feature-extraction',
    label: 'Cats vs dogs: VGG16 features (fast)',
    description:
      "A frozen VGG16 trained on ImageNet, then the textbook's small classifier, without augmentation: each image's features never change, so the textbook computes them once and trains only the head on them, in seconds (about 97% test accuracy).",
    expectedParams: 17_992_001,
    build: () => catsDogs([vgg16(null), ...vggHead]),
  },
  {
    id: 'vgg16-feature-extraction-augmented',
    label: 'Cats vs dogs: frozen VGG16 with augmentation',
    description:
      'The same frozen VGG16 inside the model, with augmentation before it: every epoch runs the base over new variants of the images (slow, best with a GPU). About 97.5% test accuracy.',
    expectedParams: 17_992_001,
    build: () => catsDogs([...augmentation, vgg16(null), ...vggHead]),
  },
  {
    id: 'vgg16-fine-tuning',
    label: 'Cats vs dogs: fine-tuning VGG16 from block5_conv1',
    description:
      "VGG16's last block (block5_conv1 to block5_conv3) trains together with the head, at a low learning rate (RMSprop 1e-5) so the pretrained filters are adjusted, not destroyed. Train the head frozen first. About 98.5% test accuracy.",
    expectedParams: 17_992_001,
    build: () => catsDogs([...augmentation, vgg16('block5_conv1'), ...vggHead]),
    training: { optimizer: 'rmsprop', learningRate: 1e-5 },
  },
  {
    id: 'mobilenet-v2-feature-extraction',
    label: 'MobileNetV2 features (160x160)',
    description:
      "A frozen MobileNetV2 (alpha 1.0, 2.3 million parameters, built for phones) at 160x160, then GlobalAveragePooling2D, Dropout(0.2) and one sigmoid unit, as in TensorFlow's transfer-learning tutorial: far faster than VGG16 in a browser.",
    expectedParams: 2_259_265,
    build: () => ({
      input: { height: 160, width: 160, channels: 3 },
      layers: [
        { type: 'Base', base: 'mobilenet_v2', alpha: 1.0, fineTuneFrom: null } as LayerConfig,
        { type: 'GlobalAveragePooling2D' } as LayerConfig,
        { type: 'Dropout', rate: 0.2 } as LayerConfig,
        dense(1, 'sigmoid'),
      ].map((l) => withId(l)),
      numClasses: 2,
    }),
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
