// The data behind the step-by-step convolution view, for one filter of one
// Conv2D layer and one image: the layer's input (the previous layer's output
// for that image), the filter's kernel and bias, and the layer's own output
// map for that filter, computed by tfjs. The page recomputes any position with
// the pure explainer (src/model/explain-conv.ts) and shows the layer's value
// beside it, so what the student reads is what the layer computes.
import * as tf from '@tensorflow/tfjs';
import type { Activation, Padding, Pair } from '../../model/layers';
import { explainConv, convOutputShape, type ConvGeometry, type ConvStep } from '../../model/explain-conv';
import { imageTensor, layerIndex, layerInput, readAll } from './forward';

export interface ConvExplainRequest {
  pixels: Uint8Array;
  scale: number;
  layer: string;
  filter: number;
  /** Optionally, one output position to explain here too. */
  row?: number;
  col?: number;
}

export interface ConvExplainData {
  layer: string;
  filter: number;
  filters: number;
  geometry: ConvGeometry;
  activation: Activation;
  /** inHeight x inWidth x inChannels, the layer's input for this image. */
  input: Float32Array;
  /** kh x kw x inChannels, this filter. */
  kernel: Float32Array;
  bias: number;
  outHeight: number;
  outWidth: number;
  /** outHeight x outWidth: the layer's real output for this filter. */
  output: Float32Array;
  at?: { step: ConvStep; value: number };
}

const pair = (v: unknown): Pair => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);

export async function convExplainData(model: tf.LayersModel, req: ConvExplainRequest): Promise<ConvExplainData> {
  const index = layerIndex(model, req.layer);
  const layer = model.layers[index]!;
  if (layer.getClassName() !== 'Conv2D')
    throw new Error(`"${req.layer}" is a ${layer.getClassName()} layer, not Conv2D.`);
  const config = layer.getConfig();
  const kernelT = layer.getWeights()[0]!;
  const [kh, kw, cin, filters] = kernelT.shape as number[];
  if (!Number.isInteger(req.filter) || req.filter < 0 || req.filter >= filters!)
    throw new Error(`"${req.layer}" has filters 0 to ${filters! - 1}; there is no filter ${req.filter}.`);
  let inShape: number[] = [];
  const data = await readAll(
    tf.tidy(() => {
      const x = imageTensor(model, req.pixels, req.scale);
      const input = layerInput(model, x, index);
      inShape = input.shape.slice(1);
      const output = layer.apply(input, { training: false }) as tf.Tensor4D;
      const [, outH, outW] = output.shape;
      const bias = layer.getWeights()[1];
      return {
        input,
        kernel: tf.slice(kernelT, [0, 0, 0, req.filter], [kh!, kw!, cin!, 1]),
        bias: bias ? tf.slice(bias, [req.filter], [1]) : tf.zeros([1]),
        output: tf.slice(output, [0, 0, 0, req.filter], [1, outH, outW, 1]),
      };
    }),
  );
  const geometry: ConvGeometry = {
    inHeight: inShape[0]!,
    inWidth: inShape[1]!,
    inChannels: cin!,
    kernelSize: [kh!, kw!],
    strides: pair(config.strides),
    padding: config.padding as Padding,
  };
  const [outHeight, outWidth] = convOutputShape(geometry);
  const activation = (config.activation ?? 'linear') as Activation;
  const bias = data.bias[0]!;
  const result: ConvExplainData = {
    layer: req.layer,
    filter: req.filter,
    filters: filters!,
    geometry,
    activation,
    input: data.input,
    kernel: data.kernel,
    bias,
    outHeight,
    outWidth,
    output: data.output,
  };
  if (req.row !== undefined && req.col !== undefined) {
    const step = explainConv(data.input, geometry, data.kernel, bias, activation, req.row, req.col);
    result.at = { step, value: data.output[req.row * outWidth + req.col]! };
  }
  return result;
}
