// Conv2DBackpropFilter for the WASM backend, which has none: the filter
// gradient as one forward convolution or one matrix product that XNNPACK runs
// (README.md).
import {
  backend_util,
  Conv2DBackpropFilter,
  getKernel,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { swapFirstAndLastAxes, swapOuterAxes } from './axis-swaps';
import { nativeKernelsOf } from './native';
import { nativeFilterGrad } from './native-routes';
import { gradientRoutes, nativeMissing } from './routes';
import { dispose, runConv2d, type WasmBackend } from './wasm-internals';

type Shape4 = [number, number, number, number];

export function conv2DBackpropFilterWasm(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: WasmBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast')
    throw new Error(`The WASM backend's Conv2DBackpropFilter needs NHWC data, got ${dataFormat}.`);
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { inHeight: H, inWidth: W, inChannels: ci, outHeight: OH, outWidth: OW } = info;
  const { outChannels: co, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;

  const native = nativeKernelsOf(backend);
  const route =
    gradientRoutes.filter !== 'auto'
      ? gradientRoutes.filter
      : native
        ? 'native'
        : fh * fw * ci <= co
          ? 'matmul'
          : 'convolution';
  if (route === 'native') {
    if (!native) throw nativeMissing('Conv2DBackpropFilter');
    return nativeFilterGrad(native, backend, x, dy, info);
  }
  if (route === 'matmul') return filterGradAsMatMul(backend, x, dy, info);

  // dW[kh,kw,c,o] = Σ_{n,i,j} x[n, i·sh+kh−top, j·sw+kw−left, c] · dy[n,i,j,o]:
  // a convolution over (i,j) of x with the images as channels (x → [ci,H,W,b])
  // and dy as the filter (dy → [OH,OW,b,co]), dilated by the stride.
  const b = x.shape[0]!;
  const xT = swapFirstAndLastAxes(backend, x, b, H * W, ci, [ci, H, W, b]);
  const dyT = b === 1 ? { ...dy, shape: [OH, OW, 1, co] } : swapOuterAxes(backend, dy, b, OH * OW, co, [OH, OW, b, co]);
  const pads = {
    top,
    left,
    bottom: Math.max(0, fh + (OH - 1) * sh - top - H),
    right: Math.max(0, fw + (OW - 1) * sw - left - W),
  };
  const convOut = runConv2d(backend, { x: xT, filter: dyT, pads, dilation: [sh, sw], stride: [1, 1] });
  dispose(backend, xT);
  if (b !== 1) dispose(backend, dyT);
  const [, outH, outW] = convOut.shape as Shape4;
  const dW =
    outH === fh && outW === fw
      ? swapOuterAxes(backend, convOut, ci, fh * fw, co, [fh, fw, ci, co])
      : cropToFilter(backend, convOut, [fh, fw, ci, co]);
  dispose(backend, convOut);
  return dW;
}

/**
 * dW = colᵀ · dy as one matrix product, for layers with few inputs per filter
 * (fh·fw·ci ≤ co: the first layer of every preset). colᵀ [fh·fw·ci, N·OH·OW] is
 * small for them, and dy goes to XNNPACK as it is. The convolution route would
 * hand XNNPACK dy as a filter, which tfjs-wasm transposes with a slow strided
 * copy before packing: ~3x this route's time on MNIST's first layer.
 */
function filterGradAsMatMul(
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const {
    batchSize: b,
    inChannels: ci,
    outHeight: OH,
    outWidth: OW,
    outChannels: co,
    filterHeight: fh,
    filterWidth: fw,
  } = info;
  const rows = fh * fw * ci;
  const P = b * OH * OW;
  const colT = backend.makeOutput([1, rows, P], 'float32');
  gatherColT(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(colT), info);
  const matMul = getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('The WASM backend has no BatchMatMul kernel.');
  const product = matMul.kernelFunc({
    inputs: { a: colT, b: { ...dy, shape: [1, P, co] } },
    attrs: { transposeA: false, transposeB: false },
    backend,
  }) as TensorInfo;
  dispose(backend, colT);
  // [1, fh·fw·ci, co] is already dW's memory layout.
  return { ...product, shape: [fh, fw, ci, co] };
}

/**
 * colᵀ [fh·fw·ci, N·OH·OW]: row (kh,kw,c) holds x[n, i·sh+kh−top, j·sw+kw−left, c]
 * for every output pixel (n,i,j). Filled one image row at a time: the j run is
 * a strided read of x (stride sw·ci) into a contiguous stretch of colᵀ, with
 * the columns that fall in the padding zeroed once per (kw) rather than tested per element.
 */
function gatherColT(src: Float32Array, dst: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: b, inHeight: H, inWidth: W, inChannels: ci, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const P = b * OH * OW;
  const step = sw * ci;
  for (let kw = 0; kw < fw; kw++) {
    // Output columns j whose input column j·sw+kw−left lies inside x: [j0, j1).
    const j0 = Math.min(OW, Math.max(0, Math.ceil((left - kw) / sw)));
    const j1 = Math.max(j0, Math.min(OW, Math.floor((W - 1 + left - kw) / sw) + 1));
    for (let kh = 0; kh < fh; kh++) {
      const rowOfTap = (kh * fw + kw) * ci;
      for (let n = 0; n < b; n++) {
        for (let i = 0; i < OH; i++) {
          const p = (n * OH + i) * OW;
          const r = i * sh + kh - top;
          if (r < 0 || r >= H) {
            for (let c = 0; c < ci; c++) dst.fill(0, (rowOfTap + c) * P + p, (rowOfTap + c) * P + p + OW);
            continue;
          }
          const first = ((n * H + r) * W + j0 * sw + kw - left) * ci;
          for (let c = 0; c < ci; c++) {
            const to = (rowOfTap + c) * P + p;
            if (j0 > 0) dst.fill(0, to, to + j0);
            let from = first + c;
            for (let j = to + j0, end = to + j1; j < end; j++, from += step) dst[j] = src[from]!;
            if (j1 < OW) dst.fill(0, to + j1, to + OW);
          }
        }
      }
    }
  }
}

/** [ci, outH, outW, co] → [fh, fw, ci, co], keeping the first fh rows and fw columns (valid padding with a stride that does not divide). */
function cropToFilter(backend: WasmBackend, convOut: TensorInfo, filterShape: Shape4): TensorInfo {
  const [fh, fw, ci, co] = filterShape;
  const [, outH, outW] = convOut.shape as Shape4;
  const out = backend.makeOutput(filterShape, 'float32');
  const src = backend.typedArrayFromHeap(convOut);
  const dst = backend.typedArrayFromHeap(out);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      for (let c = 0; c < ci; c++) {
        const from = ((c * outH + kh) * outW + kw) * co;
        dst.set(src.subarray(from, from + co), ((kh * fw + kw) * ci + c) * co);
      }
    }
  }
  return out;
}

export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
};
