// The layer stack as plain data. Everything else (summary, editor, tfjs
// builder, Keras export) reads these objects; nothing here knows tfjs.
import type { BaseName, MobileNetV2Alpha } from './bases/types';
import type { TfjsBaseModel, TfjsPreprocess } from './bases/tfjs-types';
import type { ImageShape } from './shape';

export type Pair = [number, number];
export type Padding = 'valid' | 'same';
export type Activation = 'relu' | 'sigmoid' | 'softmax' | 'tanh' | 'linear';
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';
/** How Keras fills pixels that a transform brings in from outside the image. */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
export type Interpolation = 'bilinear' | 'nearest';
/** A Keras factor: a number f means the range (-f, f); a pair is (low, high). */
export type Factor = number | [number, number];

export const FLIP_MODES: readonly FlipMode[] = ['horizontal', 'vertical', 'horizontal_and_vertical'];
export const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
export const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];

export interface RescalingLayer {
  type: 'Rescaling';
  scale: number;
  offset: number;
}
export interface RandomFlipLayer {
  type: 'RandomFlip';
  mode: FlipMode;
}
export interface RandomRotationLayer {
  type: 'RandomRotation';
  factor: Factor;
  fillMode: FillMode;
  interpolation: Interpolation;
  fillValue: number;
}
/** widthFactor null is Keras' None: the width zooms by the same draw as the height (aspect ratio kept). */
export interface RandomZoomLayer {
  type: 'RandomZoom';
  heightFactor: Factor;
  widthFactor: Factor | null;
  fillMode: FillMode;
  interpolation: Interpolation;
  fillValue: number;
}
export interface RandomTranslationLayer {
  type: 'RandomTranslation';
  heightFactor: Factor;
  widthFactor: Factor;
  fillMode: FillMode;
  interpolation: Interpolation;
  fillValue: number;
}
export interface RandomContrastLayer {
  type: 'RandomContrast';
  factor: Factor;
  valueRange: [number, number];
}
export interface RandomBrightnessLayer {
  type: 'RandomBrightness';
  factor: Factor;
  valueRange: [number, number];
}
export interface Conv2DLayer {
  type: 'Conv2D';
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  activation: Activation;
}
export interface MaxPooling2DLayer {
  type: 'MaxPooling2D';
  poolSize: Pair;
  strides: Pair | null;
  padding: Padding;
}
export interface AveragePooling2DLayer {
  type: 'AveragePooling2D';
  poolSize: Pair;
  strides: Pair | null;
  padding: Padding;
}
export interface GlobalAveragePooling2DLayer {
  type: 'GlobalAveragePooling2D';
}
export interface BatchNormalizationLayer {
  type: 'BatchNormalization';
}
export interface DropoutLayer {
  type: 'Dropout';
  rate: number;
}
export interface FlattenLayer {
  type: 'Flatten';
}
export interface DenseLayer {
  type: 'Dense';
  units: number;
  activation: Activation;
}

/**
 * A pretrained convolutional base (keras.applications, include_top=False, pooling=None) with its own
 * preprocess_input, as one block at the start of the stack. Its layers are in src/model/bases/.
 */
export interface KerasBaseLayer {
  type: 'Base';
  base: BaseName;
  /** MobileNetV2's width multiplier; VGG16 ignores it. */
  alpha: MobileNetV2Alpha;
  /** The first base layer that trains (Keras name, e.g. block5_conv1); null keeps the whole base frozen. */
  fineTuneFrom: string | null;
}

/**
 * A TensorFlow.js LayersModel kept in this browser (Teachable Machine's MobileNet, ...) as the base: `file` names
 * the kept base, `model` is what it is (null until the kept file is found: a share link carries the name only).
 */
export interface TfjsBaseLayer {
  type: 'Base';
  base: 'tfjs';
  /** Unused (kept so every base has the same fields). */
  alpha: MobileNetV2Alpha;
  fineTuneFrom: string | null;
  tfjs: { file: string; preprocess: TfjsPreprocess; model: TfjsBaseModel | null };
}

export type PretrainedBaseLayer = KerasBaseLayer | TfjsBaseLayer;

/** One layer's configuration, without identity. */
export type LayerConfig =
  | RescalingLayer
  | RandomFlipLayer
  | RandomRotationLayer
  | RandomZoomLayer
  | RandomTranslationLayer
  | RandomContrastLayer
  | RandomBrightnessLayer
  | Conv2DLayer
  | MaxPooling2DLayer
  | AveragePooling2DLayer
  | GlobalAveragePooling2DLayer
  | BatchNormalizationLayer
  | DropoutLayer
  | FlattenLayer
  | DenseLayer
  | PretrainedBaseLayer;

export type LayerType = LayerConfig['type'];

/** A layer in the student's stack: its config plus a stable id for React keys and drag and drop. */
export type LayerSpec = LayerConfig & { id: string };

/** The model's input: the lab's one image-shape type (shape.ts). */
export type InputShape = ImageShape;

/** The whole architecture: what the summary, the trainer and the exporter need. */
export interface Architecture {
  input: InputShape;
  layers: LayerSpec[];
  /** Number of classes of the task (from the dataset, or the preset's). */
  numClasses: number;
}

/** Layer types in the order the "add layer" menu lists them, grouped by role. */
export const LAYER_TYPES: readonly LayerType[] = [
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'Flatten',
  'Dense',
  'Dropout',
  'BatchNormalization',
  'Rescaling',
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
  'Base',
];

/** The class Keras prints for a layer: a base is a nested `Functional` model. */
export const kerasClassName = (type: LayerType): string => (type === 'Base' ? 'Functional' : type);

/** Sensible defaults, the ones a Keras user would type first. */
export function defaultLayer(type: LayerType): LayerConfig {
  switch (type) {
    case 'Rescaling':
      return { type, scale: 1 / 255, offset: 0 };
    case 'RandomFlip':
      return { type, mode: 'horizontal' };
    // Keras 3's defaults for everything but the factors (which Keras requires).
    case 'RandomRotation':
      return { type, factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 };
    case 'RandomZoom':
      return {
        type,
        heightFactor: 0.2,
        widthFactor: null,
        fillMode: 'reflect',
        interpolation: 'bilinear',
        fillValue: 0,
      };
    case 'RandomTranslation':
      return {
        type,
        heightFactor: 0.1,
        widthFactor: 0.1,
        fillMode: 'reflect',
        interpolation: 'bilinear',
        fillValue: 0,
      };
    case 'RandomContrast':
      return { type, factor: 0.2, valueRange: [0, 255] };
    case 'RandomBrightness':
      return { type, factor: 0.2, valueRange: [0, 255] };
    case 'Conv2D':
      return { type, filters: 32, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' };
    case 'MaxPooling2D':
      return { type, poolSize: [2, 2], strides: null, padding: 'valid' };
    case 'AveragePooling2D':
      return { type, poolSize: [2, 2], strides: null, padding: 'valid' };
    case 'GlobalAveragePooling2D':
      return { type };
    case 'BatchNormalization':
      return { type };
    case 'Dropout':
      return { type, rate: 0.5 };
    case 'Flatten':
      return { type };
    case 'Dense':
      return { type, units: 64, activation: 'relu' };
    case 'Base':
      return { type, base: 'vgg16', alpha: 1.0, fineTuneFrom: null };
  }
}

let idCounter = 0;
/** Ids only need to be unique within one page's lifetime plus what was persisted. */
export function newLayerId(): string {
  idCounter += 1;
  return `l${Date.now().toString(36)}${idCounter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export function withId(config: LayerConfig, id: string = newLayerId()): LayerSpec {
  return { ...config, id } as LayerSpec;
}

/** Strip the id: the config alone, e.g. for duplicating. */
export function configOf(layer: LayerSpec): LayerConfig {
  const { id: _id, ...config } = layer;
  return config as LayerConfig;
}

const AUGMENTATIONS: ReadonlySet<LayerType> = new Set<LayerType>([
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
]);

/** The six Keras preprocessing layers that change images only while training. */
export const isAugmentation = (t: LayerType): boolean => AUGMENTATIONS.has(t);

/**
 * Indices of the augmentation layers the stack starts with (before any other
 * layer): the ones that see the raw input, as in the textbook's
 * `data_augmentation` block, and the ones the augmentation preview shows.
 */
export function leadingAugmentations(layers: readonly Pick<LayerConfig, 'type'>[]): number[] {
  const out: number[] = [];
  for (const [i, l] of layers.entries()) {
    if (!isAugmentation(l.type)) break;
    out.push(i);
  }
  return out;
}

/**
 * Keras' (lower, upper) bounds of a factor: a number f gives (-|f|, |f|), a
 * pair is sorted (as Keras' `_set_factor` does).
 */
export function factorRange(f: Factor): [number, number] {
  if (typeof f === 'number') return [-Math.abs(f), Math.abs(f)];
  return f[0] <= f[1] ? [f[0], f[1]] : [f[1], f[0]];
}
