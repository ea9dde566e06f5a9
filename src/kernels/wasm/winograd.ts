// FusedConv2D (convolution + bias + ReLU or linear) on WASM: 3x3 filters with
// stride 1 run as Winograd F(4x4, 3x3) on the lab's SIMD module
// (native/winograd.c), 4x fewer multiplies than a direct convolution (or
// F(2x2, 3x3), 2.25x, which rounds less: gradientRoutes.winograd = 'f2x2');
// everything else goes to tfjs-wasm's own kernel (XNNPACK). tfjs-layers runs
// a Conv2D layer as FusedConv2D outside training (predict, fast feature
// extraction), and the trainer's fused forward (fused.ts) sends its deep
// layers here too, so VGG16's 13 convolutions all take this route.
// The filter's transform (36 or 16 x C x O floats) is kept per filter tensor while
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
  bias?: TensorInfo | null,
): boolean {
  const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
  return (
    nativeKernelsOf(backend) !== null &&
    gradientRoutes.winograd !== 'xnnpack' &&
    gradientRoutes.forward !== 'xnnpack' &&
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
    // A bias tfjs would broadcast (shape [1] or [1,1,1,O]) is left to XNNPACK: the kernel reads O values.
    (bias == null || (bias.shape.length === 1 && bias.shape[0] === co && bias.dtype === 'float32')) &&
    x.dtype === 'float32' &&
    filter.dtype === 'float32'
  );
}

/**
 * The two algorithms: output tile side, transform positions (the matrix
 * products per tile block), and their kernels. Measured one thread, VGG16's
 * layers at 180x180 (scripts/winograd-speed.mjs): F(4x4) 1.54x F(2x2)'s
 * speed; relative error against XNNPACK 4-9e-6 per layer vs 1-3e-6.
 */
export const WINOGRAD = {
  f4x4: { tile: 4, positions: 36, filter: 'winograd_f43_filter', forward: 'winograd_f43_forward' },
  f2x2: { tile: 2, positions: 16, filter: 'winograd_f23_filter', forward: 'winograd_f23_forward' },
} as const;
type Algo = (typeof WINOGRAD)[keyof typeof WINOGRAD];

// Transformed filters by filter tensor, per backend; an entry goes when its tensor has been disposed.
const caches = new WeakMap<object, Map<object, { algo: Algo; u: TensorInfo }>>();

/**
 * Frees the transforms of filters disposed since. Also run by the Dense
 * kernel (fused.ts), so that the head trained on a base's features gets that
 * memory back (VGG16's transforms: 235 MB) without another convolution.
 */
export function dropDisposedFilters(backend: WasmBackend): void {
  const cache = caches.get(backend);
  if (!cache) return;
  for (const [dataId, entry] of cache) {
    if (!backend.dataIdMap.has(dataId)) {
      dispose(backend, entry.u);
      cache.delete(dataId);
    }
  }
}

/** U = G g Gᵀ of `filter` [3,3,C,O] for `algo`, from the cache or made now. */
export function transformedFilter(
  native: NativeKernels,
  backend: WasmBackend,
  filter: TensorInfo,
  algo: Algo = WINOGRAD.f4x4,
): TensorInfo {
  dropDisposedFilters(backend);
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = new Map()));
  const held = cache.get(filter.dataId);
  if (held && held.algo !== algo) {
    dispose(backend, held.u);
    cache.delete(filter.dataId);
  }
  let entry = cache.get(filter.dataId);
  if (!entry) {
    const [, , ci, co] = filter.shape as [number, number, number, number];
    entry = { algo, u: backend.makeOutput([algo.positions * ci * co], 'float32') };
    native.exports[algo.filter](heapOffset(backend, filter), heapOffset(backend, entry.u), ci, co);
    cache.set(filter.dataId, entry);
  }
  return entry.u;
}

/** Filters whose transforms are held on `backend` now (tests check that they go). */
export function cachedFilterCount(backend: WasmBackend): number {
  return caches.get(backend)?.size ?? 0;
}

/**
 * Tiles per work unit: the unit's matrix products read the whole transformed
 * filter (36·C·O floats) once, so larger blocks reuse it more, while its V and
 * M (36·tb·(C+O) floats) should stay near the core.
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
  const algo = gradientRoutes.winograd === 'f2x2' ? WINOGRAD.f2x2 : WINOGRAD.f4x4;
  const u = transformedFilter(native, backend, filter, algo);
  const y = backend.makeOutput(info.outShape, 'float32');
  const tiles = N * Math.ceil(OH / algo.tile) * Math.ceil(OW / algo.tile);
  const parts = poolParts(native);
  const tb = tilesPerUnit(tiles, Math.max(C, O), parts);
  const scratch = backend.makeOutput([parts * algo.positions * tb * (C + O)], 'float32');
  const ptrs = [x, u].map((t) => heapOffset(backend, t));
  runSplit(
    native,
    algo.forward,
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
  if (winogradApplies(args.backend, x!, filter!, args.attrs, preluActivationWeights != null, bias)) {
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
