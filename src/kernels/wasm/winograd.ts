// FusedConv2D (convolution + bias + ReLU or linear) on WASM: 3x3 filters with
// stride 1 run as Winograd F(2x2, 3x3) on the lab's SIMD module
// (native/winograd.c), 2.25x fewer multiplies than a direct convolution;
// everything else goes to tfjs-wasm's own kernel (XNNPACK). tfjs-layers runs
// a Conv2D layer as FusedConv2D outside training (predict, fast feature
// extraction), and the trainer's fused forward (fused.ts) sends its deep
// layers here too, so VGG16's 13 convolutions all take this route.
// The filter's transform (16 x C x O floats) is kept per filter tensor while
// that tensor lives: a frozen base's weights never change, and a trained
// layer's weights are a new tensor after every update.
import {
  backend_util,
  FusedConv2D,
  type FusedConv2DAttrs,
  type FusedConv2DInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { isOne } from './conv2d';
import { nativeKernelsOf, type NativeKernels } from './native';
import { poolParts, runSplit } from './kernel-threads-pool';
import { gradientRoutes } from './routes';
import { dispose, heapOffset, type WasmBackend } from './wasm-internals';

type FusedArgs = { inputs: FusedConv2DInputs; backend: WasmBackend; attrs: FusedConv2DAttrs };
let fallback: ((args: FusedArgs) => TensorInfo) | null = null;
export function setFusedConv2DFallback(kernel: ((args: FusedArgs) => TensorInfo) | null): void {
  fallback = kernel;
}

/**
 * Below this many input channels the transforms cost more than the multiplies
 * they save (VGG16's first layer, C = 3, stays with XNNPACK).
 */
export const MIN_WINOGRAD_CHANNELS = 16;

/** Whether a FusedConv2D call takes the Winograd route on `backend`. */
export function winogradApplies(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: FusedConv2DAttrs,
  prelu: boolean,
): boolean {
  const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
  return (
    nativeKernelsOf(backend) !== null &&
    gradientRoutes.winograd === 'auto' &&
    fh === 3 &&
    fw === 3 &&
    ci >= MIN_WINOGRAD_CHANNELS &&
    ci % 4 === 0 &&
    co % 4 === 0 &&
    isOne(attrs.strides) &&
    isOne(attrs.dilations) &&
    (attrs.dataFormat ?? 'NHWC') === 'NHWC' &&
    (attrs.activation === 'relu' || attrs.activation === 'linear') &&
    !prelu &&
    x.dtype === 'float32' &&
    filter.dtype === 'float32'
  );
}

// Transformed filters by filter tensor, per backend; an entry goes when its tensor has been disposed.
const caches = new WeakMap<object, Map<object, TensorInfo>>();

/** U = G g Gᵀ of `filter` [3,3,C,O], from the cache or made now. */
export function transformedFilter(native: NativeKernels, backend: WasmBackend, filter: TensorInfo): TensorInfo {
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = new Map()));
  for (const [dataId, u] of cache) {
    if (!backend.dataIdMap.has(dataId)) {
      dispose(backend, u);
      cache.delete(dataId);
    }
  }
  let u = cache.get(filter.dataId);
  if (!u) {
    const [, , ci, co] = filter.shape as [number, number, number, number];
    u = backend.makeOutput([16 * ci * co], 'float32');
    native.exports.winograd_f23_filter(heapOffset(backend, filter), heapOffset(backend, u), ci, co);
    cache.set(filter.dataId, u);
  }
  return u;
}

/** Filters whose transforms are held on `backend` now (tests check that they go). */
export function cachedFilterCount(backend: WasmBackend): number {
  return caches.get(backend)?.size ?? 0;
}

/**
 * Tiles (2x2 output pixels) per work unit: the unit's 16 matrix products read
 * the whole transformed filter (16·C·O floats) once, so larger blocks reuse it
 * more, while its V and M (16·tb·(C+O) floats) should stay in the core's cache.
 * Then units are made a multiple of the threads so that none idles at the end.
 */
export function tilesPerUnit(tiles: number, channels: number, parts: number): number {
  const target = channels <= 64 ? 256 : 128;
  let units = Math.max(1, Math.ceil(tiles / target));
  if (units >= parts || tiles >= 8 * parts) units = Math.ceil(units / parts) * parts;
  return Math.max(4, Math.ceil(tiles / units / 4) * 4);
}

/** y = act(conv3x3(x, filter) + bias), stride 1, any padding; the caller checked winogradApplies. */
export function winogradConv(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  attrs: FusedConv2DAttrs,
): TensorInfo {
  const native = nativeKernelsOf(backend)!;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: O } = info;
  const u = transformedFilter(native, backend, filter);
  const y = backend.makeOutput(info.outShape, 'float32');
  const tiles = N * Math.ceil(OH / 2) * Math.ceil(OW / 2);
  const parts = poolParts(native);
  const tb = tilesPerUnit(tiles, Math.max(C, O), parts);
  const scratch = backend.makeOutput([parts * 16 * tb * (C + O)], 'float32');
  const ptrs = [x, u].map((t) => heapOffset(backend, t));
  runSplit(
    native,
    'winograd_f23_forward',
    [
      ...ptrs,
      bias ? heapOffset(backend, bias) : 0,
      heapOffset(backend, y),
      heapOffset(backend, scratch),
      ...[N, H, W, C, OH, OW, O, info.padInfo.top, info.padInfo.left, tb, attrs.activation === 'relu' ? 1 : 0],
    ],
    Math.ceil(tiles / tb),
  );
  dispose(backend, scratch);
  return y;
}

export function fusedConv2DWasm(args: FusedArgs): TensorInfo {
  const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
  if (winogradApplies(args.backend, x!, filter!, args.attrs, preluActivationWeights != null)) {
    return winogradConv(args.backend, x!, filter!, bias ?? undefined, args.attrs);
  }
  if (!fallback) throw new Error("FusedConv2D: the WASM backend's own FusedConv2D kernel is missing.");
  return fallback(args);
}

export const fusedConv2DWasmConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'wasm',
  kernelFunc: fusedConv2DWasm as unknown as KernelFunc,
};
