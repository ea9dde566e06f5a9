// The arithmetic behind one output pixel of a Conv2D layer, step by step, so
// the page can show it without tfjs: the patch under the kernel (zeros where
// `same` padding reaches outside the input), the element-wise products per
// input channel, each channel's sum, the total plus bias, and the activation.
// Layouts follow tfjs/Keras (channels last): the input is H x W x Cin
// row-major, one filter's kernel is kh x kw x Cin.
import type { Activation, Padding, Pair } from './layers';

/** Keras' output length along one axis: ceil(in/stride) for `same`, floor((in - k)/stride) + 1 for `valid`. */
export function outputLength(input: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - window) / stride) + 1;
}

/**
 * Zeros added before (top/left) one axis. Keras (TensorFlow) pads so the
 * output is ceil(in/stride) long and puts the odd extra pixel after
 * (bottom/right): total = max((out - 1) * stride + k - in, 0), before = floor(total / 2).
 */
export function padBefore(input: number, window: number, stride: number, padding: Padding): number {
  if (padding === 'valid') return 0;
  const out = outputLength(input, window, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + window - input, 0) / 2);
}

export interface ConvGeometry {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
}

export interface ConvStep {
  row: number;
  col: number;
  /** Input row/column under the kernel's top-left tap (negative inside the top/left padding). */
  top: number;
  left: number;
  /** kh x kw x Cin: the input values under the kernel, 0 where padded. */
  patch: Float32Array;
  /** kh x kw: 1 where the tap falls in the padding. */
  padded: Uint8Array;
  /** kh x kw x Cin: patch times kernel, element-wise. */
  products: Float32Array;
  /** One sum of products per input channel. */
  channelSums: Float32Array;
  /** Sum over every channel, before the bias. */
  sum: number;
  bias: number;
  /** sum + bias: what goes into the activation. */
  preActivation: number;
  activation: Activation;
  /** The activation applied; null for softmax, which needs every filter's value at this position. */
  output: number | null;
}

export function convOutputShape(g: ConvGeometry): [number, number] {
  return [
    outputLength(g.inHeight, g.kernelSize[0], g.strides[0], g.padding),
    outputLength(g.inWidth, g.kernelSize[1], g.strides[1], g.padding),
  ];
}

export function activate(activation: Activation, x: number): number | null {
  switch (activation) {
    case 'relu':
      return Math.max(0, x);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    case 'linear':
      return x;
    case 'softmax':
      return null;
  }
}

/** One output position (row, col) of one filter, from the layer's input and that filter's kernel and bias. */
export function explainConv(
  input: Float32Array,
  g: ConvGeometry,
  kernel: Float32Array,
  bias: number,
  activation: Activation,
  row: number,
  col: number,
): ConvStep {
  const [kh, kw] = g.kernelSize;
  const cin = g.inChannels;
  const [outH, outW] = convOutputShape(g);
  if (row < 0 || col < 0 || row >= outH || col >= outW)
    throw new RangeError(`Output position (${row}, ${col}) is outside the ${outH}x${outW} output.`);
  if (input.length !== g.inHeight * g.inWidth * cin)
    throw new RangeError(`The input holds ${input.length} values, not ${g.inHeight}x${g.inWidth}x${cin}.`);
  if (kernel.length !== kh * kw * cin)
    throw new RangeError(`The kernel holds ${kernel.length} values, not ${kh}x${kw}x${cin}.`);
  const top = row * g.strides[0] - padBefore(g.inHeight, kh, g.strides[0], g.padding);
  const left = col * g.strides[1] - padBefore(g.inWidth, kw, g.strides[1], g.padding);
  const patch = new Float32Array(kh * kw * cin);
  const padded = new Uint8Array(kh * kw);
  const products = new Float32Array(kh * kw * cin);
  const channelSums = new Float32Array(cin);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) {
      const y = top + i;
      const x = left + j;
      const outside = y < 0 || x < 0 || y >= g.inHeight || x >= g.inWidth;
      padded[i * kw + j] = outside ? 1 : 0;
      for (let c = 0; c < cin; c++) {
        const k = (i * kw + j) * cin + c;
        patch[k] = outside ? 0 : input[(y * g.inWidth + x) * cin + c]!;
        products[k] = patch[k]! * kernel[k]!;
        channelSums[c] = channelSums[c]! + products[k]!;
      }
    }
  // Summed in float64 (JS numbers); the layer sums in float32, so the two agree to ~1e-6 relative.
  let sum = 0;
  for (let c = 0; c < cin; c++) sum += channelSums[c]!;
  const preActivation = sum + bias;
  return {
    row,
    col,
    top,
    left,
    patch,
    padded,
    products,
    channelSums,
    sum,
    bias,
    preActivation,
    activation,
    output: activate(activation, preActivation),
  };
}

/** The next output position in reading order, wrapping to (0, 0) after the last. */
export function nextPosition(row: number, col: number, outH: number, outW: number): [number, number] {
  if (col + 1 < outW) return [row, col + 1];
  return row + 1 < outH ? [row + 1, 0] : [0, 0];
}
