// The lab's own WebAssembly SIMD kernels (native/lab_kernels.c), instantiated on
// tfjs-wasm's memory so they read and write tensors where they lie. Loaded once
// per backend; the gradient kernels use them when present and fall back to
// their XNNPACK routes when not (a browser without WebAssembly SIMD).
// Two builds of each: relaxed SIMD (fused multiply-add) where the engine
// validates it, else plain SIMD; README.md has the routes and their speeds.
import type { WasmBackend } from './wasm-internals';

/** Which build of the lab's module runs: 'relaxed' (relaxed-SIMD fused multiply-add) or 'simd' (plain WebAssembly SIMD). */
export type KernelSimd = 'relaxed' | 'simd';
export const KERNEL_SIMD_LABEL: Record<KernelSimd, string> = { relaxed: 'relaxed SIMD', simd: 'SIMD' };

// (module (func (result v128) v128.const 0 v128.const 0 v128.const 0 f32x4.relaxed_madd)):
// validates only where the engine runs relaxed SIMD (Chrome 114+, Node 22+;
// Node 20 with --experimental-wasm-relaxed-simd).
const RELAXED_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type section: () -> v128
  0x03,
  0x02,
  0x01,
  0x00, // function section: one function of type 0
  0x0a,
  0x3d,
  0x01,
  0x3b,
  0x00, // code section: one body of 59 bytes, no locals
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]), // three v128.const 0
  0xfd,
  0x85,
  0x02, // f32x4.relaxed_madd
  0x0b, // end
]);

/** Whether this engine runs WebAssembly relaxed SIMD (so the relaxed build would load). */
export function hasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

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
  winograd_f23_filter: Fn;
  winograd_f23_forward: Fn;
  winograd_f43_filter: Fn;
  winograd_f43_forward: Fn;
}

export interface NativeKernels {
  exports: NativeExports;
  /** Compiled once; helper threads instantiate it on the same memory (kernel-threads-pool.ts). */
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  shared: boolean;
  simd: KernelSimd;
}

/**
 * Bytes of the module built for tfjs-wasm's plain memory (`shared` false) or
 * for its shared memory (threaded build): WebAssembly needs the import to match;
 * `simd` says which instruction set's build.
 */
export type NativeBinaryLoader = (shared: boolean, simd: KernelSimd) => Promise<BufferSource>;

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

/**
 * Instantiates the kernels on `backend`'s memory; null (and the XNNPACK routes
 * stay in use) if that fails. `simd` forces a build (tests, the bench); by
 * default the relaxed one where the engine has relaxed SIMD. A forced build
 * the engine cannot run gives null, never the other build. The first load on a
 * backend stays for its lifetime (helper threads share its module).
 */
export async function loadNativeKernels(
  backend: WasmBackend,
  load: NativeBinaryLoader,
  simd?: KernelSimd,
): Promise<NativeKernels | null> {
  const already = loaded.get(backend.wasm);
  if (already) return simd === undefined || already.simd === simd ? already : null;
  const memory = backendMemory(backend);
  if (!memory) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const build = simd ?? (hasRelaxedSimd() ? 'relaxed' : 'simd');
  try {
    // Fails where WebAssembly SIMD (or, for that build, relaxed SIMD) is missing: then the XNNPACK routes serve.
    const module = await WebAssembly.compile(await load(shared, build));
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const kernels: NativeKernels = {
      exports: instance.exports as unknown as NativeExports,
      module,
      memory,
      shared,
      simd: build,
    };
    loaded.set(backend.wasm, kernels);
    return kernels;
  } catch {
    return null;
  }
}

export function nativeKernelsOf(backend: WasmBackend): NativeKernels | null {
  return loaded.get(backend.wasm) ?? null;
}
