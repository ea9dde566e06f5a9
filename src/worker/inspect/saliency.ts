// Where the model looked, as an H x W map in [0, 1] over the input image:
// * saliency: |d score / d pixel| of the top class, max over colour channels,
//   divided by its maximum (Simonyan et al. 2013);
// * Grad-CAM on the last Conv2D layer (Selvaraju et al. 2017, as in
//   tfjs-examples' visualize-convnet/cam.js): each channel of that layer's
//   output weighted by the mean gradient of the class score over it, summed,
//   ReLU, upsampled bilinearly to the image and divided by its maximum.
// The class score is the predicted class's probability (for one sigmoid unit,
// p or 1 - p). An all-zero gradient (a dead ReLU network) gives an all-zero map.
import * as tf from '@tensorflow/tfjs';
import { argMax, classProbabilities } from './predict';
import { imageTensor, inputGeometry, readAll } from './forward';

export interface SaliencyRequest {
  pixels: Uint8Array;
  scale: number;
  method: 'saliency' | 'grad-cam';
  /** The class to explain; the predicted class when absent. */
  classIndex?: number;
}

export interface SaliencyMap {
  method: 'saliency' | 'grad-cam';
  classIndex: number;
  height: number;
  width: number;
  /** height x width, in [0, 1]. */
  values: Float32Array;
  /** For Grad-CAM: the Conv2D layer it used. */
  layer?: string;
  /** For Grad-CAM: that layer's map size (the map is scaled up from it): a 3x3 one is coarse. */
  cells?: { height: number; width: number };
}

function applyRange(model: tf.LayersModel, x: tf.Tensor, from: number, to: number): tf.Tensor {
  let t = x;
  for (let i = from; i < to; i++) t = model.layers[i]!.apply(t, { training: false }) as tf.Tensor;
  return t;
}

/** Divides by the maximum (values are >= 0), leaving zeros when everything is 0. Call inside tf.tidy. */
function normalised(map: tf.Tensor): tf.Tensor {
  const max = map.max();
  return tf.where(tf.greater(max, 0), tf.div(map, tf.maximum(max, 1e-12)), tf.zerosLike(map));
}

export async function saliencyOf(model: tf.LayersModel, req: SaliencyRequest): Promise<SaliencyMap> {
  const { height, width } = inputGeometry(model);
  const lastConv = model.layers.map((l) => l.getClassName()).lastIndexOf('Conv2D');
  if (req.method === 'grad-cam' && lastConv < 0)
    throw new Error('Grad-CAM needs a Conv2D layer; this model has none (try the saliency map).');
  const count = model.layers.length;
  const units = (model.outputs[0]!.shape as (number | null)[]).at(-1)!;
  const classes = units === 1 ? 2 : units;
  const probabilities = (input: tf.Tensor, from: number) => classProbabilities(applyRange(model, input, from, count));
  const classIndex =
    req.classIndex ??
    argMax((await readAll({ p: tf.tidy(() => probabilities(imageTensor(model, req.pixels, req.scale), 0)) })).p);
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes)
    throw new Error(`The model has classes 0 to ${classes - 1}; there is no class ${classIndex}.`);
  const score = (input: tf.Tensor, from: number) => probabilities(input, from).slice([0, classIndex], [1, 1]).sum();
  let cells: { height: number; width: number } | undefined;
  const map = tf.tidy(() => {
    const x = imageTensor(model, req.pixels, req.scale);
    if (req.method === 'saliency')
      return normalised(
        tf
          .grad((input: tf.Tensor) => score(input, 0))(x)
          .abs()
          .max(3)
          .reshape([height, width]),
      );
    const features = applyRange(model, x, 0, lastConv + 1) as tf.Tensor4D;
    cells = { height: features.shape[1], width: features.shape[2] };
    const grads = tf.grad((f: tf.Tensor) => score(f, lastConv + 1))(features);
    const cam = tf.relu(tf.sum(tf.mul(features, grads.mean([1, 2], true)), 3, true)) as tf.Tensor4D;
    return normalised(tf.image.resizeBilinear(cam, [height, width]).reshape([height, width]));
  });
  const { values } = await readAll({ values: map });
  return {
    method: req.method,
    classIndex,
    height,
    width,
    values,
    ...(req.method === 'grad-cam' ? { layer: model.layers[lastConv]!.name, cells } : {}),
  };
}
