// Shared by the inspect functions: one image as the model's input tensor, and
// the model's layers applied one by one in inference mode (augmentation layers
// pass the image through, Dropout keeps every unit), so any layer's input or
// output is one pass away. Layer i of the model is layer i of the architecture.
import * as tf from '@tensorflow/tfjs';

/** The model's input size (H, W, C) from its input layer. */
export function inputGeometry(model: tf.LayersModel): { height: number; width: number; channels: number } {
  const [, height, width, channels] = model.inputs[0]!.shape as (number | null)[];
  return { height: height!, width: width!, channels: channels! };
}

/** One H x W x C Uint8 image as a [1, H, W, C] float tensor, times `scale` (pixelScale of the architecture). Call inside tf.tidy. */
export function imageTensor(model: tf.LayersModel, pixels: Uint8Array, scale: number): tf.Tensor4D {
  const { height, width, channels } = inputGeometry(model);
  const size = height * width * channels;
  if (pixels.length !== size)
    throw new Error(`The image has ${pixels.length} values; the model takes ${height}x${width}x${channels} = ${size}.`);
  const floats = new Float32Array(size);
  for (let i = 0; i < size; i++) floats[i] = pixels[i]! * scale;
  return tf.tensor4d(floats, [1, height, width, channels]);
}

/** Index of the layer with this Keras name, or a clear error naming the layers there are. */
export function layerIndex(model: tf.LayersModel, name: string): number {
  const i = model.layers.findIndex((l) => l.name === name);
  const base =
    i < 0 ? model.layers.find((l) => l instanceof tf.LayersModel && l.layers.some((x) => x.name === name)) : null;
  if (base)
    throw new Error(
      `"${name}" is a layer inside the pretrained base ${base.name}: its kernels and feature maps are shown, the step-by-step view is for the model's own layers.`,
    );
  if (i < 0)
    throw new Error(`The model has no layer "${name}" (it has ${model.layers.map((l) => l.name).join(', ')}).`);
  return i;
}

/** Every layer's output for `x`, in inference mode. Call inside tf.tidy. */
export function allOutputs(model: tf.LayersModel, x: tf.Tensor, end = model.layers.length): tf.Tensor[] {
  const outs: tf.Tensor[] = [];
  let t = x;
  for (let i = 0; i < end; i++) {
    t = model.layers[i]!.apply(t, { training: false }) as tf.Tensor;
    outs.push(t);
  }
  return outs;
}

/** The input of layer `index` (the previous layer's output, or `x` itself for the first). Call inside tf.tidy. */
export function layerInput(model: tf.LayersModel, x: tf.Tensor, index: number): tf.Tensor {
  return index === 0 ? x : allOutputs(model, x, index)[index - 1]!;
}

/** Keras' printed shape of a layer's output: [null, ...]. */
export const kerasShape = (layer: tf.layers.Layer): (number | null)[] => [
  null,
  ...(layer.outputShape as (number | null)[]).slice(1),
];

/**
 * Reads tensors asynchronously (a synchronous read stalls the WebGPU backend,
 * which warns about it), as fresh Float32Array copies (never a view of a
 * variable's own storage, so a result can be transferred), then disposes them.
 */
export async function readAll<K extends string>(tensors: Record<K, tf.Tensor>): Promise<Record<K, Float32Array>> {
  const keys = Object.keys(tensors) as K[];
  try {
    const values = await Promise.all(keys.map((k) => tensors[k].data()));
    return Object.fromEntries(keys.map((k, i) => [k, new Float32Array(values[i] as Float32Array)])) as Record<
      K,
      Float32Array
    >;
  } finally {
    tf.dispose(keys.map((k) => tensors[k]));
  }
}
