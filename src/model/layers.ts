// The layer stack as plain data. Everything else (summary, editor, tfjs
// builder, Keras export) reads these objects; nothing here knows tfjs.
import type { ImageShape } from './shape';

export type Pair = [number, number];
export type Padding = 'valid' | 'same';
export type Activation = 'relu' | 'sigmoid' | 'softmax' | 'tanh' | 'linear';
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

export interface RescalingLayer { type: 'Rescaling'; scale: number; offset: number }
export interface RandomFlipLayer { type: 'RandomFlip'; mode: FlipMode }
export interface RandomRotationLayer { type: 'RandomRotation'; factor: number }
export interface RandomZoomLayer { type: 'RandomZoom'; heightFactor: number; widthFactor: number }
export interface Conv2DLayer {
  type: 'Conv2D';
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  activation: Activation;
}
export interface MaxPooling2DLayer { type: 'MaxPooling2D'; poolSize: Pair; strides: Pair | null; padding: Padding }
export interface AveragePooling2DLayer { type: 'AveragePooling2D'; poolSize: Pair; strides: Pair | null; padding: Padding }
export interface GlobalAveragePooling2DLayer { type: 'GlobalAveragePooling2D' }
export interface BatchNormalizationLayer { type: 'BatchNormalization' }
export interface DropoutLayer { type: 'Dropout'; rate: number }
export interface FlattenLayer { type: 'Flatten' }
export interface DenseLayer { type: 'Dense'; units: number; activation: Activation }

/** One layer's configuration, without identity. */
export type LayerConfig =
  | RescalingLayer
  | RandomFlipLayer
  | RandomRotationLayer
  | RandomZoomLayer
  | Conv2DLayer
  | MaxPooling2DLayer
  | AveragePooling2DLayer
  | GlobalAveragePooling2DLayer
  | BatchNormalizationLayer
  | DropoutLayer
  | FlattenLayer
  | DenseLayer;

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
];

/** Sensible defaults, the ones a Keras user would type first. */
export function defaultLayer(type: LayerType): LayerConfig {
  switch (type) {
    case 'Rescaling': return { type, scale: 1 / 255, offset: 0 };
    case 'RandomFlip': return { type, mode: 'horizontal' };
    case 'RandomRotation': return { type, factor: 0.1 };
    case 'RandomZoom': return { type, heightFactor: 0.2, widthFactor: 0.2 };
    case 'Conv2D': return { type, filters: 32, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' };
    case 'MaxPooling2D': return { type, poolSize: [2, 2], strides: null, padding: 'valid' };
    case 'AveragePooling2D': return { type, poolSize: [2, 2], strides: null, padding: 'valid' };
    case 'GlobalAveragePooling2D': return { type };
    case 'BatchNormalization': return { type };
    case 'Dropout': return { type, rate: 0.5 };
    case 'Flatten': return { type };
    case 'Dense': return { type, units: 64, activation: 'relu' };
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

export const isAugmentation = (t: LayerType): boolean =>
  t === 'RandomFlip' || t === 'RandomRotation' || t === 'RandomZoom';
