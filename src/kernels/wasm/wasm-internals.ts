// The few pieces of the tfjs WASM backend these kernels reach into: tensor ids
// on the WASM heap, and the C function behind its Conv2D kernel (XNNPACK),
// called directly for explicit asymmetric padding and dilation. Typed here
// because BackendWasm's own types do not expose them.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';

export interface WasmBackend extends KernelBackend {
  wasm: { cwrap: (name: string, ret: null, args: string[]) => (...a: unknown[]) => void };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined; has(dataId: object): boolean };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
}

interface CFunctions {
  /** tfjs-wasm's `Conv2D` export: 19 numbers, see kernels/Conv2D.js in tfjs-backend-wasm 4.22. */
  conv2d: (...args: number[]) => void;
}

const cFunctions = new WeakMap<object, CFunctions>();

function functionsOf(backend: WasmBackend): CFunctions {
  let fns = cFunctions.get(backend.wasm);
  if (!fns) {
    const conv2d = backend.wasm.cwrap('Conv2D', null, Array<string>(19).fill('number'));
    fns = { conv2d: (...args: number[]) => conv2d(...args) };
    cFunctions.set(backend.wasm, fns);
  }
  return fns;
}

function heapEntry(backend: WasmBackend, t: TensorInfo): { id: number; memoryOffset: number } {
  const entry = backend.dataIdMap.get(t.dataId);
  if (!entry) throw new Error('Tensor is not on the WASM backend.');
  return entry;
}

/** tfjs-wasm's id for a tensor (what its C kernels take). */
export function heapId(backend: WasmBackend, t: TensorInfo): number {
  return heapEntry(backend, t).id;
}

/** Byte offset of a tensor's data in the WASM memory (what the lab's SIMD kernels take). */
export function heapOffset(backend: WasmBackend, t: TensorInfo): number {
  return heapEntry(backend, t).memoryOffset;
}

export interface ConvCall {
  /** NHWC input. */
  x: TensorInfo;
  /** HWIO filter. */
  filter: TensorInfo;
  pads: { top: number; right: number; bottom: number; left: number };
  dilation: [number, number];
  stride: [number, number];
}

/** Runs XNNPACK's convolution with explicit padding; the caller disposes the result. */
export function runConv2d(backend: WasmBackend, c: ConvCall): TensorInfo {
  const [batch, inH, inW, inC] = c.x.shape as [number, number, number, number];
  const [fh, fw, filterIn, outC] = c.filter.shape as [number, number, number, number];
  if (filterIn !== inC) throw new Error(`runConv2d: filter expects ${filterIn} channels, input has ${inC}.`);
  const { top, right, bottom, left } = c.pads;
  const [dh, dw] = c.dilation;
  const [sh, sw] = c.stride;
  const outH = Math.floor((inH + top + bottom - ((fh - 1) * dh + 1)) / sh) + 1;
  const outW = Math.floor((inW + left + right - ((fw - 1) * dw + 1)) / sw) + 1;
  const out = backend.makeOutput([batch, outH, outW, outC], 'float32');
  functionsOf(backend).conv2d(
    heapId(backend, c.x),
    batch,
    inH,
    inW,
    heapId(backend, c.filter),
    fh,
    fw,
    top,
    right,
    bottom,
    left,
    /* isSamePad */ 0,
    dh,
    dw,
    sh,
    sw,
    inC,
    outC,
    heapId(backend, out),
  );
  return out;
}

export function dispose(backend: WasmBackend, ...tensors: TensorInfo[]): void {
  for (const t of tensors) backend.disposeData(t.dataId);
}
