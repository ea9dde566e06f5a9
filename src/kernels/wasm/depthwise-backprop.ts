// DepthwiseConv2dNativeBackpropInput and DepthwiseConv2dNativeBackpropFilter for the WASM backend:
// tfjs-backend-wasm 4.22 has neither, so a MobileNetV2 base fine-tuned from before its last depthwise
// layer could not train there ("not registered for backend 'wasm'"). The input gradient runs as tfjs-wasm's
// own depthwise forward convolution of the spread-out dy with the filter turned 180° (XNNPACK, SIMD:
// depthwise-input-composed.ts), or as a JS loop over tfjs-wasm's heap where that does not apply; the filter
// gradient is a JS loop (as tf ops, 9 slices, products and sums, it measured slower). Timings: README.md;
// `depthwiseRoutes` forces an input-gradient route for tests and timing.
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { composedInputGrad, composedInputGradApplies } from './depthwise-input-composed';
import type { WasmBackend } from './wasm-internals';

type Shape4 = [number, number, number, number];

/** 'auto' takes the faster route for the layer (README.md); 'loop' and 'composed' force one. */
export const depthwiseRoutes: { input: 'auto' | 'loop' | 'composed' } = { input: 'auto' };

function depthwiseInfo(
  kernel: string,
  xShape: number[],
  filterShape: number[],
  attrs: DepthwiseConv2dNativeBackpropInputAttrs | DepthwiseConv2dNativeBackpropFilterAttrs,
): backend_util.Conv2DInfo {
  const dilations = attrs.dilations ?? 1;
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  // tfjs' own gradient refuses dilation > 1 and the CPU backend's kernels ignore it: say so rather than guess.
  if (dh !== 1 || dw !== 1) throw new Error(`${kernel} on WASM supports dilation 1 only, got ${dh}x${dw}.`);
  if (xShape.length !== 4 || filterShape.length !== 4)
    throw new Error(`${kernel} on WASM needs NHWC input and a 4-D filter, got ${xShape} and ${filterShape}.`);
  return backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    true /* depthwise */,
  );
}

/**
 * Calls visit(x offset, dy offset, tap offset) for every image, output pixel and filter tap whose input pixel
 * lies inside the image (the padding holds zeros, so it adds nothing to either gradient).
 */
function forEachTap(info: backend_util.Conv2DInfo, visit: (xAt: number, dyAt: number, tapAt: number) => void): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { outChannels: CO, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  for (let n = 0; n < N; n++)
    for (let i = 0; i < OH; i++)
      for (let kh = 0; kh < fh; kh++) {
        const r = i * sh + kh - top;
        if (r < 0 || r >= H) continue;
        for (let j = 0; j < OW; j++) {
          const dyAt = ((n * OH + i) * OW + j) * CO;
          for (let kw = 0; kw < fw; kw++) {
            const col = j * sw + kw - left;
            if (col >= 0 && col < W) visit(((n * H + r) * W + col) * C, dyAt, (kh * fw + kw) * CO);
          }
        }
      }
}

/** dx[n,r,c,k] = Σ_{i,j,m} dy[n,i,j,k·M+m] · w[r−i·sh+top, c−j·sw+left, k, m]: each dy pixel added into its window. */
function inputGradLoop(dy: Float32Array, w: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const C = info.inChannels;
  const M = info.outChannels / C;
  dx.fill(0);
  if (M === 1)
    forEachTap(info, (dxAt, dyAt, wAt) => {
      for (let c = 0; c < C; c++) dx[dxAt + c] = dx[dxAt + c]! + dy[dyAt + c]! * w[wAt + c]!;
    });
  else
    forEachTap(info, (dxAt, dyAt, wAt) => {
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let m = 0; m < M; m++) s += dy[dyAt + c * M + m]! * w[wAt + c * M + m]!;
        dx[dxAt + c] = dx[dxAt + c]! + s;
      }
    });
}

/**
 * dW[kh,kw,k,m] = Σ_{n,i,j} x[n, i·sh+kh−top, j·sw+kw−left, k] · dy[n,i,j,k·M+m]. Summed in float64: one
 * weight gathers N·OH·OW products (204,800 for a batch of 32 at 80x80), too many for a float32 sum.
 */
function filterGradLoop(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float64Array {
  const C = info.inChannels;
  const M = info.outChannels / C;
  const acc = new Float64Array(info.filterHeight * info.filterWidth * info.outChannels);
  if (M === 1)
    forEachTap(info, (xAt, dyAt, aAt) => {
      for (let c = 0; c < C; c++) acc[aAt + c] = acc[aAt + c]! + x[xAt + c]! * dy[dyAt + c]!;
    });
  else
    forEachTap(info, (xAt, dyAt, aAt) => {
      for (let c = 0; c < C; c++) {
        const xv = x[xAt + c]!;
        for (let m = 0; m < M; m++) acc[aAt + c * M + m] = acc[aAt + c * M + m]! + xv * dy[dyAt + c * M + m]!;
      }
    });
  return acc;
}

export function depthwiseBackpropInputWasm(args: {
  inputs: DepthwiseConv2dNativeBackpropInputInputs;
  backend: WasmBackend;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const info = depthwiseInfo(DepthwiseConv2dNativeBackpropInput, attrs.inputShape, filter.shape, attrs);
  checkShape(DepthwiseConv2dNativeBackpropInput, 'dy', dy.shape, info.outShape);
  // XNNPACK's SIMD convolution beat the JS loop on every MobileNetV2 layer measured, stride 2's zeros included
  // (all 17 layers of MobileNetV2 1.0 at 160, batch 32: 231 vs 2,975 ms; README.md).
  const auto = composedInputGradApplies(info) ? 'composed' : 'loop';
  const route = depthwiseRoutes.input === 'auto' ? auto : depthwiseRoutes.input;
  if (route === 'composed') {
    if (!composedInputGradApplies(info))
      throw new Error(
        `${DepthwiseConv2dNativeBackpropInput}: the composed route needs channel multiplier 1 and padding no wider than the filter.`,
      );
    return composedInputGrad(backend, dy, filter, info);
  }
  const dx = backend.makeOutput(info.inShape, 'float32');
  // Views after makeOutput: a memory that grew detaches older ones.
  inputGradLoop(
    backend.typedArrayFromHeap(dy),
    backend.typedArrayFromHeap(filter),
    backend.typedArrayFromHeap(dx),
    info,
  );
  return dx;
}

export function depthwiseBackpropFilterWasm(args: {
  inputs: DepthwiseConv2dNativeBackpropFilterInputs;
  backend: WasmBackend;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const info = depthwiseInfo(DepthwiseConv2dNativeBackpropFilter, x.shape, attrs.filterShape, attrs);
  checkShape(DepthwiseConv2dNativeBackpropFilter, 'dy', dy.shape, info.outShape);
  const acc = filterGradLoop(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(dy), info);
  const dw = backend.makeOutput(attrs.filterShape, 'float32');
  backend.typedArrayFromHeap(dw).set(acc);
  return dw;
}

function checkShape(kernel: string, name: string, got: readonly number[], want: readonly number[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i]))
    throw new Error(`${kernel}: ${name} has shape ${got}, the layer's output is ${want}.`);
}

export const depthwiseBackpropInputWasmConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInputWasm as unknown as KernelFunc,
};

export const depthwiseBackpropFilterWasmConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilterWasm as unknown as KernelFunc,
};

/** Both, for register.ts. */
export const depthwiseGradWasmConfigs = [depthwiseBackpropInputWasmConfig, depthwiseBackpropFilterWasmConfig];
