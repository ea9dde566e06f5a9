// The committed SIMD module (native/*.wasm): what it imports and exports, and
// that it writes nothing but its outputs — tfjs-wasm owns every other byte of
// the memory it runs on.
import { describe, expect, it } from 'vitest';
import { hasRelaxedSimd, loadNativeKernels, type KernelSimd, type NativeExports } from './native';
import { nativeBinariesFromDisk, testKernelSimd } from './test-helpers';
import type { WasmBackend } from './wasm-internals';

const PAGE = 65536;

async function instantiate(
  shared: boolean,
  memory: WebAssembly.Memory,
  simd: KernelSimd = testKernelSimd,
): Promise<NativeExports> {
  const { instance } = await WebAssembly.instantiate(await nativeBinariesFromDisk(shared, simd), { env: { memory } });
  return instance.exports as unknown as NativeExports;
}

describe('the lab kernel module', () => {
  it('imports only env.memory and exports the kernels', async () => {
    for (const shared of [false, true]) {
      const module = await WebAssembly.compile(await nativeBinariesFromDisk(shared, testKernelSimd));
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      const names = WebAssembly.Module.exports(module)
        .filter((e) => e.kind === 'function')
        .map((e) => e.name)
        .sort();
      expect(names).toEqual([
        'bias_relu_grad',
        'conv2d_filter_grad',
        'conv2d_forward',
        'conv2d_forward_bias_act',
        'conv2d_input_grad',
        'max_pool_grad_2x2',
        'rmsprop_update',
        'sum_rows',
        'transpose_filter',
        'winograd_f23_filter',
        'winograd_f23_forward',
        'winograd_f43_filter',
        'winograd_f43_forward',
      ]);
    }
  });

  it('has one build for plain and one for shared (threaded) memory', async () => {
    const plain = new WebAssembly.Memory({ initial: 2 });
    const shared = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
    await expect(instantiate(false, plain)).resolves.toBeDefined();
    await expect(instantiate(true, shared)).resolves.toBeDefined();
    await expect(instantiate(true, plain)).rejects.toThrow();
  });

  it("writes only its outputs: no stack, no static data in tfjs-wasm's memory", async () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const bytes = new Uint8Array(memory.buffer);
    bytes.fill(0x5a);
    const f32 = new Float32Array(memory.buffer);
    // x [2,6,6,3], dy [2,4,4,8], dw [3,3,3,8], dx [2,6,6,3], wt [8, 27], pool x [2,4,4,4] → [2,2,2,4].
    const at = {
      x: 4096,
      dy: 8192,
      dw: 16384,
      dx: 24576,
      wt: 32768,
      px: 40960,
      pg: 45056,
      pdx: 49152,
      sum: 53248,
      y: 57344,
      yb: 61440,
      dz: 65536,
      part: 69632,
      // Winograd: x [1,4,4,4], filter [3,3,4,4], its transform (16x4x4), y [1,4,4,4], scratch (one slot, 4 tiles);
      // then F(4x4, 3x3)'s transform (36x4x4), y and scratch (one slot, 4 tiles: one real).
      wx: 73728,
      wf: 77824,
      wu: 81920,
      wy: 86016,
      ws: 90112,
      w4u: 94208,
      w4y: 98304,
      w4s: 102400,
    };
    const fill = (offset: number, n: number) => {
      for (let i = 0; i < n; i++) f32[offset / 4 + i] = Math.sin(i + offset);
    };
    fill(at.x, 216);
    fill(at.dy, 256);
    fill(at.px, 128);
    fill(at.pg, 32);
    fill(at.wx, 64);
    fill(at.wf, 144);
    const k = await instantiate(false, memory);
    const conv = [2, 6, 6, 3, 4, 4, 8, 3, 3, 1, 1, 0, 0];
    k.conv2d_filter_grad(at.x, at.dy, at.dw, ...conv, 0, 9);
    k.transpose_filter(at.dw, at.wt, 27, 8);
    k.conv2d_input_grad(at.dy, at.wt, at.dx, ...conv, 0, 2);
    k.max_pool_grad_2x2(at.px, at.pg, at.pdx, 4, 4, 4, 2, 2, 0, 2);
    k.sum_rows(at.dy, at.sum, 32, 8, 0, 2);
    k.conv2d_forward(at.x, at.dw, at.y, ...conv, 0, 2);
    // Bias: the first 8 floats of dy; dy [32 rows, 8] through the ReLU mask of y, 5-row blocks (7 units).
    k.conv2d_forward_bias_act(at.x, at.dw, at.dy, at.yb, ...conv, 1, 0, 2);
    k.bias_relu_grad(at.dy, at.y, at.dz, at.part, 32, 8, 5, 1, 0, 7);
    k.winograd_f23_filter(at.wf, at.wu, 4, 4);
    k.winograd_f23_forward(at.wx, at.wu, at.dy, at.wy, at.ws, 1, 4, 4, 4, 4, 4, 4, 1, 1, 4, 1, 0, 1, 0);
    k.winograd_f43_filter(at.wf, at.w4u, 4, 4);
    k.winograd_f43_forward(at.wx, at.w4u, at.dy, at.w4y, at.w4s, 1, 4, 4, 4, 4, 4, 4, 1, 1, 4, 1, 0, 1, 0);
    const written = [
      [at.dw, 216],
      [at.dx, 216],
      [at.wt, 216],
      [at.pdx, 128],
      [at.sum, 8],
      [at.y, 256],
      [at.yb, 256],
      [at.dz, 256],
      [at.part, 56],
      [at.wu, 256],
      [at.wy, 64],
      [at.ws, 512],
      [at.w4u, 576],
      [at.w4y, 64],
      [at.w4s, 1152],
    ] as const;
    const inputs = [
      [at.x, 216],
      [at.dy, 256],
      [at.px, 128],
      [at.pg, 32],
      [at.wx, 64],
      [at.wf, 144],
    ] as const;
    const owned = (i: number) => [...written, ...inputs].some(([o, n]) => i >= o && i < o + n * 4);
    let stray = 0;
    for (let i = 0; i < 4 * PAGE; i++) if (!owned(i) && bytes[i] !== 0x5a) stray++;
    expect(stray).toBe(0);
  });

  it('has a relaxed-SIMD build that loads exactly where the engine validates relaxed SIMD', async () => {
    // The relaxed project (vitest.config.ts) must really run the relaxed build.
    if (testKernelSimd === 'relaxed') expect(hasRelaxedSimd()).toBe(true);
    for (const shared of [false, true]) {
      expect(WebAssembly.validate(await nativeBinariesFromDisk(shared, 'simd'))).toBe(true);
      expect(WebAssembly.validate(await nativeBinariesFromDisk(shared, 'relaxed'))).toBe(hasRelaxedSimd());
    }
  });

  it('loads the relaxed build by default where it runs, else SIMD; a forced build the engine lacks gives null', async () => {
    const backend = () => ({ wasm: { wasmMemory: new WebAssembly.Memory({ initial: 2 }) } }) as unknown as WasmBackend;
    const chosen = await loadNativeKernels(backend(), nativeBinariesFromDisk);
    expect(chosen?.simd).toBe(hasRelaxedSimd() ? 'relaxed' : 'simd');
    const simd = backend();
    expect((await loadNativeKernels(simd, nativeBinariesFromDisk, 'simd'))?.simd).toBe('simd');
    // Already loaded as SIMD: asking for the other build on the same backend does not swap it.
    expect(await loadNativeKernels(simd, nativeBinariesFromDisk, 'relaxed')).toBeNull();
    expect((await loadNativeKernels(simd, nativeBinariesFromDisk))?.simd).toBe('simd');
    const relaxed = await loadNativeKernels(backend(), nativeBinariesFromDisk, 'relaxed');
    expect(relaxed?.simd ?? null).toBe(hasRelaxedSimd() ? 'relaxed' : null);
  });
});
