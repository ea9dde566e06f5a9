// The data behind the step-by-step max-pooling view: one channel of a
// MaxPooling2D layer's input for one image, and that channel of the layer's
// real output (tfjs), so the page's window-by-window maximum (the pure
// src/model/explain-pool.ts) sits beside the value the layer computed.
import * as tf from '@tensorflow/tfjs';
import type { Padding, Pair } from '../../model/layers';
import {
  explainPool,
  poolOutputShape,
  poolShapeReason,
  type PoolGeometry,
  type PoolStep,
} from '../../model/explain-pool';
import { imageTensor, layerIndex, layerInput, readAll } from './forward';

export interface PoolExplainRequest {
  pixels: Uint8Array;
  scale: number;
  layer: string;
  channel: number;
  row?: number;
  col?: number;
}

export interface PoolExplainData {
  layer: string;
  channel: number;
  channels: number;
  geometry: PoolGeometry;
  /** Why the output is outHeight x outWidth, in numbers. */
  reason: string;
  /** inHeight x inWidth: this channel of the layer's input. */
  input: Float32Array;
  outHeight: number;
  outWidth: number;
  /** outHeight x outWidth: this channel of the layer's real output. */
  output: Float32Array;
  at?: { step: PoolStep; value: number };
}

const pair = (v: unknown): Pair => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);

export async function poolExplainData(model: tf.LayersModel, req: PoolExplainRequest): Promise<PoolExplainData> {
  const index = layerIndex(model, req.layer);
  const layer = model.layers[index]!;
  if (layer.getClassName() !== 'MaxPooling2D')
    throw new Error(`"${req.layer}" is a ${layer.getClassName()} layer, not MaxPooling2D.`);
  const config = layer.getConfig();
  let [h, w, channels] = [0, 0, 0];
  const data = await readAll(
    tf.tidy(() => {
      const input = layerInput(model, imageTensor(model, req.pixels, req.scale), index) as tf.Tensor4D;
      [, h, w, channels] = input.shape;
      if (!Number.isInteger(req.channel) || req.channel < 0 || req.channel >= channels)
        throw new Error(`"${req.layer}" has channels 0 to ${channels - 1}; there is no channel ${req.channel}.`);
      const output = layer.apply(input, { training: false }) as tf.Tensor4D;
      const [, outH, outW] = output.shape;
      return {
        input: tf.slice(input, [0, 0, 0, req.channel], [1, h, w, 1]),
        output: tf.slice(output, [0, 0, 0, req.channel], [1, outH, outW, 1]),
      };
    }),
  );
  const poolSize = pair(config.poolSize);
  const geometry: PoolGeometry = {
    inHeight: h,
    inWidth: w,
    poolSize,
    strides: config.strides ? pair(config.strides) : poolSize,
    padding: config.padding as Padding,
  };
  const [outHeight, outWidth] = poolOutputShape(geometry);
  const result: PoolExplainData = {
    layer: req.layer,
    channel: req.channel,
    channels,
    geometry,
    reason: poolShapeReason(geometry),
    input: data.input,
    outHeight,
    outWidth,
    output: data.output,
  };
  if (req.row !== undefined && req.col !== undefined) {
    const step = explainPool(data.input, geometry, req.row, req.col);
    result.at = { step, value: data.output[req.row * outWidth + req.col]! };
  }
  return result;
}
