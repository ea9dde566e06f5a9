// The lab's own WebAssembly SIMD kernels (native/lab_kernels.c), instantiated on
// tfjs-wasm's memory so they read and write tensors where they lie. Loaded once
// per backend; the gradient kernels use them when present and fall back to
// their XNNPACK routes when not (a browser without WebAssembly SIMD).
import type { WasmBackend } from './wasm-internals';

type Fn = (...args: number[]) => void;
export interface NativeExports {
  conv2d_filter_grad: Fn;
  conv2d_input_grad: Fn;
  conv2d_forward: Fn;
  transpose_filter: Fn;
  max_pool_grad_2x2: Fn;
  sum_rows: Fn;
  rmsprop_update: Fn;
  conv2d_forward_bias_act: Fn;
  bias_relu_grad: Fn;
}

export interface NativeKernels {
  exports: NativeExports;
  /** Compiled once; helper threads instantiate it on the same memory (pool.ts). */
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  shared: boolean;
}

/**
 * Bytes of the module built for tfjs-wasm's plain memory (`shared` false) or
 * for its shared memory (threaded build): WebAssembly needs the import to match.
 */
export type NativeBinaryLoader = (shared: boolean) => Promise<BufferSource>;

interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

const loaded = new WeakMap<object, NativeKernels>();

/** tfjs-wasm's WebAssembly.Memory: Module.wasmMemory in the threaded build, the module's own export otherwise. */
export function backendMemory(backend: WasmBackend): WebAssembly.Memory | null {
  const module = backend.wasm as unknown as EmscriptenModule;
  return module.wasmMemory ?? module.asm?.memory ?? null;
}

/** Instantiates the kernels on `backend`'s memory; null (and the XNNPACK routes stay in use) if that fails. */
export async function loadNativeKernels(backend: WasmBackend, load: NativeBinaryLoader): Promise<NativeKernels | null> {
  const already = loaded.get(backend.wasm);
  if (already) return already;
  const memory = backendMemory(backend);
  if (!memory) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    // Fails where WebAssembly SIMD is missing: then the XNNPACK routes serve.
    const module = await WebAssembly.compile(await load(shared));
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const kernels: NativeKernels = { exports: instance.exports as unknown as NativeExports, module, memory, shared };
    loaded.set(backend.wasm, kernels);
    return kernels;
  } catch {
    return null;
  }
}

export function nativeKernelsOf(backend: WasmBackend): NativeKernels | null {
  return loaded.get(backend.wasm) ?? null;
}
