// The arithmetic of a model, counted from its summary: floating-point operations per image, as the lab's
// estimates of time need them. Pure. A multiply and an add count as two operations (as PyTorch's and
// the textbook's GFLOP figures do). A pretrained base is counted from its own layer list (base-compute.ts).
import type { Architecture, PretrainedBaseLayer } from './layers';
import { inferSummary } from './infer';
import { baseLayers } from './bases/spec';
import { baseRef } from './bases/summary';
import { baseWork, tfjsBaseWork, type BaseWork } from './base-compute';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Layers whose work is one operation or so per value (activations, rescaling, augmentation, dropout). */
const ELEMENTWISE: ReadonlySet<string> = new Set([
  'Rescaling',
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
  'BatchNormalization',
  'Dropout',
  'Flatten',
  'GlobalAveragePooling2D',
]);

/** A base's work at the input it gets; null for a TF.js base whose kept model is not found yet. */
function baseOf(layer: PretrainedBaseLayer, input: readonly number[]): BaseWork | null {
  const index = (names: readonly { name: string }[]) =>
    layer.fineTuneFrom === null ? -1 : names.findIndex((l) => l.name === layer.fineTuneFrom);
  if (layer.base === 'tfjs')
    return layer.tfjs.model ? tfjsBaseWork(layer.tfjs.model, index(layer.tfjs.model.layers)) : null;
  const layers = baseLayers(baseRef(layer), input[0]!, input[1]!);
  return baseWork(layers, index(layers));
}

export interface ModelWork {
  /** Forward operations for one image. */
  forward: number;
  /** Operations to train on one image: forward and backward. */
  train: number;
}

/**
 * Operations per image, forward and to train. The lab's own layers train at three times their forward
 * (the backward pass of a convolution or a Dense layer is two products of the forward's size: the
 * gradients of the input and of the weights); a pretrained base only from its first trainable layer on.
 * The textbook's MNIST convnet: 6.2 MFLOP forward, 18.6 MFLOP a training image (bench notes: ~0.58 GFLOP
 * a batch of 32). Null when the model does not build or holds a layer of unknown arithmetic.
 */
export function modelWork(arch: Architecture): ModelWork | null {
  const summary = inferSummary(arch);
  let prev: readonly number[] = summary.input;
  let forward = 0;
  let train = 0;
  for (const [i, row] of summary.rows.entries()) {
    const out = row.outputShape;
    const layer = arch.layers[i]!;
    if (!out) return null;
    let f: number;
    if (layer.type === 'Base') {
      if (prev.length !== 3) return null;
      const work = baseOf(layer, prev);
      if (!work) return null;
      forward += work.forward;
      train += work.train;
      prev = out;
      continue;
    } else if (layer.type === 'Conv2D') {
      f = 2 * size(out) * layer.kernelSize[0] * layer.kernelSize[1] * prev[prev.length - 1]!;
    } else if (layer.type === 'Dense') {
      f = 2 * size(out) * prev[prev.length - 1]!;
    } else if (layer.type === 'MaxPooling2D' || layer.type === 'AveragePooling2D') {
      f = size(out) * layer.poolSize[0] * layer.poolSize[1];
    } else if (ELEMENTWISE.has(layer.type)) {
      f = size(prev);
    } else {
      return null;
    }
    forward += f;
    train += 3 * f;
    prev = out;
  }
  return { forward, train };
}

/** Forward operations for one image; null when the model does not build. */
export const forwardFlopsPerImage = (arch: Architecture): number | null => modelWork(arch)?.forward ?? null;

/** Operations to train on one image (modelWork); null when the model does not build. */
export const trainFlopsPerImage = (arch: Architecture): number | null => modelWork(arch)?.train ?? null;
