// The gradient kernels' fastest route: the lab's SIMD module (native.ts) run
// directly on tfjs-wasm's heap, its work split over the kernel thread pool.
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeKernels } from './native';
import { runSplit } from './kernel-threads-pool';
import { dispose, heapOffset, type WasmBackend } from './wasm-internals';

export function convArgs(info: backend_util.Conv2DInfo): number[] {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  return [
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    padInfo.top,
    padInfo.left,
  ];
}

/** dW [fh,fw,C,O]; work units are (tap, 4 input channels). */
export function nativeFilterGrad(
  native: NativeKernels,
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const dW = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  const units = info.filterHeight * info.filterWidth * Math.ceil(info.inChannels / 4);
  const ptrs = [heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dW)];
  runSplit(native, 'conv2d_filter_grad', [...ptrs, ...convArgs(info)], units);
  return dW;
}

/** dx [N,H,W,C]; work units are images. */
export function nativeInputGrad(
  native: NativeKernels,
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const wt = backend.makeOutput([info.outChannels, K], 'float32');
  native.exports.transpose_filter(heapOffset(backend, filter), heapOffset(backend, wt), K, info.outChannels);
  const dx = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  runSplit(
    native,
    'conv2d_input_grad',
    [heapOffset(backend, dy), heapOffset(backend, wt), heapOffset(backend, dx), ...convArgs(info)],
    info.batchSize,
  );
  dispose(backend, wt);
  return dx;
}

/** MaxPoolGrad for 2x2 windows, stride 2, inside the image; work units are images. */
export function nativeMaxPoolGrad2x2(
  native: NativeKernels,
  backend: WasmBackend,
  input: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const dx = backend.makeOutput(input.shape, 'float32');
  const ptrs = [heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, dx)];
  runSplit(
    native,
    'max_pool_grad_2x2',
    [...ptrs, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth],
    info.batchSize,
  );
  return dx;
}

/** Column sums of a rows×width matrix into `out`; work units are 4 columns. */
export function nativeSumRows(
  native: NativeKernels,
  backend: WasmBackend,
  x: TensorInfo,
  out: TensorInfo,
  rows: number,
  width: number,
): void {
  runSplit(native, 'sum_rows', [heapOffset(backend, x), heapOffset(backend, out), rows, width], Math.ceil(width / 4));
}
