// A TensorFlow.js LayersModel kept in the browser as a pretrained base, as plain data the summary reads: its
// name, input, its layers (name, class, output shape, weights) in the file's order. The worker makes it from the
// model itself (src/worker/model/bases/tfjs-read.ts), so the shapes and counts are tfjs' own.

/** What the lab does to 0-255 pixels before the base: Teachable Machine's and MobileNet's [-1, 1], 0-1, or nothing. */
export type TfjsPreprocess = 'tf' | 'unit' | 'none';
export const TFJS_PREPROCESS: readonly TfjsPreprocess[] = ['tf', 'unit', 'none'];
export const TFJS_PREPROCESS_TEXT: Record<TfjsPreprocess, string> = {
  tf: 'pixels to [-1, 1] (x / 127.5 - 1: Teachable Machine, MobileNet)',
  unit: 'pixels to [0, 1] (x / 255)',
  none: 'none (pixels 0 to 255)',
};

export interface TfjsBaseLayerInfo {
  name: string;
  /** tfjs' class name (Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, ...). */
  className: string;
  /** Without the batch axis. */
  outputShape: number[];
  params: number;
  /** The weights that train when the layer trains (a BatchNormalization's moving statistics never do). */
  trainableParams: number;
}

export interface TfjsBaseModel {
  /** The nested model's own name: the summary's `<name> (Functional)` row. */
  name: string;
  /** [height, width, channels] of one image. */
  input: [number, number, number];
  /** The base's output without the batch axis. */
  outputShape: number[];
  /** Its layers but the input, in the file's (topological) order. */
  layers: TfjsBaseLayerInfo[];
}

/** Which part of the picked file became the base. */
export type TfjsBaseSource = 'teachable-machine' | 'nested' | 'whole';

/** A TF.js base kept in this browser, as the page lists it. */
export interface KeptTfjsBase {
  /** The key a model refers to it by: `<model name>-<first 8 hex of the weights' MD5>`. */
  fileName: string;
  /** The files it came from (model.json, weights.bin). */
  picked: string[];
  source: TfjsBaseSource;
  /** The preprocessing a model starts with (Teachable Machine: [-1, 1]). */
  preprocess: TfjsPreprocess;
  model: TfjsBaseModel;
  /** Bytes kept: the base's float32 weights. */
  bytes: number;
  where: 'opfs' | 'indexeddb';
  keptAt: number;
}
