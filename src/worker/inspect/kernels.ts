// What a layer has learned, as plain numbers: every filter of a Conv2D layer
// as kh x kw x Cin values (plus its bias), or, for a Dense layer that reads the
// flattened image directly (the mnist-dense preset), every unit's weights
// shaped like the image: the "global pattern" a dense unit matches, where a
// convnet's filters match small local ones.
import * as tf from '@tensorflow/tfjs';
import { inputGeometry, layerIndex, readAll } from './forward';
import { innerLayer } from './nested';

export interface KernelSet {
  layer: string;
  /** 'conv': Conv2D filters; 'dense-image': a Dense layer's units over the input image. */
  kind: 'conv' | 'dense-image';
  /** Filters (or units). */
  count: number;
  /** One filter's size: kh x kw x Cin, or the image's H x W x C for 'dense-image'. */
  height: number;
  width: number;
  channels: number;
  /** count x height x width x channels, filter-major: filter f is values.subarray(f * size, (f + 1) * size). */
  values: Float32Array;
  bias: Float32Array;
  min: number;
  max: number;
}

export interface KernelsRequest {
  layer: string;
}

/** Layers that only move or scale pixels: a Dense after only these still sees the image, pixel for pixel. */
const PIXEL_PRESERVING = new Set([
  'Rescaling',
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'Dropout',
  'Flatten',
  'Reshape',
]);

/** True when layer `index` is a Dense layer whose inputs are exactly the image's pixels, flattened. */
export function readsFlatImage(model: tf.LayersModel, index: number): boolean {
  const layer = model.layers[index]!;
  return (
    layer.getClassName() === 'Dense' &&
    model.layers.slice(0, index).every((l) => PIXEL_PRESERVING.has(l.getClassName()))
  );
}

function range(values: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? { min, max } : { min: 0, max: 0 };
}

/** Filter-major [out, ...] copy of a [..., out] kernel: tfjs keeps the output axis last. Call inside tf.tidy. */
function filterMajor(kernel: tf.Tensor): tf.Tensor {
  const rank = kernel.rank;
  return kernel.transpose([rank - 1, ...Array.from({ length: rank - 1 }, (_, i) => i)]);
}

export async function kernelsOf(model: tf.LayersModel, req: KernelsRequest): Promise<KernelSet> {
  // A pretrained base's own layer (block1_conv1: ImageNet's kernels), or one of the model's.
  const inner = innerLayer(model, req.layer)?.layer;
  const index = inner ? -1 : layerIndex(model, req.layer);
  const layer = inner ?? model.layers[index]!;
  const kind = layer.getClassName();
  if (kind !== 'Conv2D' && !(kind === 'Dense' && !inner && readsFlatImage(model, index)))
    throw new Error(
      `"${req.layer}" is a ${kind} layer: kernels can be shown for Conv2D layers and for a Dense layer that reads the image directly.`,
    );
  // getWeights() returns the variables' own tensors: read, never dispose.
  const [kernelVar, biasVar] = layer.getWeights();
  const kernel = kernelVar!;
  const count = kernel.shape[kernel.rank - 1]!;
  const read = await readAll(
    tf.tidy(() => ({ values: filterMajor(kernel), bias: biasVar ? biasVar.clone() : tf.zeros([count]) })),
  );
  const { values, bias } = read;
  const shape =
    kind === 'Conv2D'
      ? { height: kernel.shape[0]!, width: kernel.shape[1]!, channels: kernel.shape[2]! }
      : inputGeometry(model);
  return {
    layer: req.layer,
    kind: kind === 'Conv2D' ? 'conv' : 'dense-image',
    count,
    ...shape,
    values,
    bias,
    ...range(values),
  };
}
