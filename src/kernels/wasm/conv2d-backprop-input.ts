// Conv2DBackpropInput for the WASM backend: the input gradient as a forward
// convolution or matrix product that XNNPACK runs (README.md), replacing
// tfjs-wasm's scalar loop.
import {
  backend_util,
  Conv2DBackpropInput,
  getKernel,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { nativeKernelsOf } from './native';
import { nativeInputGrad } from './native-routes';
import { gradientRoutes, nativeMissing } from './routes';
import { dispose, runConv2d, type WasmBackend } from './wasm-internals';

type Shape4 = [number, number, number, number];

export function conv2DBackpropInputWasm(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: WasmBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast')
    throw new Error(`The WASM backend's Conv2DBackpropInput needs NHWC data, got ${dataFormat}.`);
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { batchSize: b, inHeight: H, inWidth: W, inChannels: ci, outHeight: OH, outWidth: OW } = info;
  const { outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;

  // dx = dy (dilated by the stride) convolved with the filter rotated 180°
  // and its in/out channels swapped, padded by filter−1−pad on each side.
  const dilH = (OH - 1) * sh + 1;
  const dilW = (OW - 1) * sw + 1;
  const pads = {
    top: fh - 1 - info.padInfo.top,
    left: fw - 1 - info.padInfo.left,
    bottom: H + info.padInfo.top - dilH,
    right: W + info.padInfo.left - dilW,
  };
  const native = nativeKernelsOf(backend);
  // Paddings larger than the filter (never made by the editor) only work as a matrix product.
  const route =
    gradientRoutes.input !== 'auto'
      ? gradientRoutes.input
      : native
        ? 'native'
        : preferMatMul(info)
          ? 'matmul'
          : 'convolution';
  if (route === 'native') {
    if (!native) throw nativeMissing('Conv2DBackpropInput');
    return nativeInputGrad(native, backend, dy, filter, info);
  }
  if (route === 'matmul' || Object.values(pads).some((p) => p < 0)) return inputGradAsMatMul(backend, dy, filter, info);
  const rotated = rotateAndSwapChannels(backend, filter);
  const source = sh === 1 && sw === 1 ? dy : dilate(backend, dy, b, OH, OW, co, sh, sw);
  const dx = runConv2d(backend, { x: source, filter: rotated, pads, dilation: [1, 1], stride: [1, 1] });
  dispose(backend, rotated);
  if (source !== dy) dispose(backend, source);
  const [, outH, outW, outC] = dx.shape as Shape4;
  if (outH !== H || outW !== W || outC !== ci) {
    dispose(backend, dx);
    throw new Error(`Conv2DBackpropInput: got ${dx.shape}, expected ${inputShape}.`);
  }
  return dx;
}

/** One JS scatter-add costs about as much as this many XNNPACK multiply-adds (measured, one thread). */
const SCATTER_COST = 15;

/**
 * The padded convolution multiplies mostly zeros on small valid layers (and
 * s² times more for stride s); dy·Wᵀ then col2im does only the real products
 * but scatters them back in JS. Pick whichever costs less.
 */
export function preferMatMul(info: backend_util.Conv2DInfo): boolean {
  const { batchSize: b, inHeight: H, inWidth: W, inChannels: ci, outHeight: OH, outWidth: OW, outChannels: co } = info;
  const taps = info.filterHeight * info.filterWidth * ci;
  // Every input pixel's gradient takes fh·fw·co products per channel, zeros included.
  const convMacs = b * H * W * taps * co;
  const matMulMacs = b * OH * OW * taps * (co + SCATTER_COST);
  return matMulMacs < convMacs;
}

/** dcol [N·OH·OW, fh·fw·ci] = dy · Wᵀ (XNNPACK), then each row added back into the pixels its window covers. */
function inputGradAsMatMul(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: b, inHeight: H, inWidth: W, inChannels: ci, outHeight: OH, outWidth: OW } = info;
  const { outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const taps = fh * fw * ci;
  const P = b * OH * OW;
  // Wᵀ [co, fh·fw·ci]: small (the filter), so a plain loop.
  const wT = backend.makeOutput([1, co, taps], 'float32');
  {
    const w = backend.typedArrayFromHeap(filter);
    const t = backend.typedArrayFromHeap(wT);
    for (let k = 0; k < taps; k++) {
      for (let o = 0; o < co; o++) t[o * taps + k] = w[k * co + o]!;
    }
  }
  const matMul = getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('The WASM backend has no BatchMatMul kernel.');
  const cols = matMul.kernelFunc({
    inputs: { a: { ...dy, shape: [1, P, co] }, b: wT },
    attrs: { transposeA: false, transposeB: false },
    backend,
  }) as TensorInfo;
  dispose(backend, wT);
  const dx = backend.makeOutput([b, H, W, ci], 'float32');
  const src = backend.typedArrayFromHeap(cols);
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  let row = 0;
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++, row += taps) {
        for (let kh = 0; kh < fh; kh++) {
          const r = i * sh + kh - top;
          if (r < 0 || r >= H) continue;
          for (let kw = 0; kw < fw; kw++) {
            const c = j * sw + kw - left;
            if (c < 0 || c >= W) continue;
            const from = row + (kh * fw + kw) * ci;
            const to = ((n * H + r) * W + c) * ci;
            for (let k = 0; k < ci; k++) out[to + k]! += src[from + k]!;
          }
        }
      }
    }
  }
  dispose(backend, cols);
  return dx;
}

/** [fh,fw,ci,co] → [fh,fw,co,ci], with both spatial axes reversed. */
function rotateAndSwapChannels(backend: WasmBackend, filter: TensorInfo): TensorInfo {
  const [fh, fw, ci, co] = filter.shape as Shape4;
  const out = backend.makeOutput([fh, fw, co, ci], 'float32');
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const to = (kh * fw + kw) * co * ci;
      const from = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * ci * co;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) dst[to + o * ci + c] = src[from + c * co + o]!;
      }
    }
  }
  return out;
}

/** Spreads dy's pixels `stride` apart with zeros between: a strided conv's gradient becomes a stride-1 conv. */
function dilate(
  backend: WasmBackend,
  dy: TensorInfo,
  b: number,
  OH: number,
  OW: number,
  co: number,
  sh: number,
  sw: number,
): TensorInfo {
  const dilH = (OH - 1) * sh + 1;
  const dilW = (OW - 1) * sw + 1;
  const out = backend.makeOutput([b, dilH, dilW, co], 'float32');
  const src = backend.typedArrayFromHeap(dy);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const from = ((n * OH + i) * OW + j) * co;
        dst.set(src.subarray(from, from + co), ((n * dilH + i * sh) * dilW + j * sw) * co);
      }
    }
  }
  return out;
}

export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
};
