// One entry point for a base's layers, Keras name, input-size rules and preprocessing.
import { mobileNetV2Layers } from './mobilenet-v2';
import { layerParams, type BaseLayer, type BaseRef } from './types';
import { vgg16Layers } from './vgg16';

/** Both bases' min_size in keras.applications (obtain_input_shape). */
export const BASE_MIN_SIZE = 32;
/** Default input size (224 for both) and MobileNetV2's sizes with ImageNet weights. */
export const BASE_DEFAULT_SIZE = 224;
export const MOBILENET_V2_SIZES: readonly number[] = [96, 128, 160, 192, 224];

export function baseLayers(ref: BaseRef, height: number, width: number): BaseLayer[] {
  return ref.base === 'vgg16' ? vgg16Layers(height, width) : mobileNetV2Layers(height, width, ref.alpha);
}

/**
 * The rows the ImageNet weights are for: MobileNetV2 loads the 224 file (and names itself _224) unless the input
 * is square and one of 96, 128, 160, 192, 224; VGG16 has one file for every size.
 */
export function weightsRows(ref: BaseRef, height: number, width: number): number {
  if (ref.base === 'vgg16') return BASE_DEFAULT_SIZE;
  return height === width && MOBILENET_V2_SIZES.includes(height) ? height : BASE_DEFAULT_SIZE;
}

/** The Functional model's name as Keras gives it with weights="imagenet": `vgg16`, `mobilenetv2_0.35_96`. */
export function baseModelName(ref: BaseRef, height: number, width: number): string {
  if (ref.base === 'vgg16') return 'vgg16';
  return `mobilenetv2_${ref.alpha.toFixed(2)}_${weightsRows(ref, height, width)}`;
}

const pyShape = (h: number, w: number, c: number): string => `(${h}, ${w}, ${c})`;

/**
 * Keras' own refusal for this input (obtain_input_shape with weights="imagenet", include_top=False), word for
 * word, or null when Keras accepts it.
 */
export function baseInputProblem(height: number, width: number, channels: number): string | null {
  if (channels !== 3)
    return `The input must have 3 channels; Received \`input_shape=${pyShape(height, width, channels)}\``;
  if (height < BASE_MIN_SIZE || width < BASE_MIN_SIZE) {
    return `Input size must be at least ${BASE_MIN_SIZE}x${BASE_MIN_SIZE}; Received: input_shape=${pyShape(height, width, channels)}`;
  }
  return null;
}

/** Keras' warning (not an error) when MobileNetV2 falls back to the 224 weights. */
export function baseInputWarning(ref: BaseRef, height: number, width: number): string | null {
  if (ref.base !== 'mobilenet_v2' || weightsRows(ref, height, width) === height) return null;
  return (
    '`input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192, 224]. ' +
    'Weights for input shape (224, 224) will be loaded as the default.'
  );
}

/** A base's whole output shape and parameter count (trainable = fine-tuned part, BatchNorm moving stats never). */
export interface BaseTotals {
  outputShape: [number, number, number];
  params: number;
  trainable: number;
  nonTrainable: number;
}

/** Names of the base's layers that hold weights, in Keras' order: the choices of the first layer to fine-tune. */
export const weightedLayerNames = (layers: readonly BaseLayer[]): string[] =>
  layers.filter((l) => l.weights.length > 0).map((l) => l.name);

/**
 * Trainable flags as the textbook sets them: `conv_base.trainable = True`, then every layer before
 * `fineTuneFrom` frozen. null: the whole base frozen. An unknown name freezes everything too (sanitize refuses it).
 */
export function trainableFrom(layers: readonly BaseLayer[], fineTuneFrom: string | null): boolean[] {
  const start = fineTuneFrom === null ? -1 : layers.findIndex((l) => l.name === fineTuneFrom);
  return layers.map((_, i) => start >= 0 && i >= start);
}

export function baseTotals(layers: readonly BaseLayer[], fineTuneFrom: string | null): BaseTotals {
  const trainable = trainableFrom(layers, fineTuneFrom);
  let params = 0;
  let train = 0;
  layers.forEach((l, i) => {
    params += layerParams(l);
    if (!trainable[i]) return;
    for (const w of l.weights) if (w.trainable) train += w.shape.reduce((a, b) => a * b, 1);
  });
  return {
    outputShape: layers[layers.length - 1]!.outputShape,
    params,
    trainable: train,
    nonTrainable: params - train,
  };
}
