// The two data re-arrangements the filter gradient needs, written for its
// shapes: plain loops over the WASM heap beat tfjs-wasm's general Transpose
// here (profile in README.md).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-internals';

/** [A, B, inner] → [B, A, inner]: moves whole `inner`-long runs, so it is nearly a memcpy. */
export function swapOuterAxes(
  backend: WasmBackend,
  t: TensorInfo,
  a: number,
  b: number,
  inner: number,
  outShape: number[],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const src = backend.typedArrayFromHeap(t);
  const dst = backend.typedArrayFromHeap(out);
  if (inner < 8) {
    // Runs this short copy faster element by element than through a call each.
    for (let i = 0; i < a; i++) {
      for (let j = 0; j < b; j++) {
        const from = (i * b + j) * inner;
        const to = (j * a + i) * inner;
        for (let k = 0; k < inner; k++) dst[to + k] = src[from + k]!;
      }
    }
    return out;
  }
  // One view of the whole heap: each run is one copyWithin (about 3x faster than
  // a JS loop for MNIST's dy), with no subarray objects made.
  const heap = new Float32Array(src.buffer);
  const srcAt = src.byteOffset >> 2;
  const dstAt = dst.byteOffset >> 2;
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      const from = srcAt + (i * b + j) * inner;
      heap.copyWithin(dstAt + (j * a + i) * inner, from, from + inner);
    }
  }
  return out;
}

/** [A, M, C] → [C, M, A]: the batch axis of an NHWC tensor becomes its channels and back. */
export function swapFirstAndLastAxes(
  backend: WasmBackend,
  t: TensorInfo,
  a: number,
  m: number,
  c: number,
  outShape: number[],
): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const src = backend.typedArrayFromHeap(t);
  const dst = backend.typedArrayFromHeap(out);
  if (c === 1) {
    // [A, M] → [M, A]
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < a; i++) dst[j * a + i] = src[i * m + j]!;
    }
    return out;
  }
  for (let k = 0; k < c; k++) {
    for (let j = 0; j < m; j++) {
      const to = (k * m + j) * a;
      for (let i = 0; i < a; i++) dst[to + i] = src[(i * m + j) * c + k]!;
    }
  }
  return out;
}
