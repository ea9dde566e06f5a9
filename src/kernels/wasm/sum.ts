// Sum over leading axes (the bias gradient: dy summed over batch, rows and
// columns) without the full transpose tfjs-wasm's Sum makes first.
import {
  Sum,
  util,
  type KernelConfig,
  type KernelFunc,
  type SumAttrs,
  type SumInputs,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { nativeKernelsOf } from './native';
import { nativeSumRows } from './native-routes';
import { gradientRoutes } from './routes';
import type { WasmBackend } from './wasm-internals';

type SumArgs = { inputs: SumInputs; backend: WasmBackend; attrs: SumAttrs };
let fallback: ((args: SumArgs) => TensorInfo) | null = null;
export function setSumFallback(kernel: ((args: SumArgs) => TensorInfo) | null): void {
  fallback = kernel;
}

/** True when `axes` are exactly 0..k-1 with k < rank (a bias-gradient shape). */
export function isLeadingAxes(axes: number[], rank: number): boolean {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.length > 0 && sorted.length < rank && sorted.every((a, i) => a === i);
}

export function sumWasm(args: SumArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const axes = util.parseAxisParam(attrs.axis, x.shape);
  if (x.dtype !== 'float32' || !isLeadingAxes(axes, x.shape.length)) {
    if (!fallback) throw new Error("Sum: the WASM backend's own Sum kernel is missing.");
    return fallback(args);
  }
  const kept = x.shape.slice(axes.length);
  const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
  const width = util.sizeFromShape(kept);
  const outShape = attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, 'float32');
  const native = nativeKernelsOf(backend);
  if (native && gradientRoutes.sum === 'auto') {
    nativeSumRows(native, backend, x, out, rows, width);
    return out;
  }
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  dst.set(sumRows(src, rows, width));
  return out;
}

/** Column sums of a rows×width matrix: float64 accumulators, four rows per pass (about 3x faster than one). */
export function sumRows(src: Float32Array, rows: number, width: number): Float64Array {
  const acc = new Float64Array(width);
  const w = width;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const base = r * w;
    for (let c = 0; c < w; c++) {
      const i = base + c;
      acc[c]! += src[i]! + src[i + w]! + (src[i + 2 * w]! + src[i + 3 * w]!);
    }
  }
  for (; r < rows; r++) {
    const base = r * w;
    for (let c = 0; c < w; c++) acc[c]! += src[base + c]!;
  }
  return acc;
}

export const sumWasmConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sumWasm as unknown as KernelFunc,
};
