// Conv2D for the WASM backend on the lab's SIMD module (native/lab_kernels.c):
// four output pixels times eight channels per register tile, split over the
// kernel threads by image. Anything it does not cover (no SIMD module, NCHW,
// dilation) goes to tfjs-wasm's own XNNPACK kernel.
import {
  backend_util,
  Conv2D,
  type Conv2DAttrs,
  type Conv2DInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { nativeKernelsOf } from './native';
import { convArgs } from './native-routes';
import { runSplit } from './kernel-threads-pool';
import { gradientRoutes } from './routes';
import { heapOffset, type WasmBackend } from './wasm-internals';

type Conv2DArgs = { inputs: Conv2DInputs; backend: WasmBackend; attrs: Conv2DAttrs };
let fallback: ((args: Conv2DArgs) => TensorInfo) | null = null;
export function setConv2DFallback(kernel: ((args: Conv2DArgs) => TensorInfo) | null): void {
  fallback = kernel;
}

/**
 * Past this many inputs per output (fh·fw·C) XNNPACK's packed GEMM keeps up
 * with or beats ours (measured on one core: cats vs dogs' 128→256 and 256→256
 * layers, ~10% slower here; MNIST's layers, K ≤ 576, 20-50% faster here).
 */
export const MAX_NATIVE_K = 1024;

/** Whether a stride or dilation attribute is 1 in both directions. */
export const isOne = (d: number | [number, number] | undefined) =>
  d === undefined || (Array.isArray(d) ? d[0] === 1 && d[1] === 1 : d === 1);

export function conv2DWasm(args: Conv2DArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const native = nativeKernelsOf(backend);
  const format = backend_util.convertConv2DDataFormat(attrs.dataFormat);
  const [fh, fw, ci] = filter.shape as [number, number, number, number];
  const ours =
    native &&
    gradientRoutes.forward === 'auto' &&
    format === 'channelsLast' &&
    isOne(attrs.dilations) &&
    x.dtype === 'float32' &&
    filter.dtype === 'float32' &&
    fh * fw * ci <= MAX_NATIVE_K;
  if (!ours) {
    if (!fallback) throw new Error("Conv2D: the WASM backend's own Conv2D kernel is missing.");
    return fallback(args);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    format,
  );
  const y = backend.makeOutput(info.outShape, 'float32');
  runSplit(
    native,
    'conv2d_forward',
    [heapOffset(backend, x), heapOffset(backend, filter), heapOffset(backend, y), ...convArgs(info)],
    info.batchSize,
  );
  return y;
}

export const conv2DWasmConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'wasm',
  kernelFunc: conv2DWasm as unknown as KernelFunc,
};
