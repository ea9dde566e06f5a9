import { describe, expect, it } from 'vitest';
import {
  chooseBackend,
  imagesPerSecond,
  isSoftwareName,
  planTrials,
  TIMED_OUT,
  untimedOrder,
  type GpuProbe,
} from './choose-backend';
import { BACKEND_PREFERENCE } from '../model/training';
import type { BackendTrial } from './protocol';

const trial = (
  backend: BackendTrial['backend'],
  msPerStep: number | null,
  extra: Partial<BackendTrial> = {},
): BackendTrial => ({
  backend,
  ok: msPerStep !== null,
  msPerStep,
  ...extra,
});
const swiftGpu: GpuProbe = { backend: 'webgpu', name: 'google SwiftShader Device (Subzero)', software: true };
const swiftGl: GpuProbe = {
  backend: 'webgl',
  name: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
  software: true,
};
const realGl: GpuProbe = { backend: 'webgl', name: 'ANGLE (NVIDIA GeForce RTX 3060)', software: false };

describe('isSoftwareName', () => {
  it('knows SwiftShader, llvmpipe and "Software" renderers, not real GPUs', () => {
    expect(isSoftwareName(swiftGl.name)).toBe(true);
    expect(isSoftwareName('llvmpipe (LLVM 15.0.7, 256 bits)')).toBe(true);
    expect(isSoftwareName('Microsoft Basic Render Driver (Software)')).toBe(true);
    expect(isSoftwareName(realGl.name)).toBe(false);
    expect(isSoftwareName(null)).toBe(false);
  });
});

describe('planTrials', () => {
  it('skips software WebGPU and WebGL when WASM works, and says which renderer', () => {
    const plan = planTrials([swiftGpu, swiftGl], true);
    expect(plan.toTry).toEqual(['wasm']);
    expect(plan.skipped.map((t) => [t.backend, t.skipped])).toEqual([
      ['webgpu', 'software adapter google SwiftShader Device (Subzero)'],
      ['webgl', `software renderer ${swiftGl.name}`],
    ]);
  });

  it('tries software GPUs when WASM does not work (they are all there is)', () => {
    expect(planTrials([swiftGpu, swiftGl], false).toTry).toEqual(['webgpu', 'webgl']);
  });

  it('tries a real GPU next to WASM, and never an unavailable backend', () => {
    const plan = planTrials(
      [{ backend: 'webgpu', unavailable: 'this browser has no WebGPU', name: null, software: false }, realGl],
      true,
    );
    expect(plan.toTry).toEqual(['webgl', 'wasm']);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ backend: 'webgpu', skipped: 'not available (this browser has no WebGPU)' }),
    ]);
  });
});

describe('untimedOrder (a backend without a trial, e.g. after a reload)', () => {
  const realGpu: GpuProbe = { backend: 'webgpu', name: 'NVIDIA', software: false };

  it('is BACKEND_PREFERENCE, the order auto tries and breaks ties in, whatever order the probes come in', () => {
    expect(untimedOrder([realGl, realGpu])).toEqual(BACKEND_PREFERENCE);
    expect([...planTrials([realGl, realGpu], true).toTry, 'cpu']).toEqual(BACKEND_PREFERENCE);
  });

  it('leaves out software and unavailable GPUs, as auto does when WASM works; the CPU always comes last', () => {
    expect(untimedOrder([swiftGpu, swiftGl])).toEqual(['wasm', 'cpu']);
    expect(
      untimedOrder([{ backend: 'webgpu', unavailable: 'no adapter', name: null, software: false }, realGl]),
    ).toEqual(['webgl', 'wasm', 'cpu']);
  });
});

describe('chooseBackend', () => {
  it('names the skipped software backends when WASM is the only candidate (no trial run)', () => {
    const { skipped } = planTrials([swiftGpu, swiftGl], true);
    const d = chooseBackend(skipped, 32, { untimed: 'wasm' });
    expect(d.backend).toBe('wasm');
    expect(d.reason).toMatch(/^Chosen: the only backend left after the checks, so no trial was needed\. /);
    expect(d.reason).toContain('WebGPU skipped: software adapter google SwiftShader');
    expect(d.reason).toContain('WebGL skipped: software renderer ANGLE');
    expect(d.reason).not.toMatch(/WebGPU was skipped: this browser/);
  });

  it('lets a real GPU win when it is faster, with ms per step and images per second', () => {
    const d = chooseBackend([trial('webgpu', 8), trial('webgl', 20), trial('wasm', 70)], 32);
    expect(d.backend).toBe('webgpu');
    expect(d.reason).toBe(
      'Chosen: fastest of 3 tried (WebGPU 8.0 ms/step, 4000 images/s; WebGL 20 ms/step, 1600 images/s; WASM 70 ms/step, 457 images/s).',
    );
  });

  it('keeps WASM when a real GPU is clearly slower, and a GPU that ran out of time loses with that reason', () => {
    expect(chooseBackend([trial('webgl', 1800), trial('wasm', 70)], 32).backend).toBe('wasm');
    const d = chooseBackend(
      [trial('webgl', 2500, { ok: false, error: `${TIMED_OUT} (1 done)` }), trial('wasm', 70)],
      32,
    );
    expect(d.backend).toBe('wasm');
    expect(d.reason).toContain('WebGL lost: did not finish 3 steps in 3 s (1 done)');
  });

  it('prefers the GPU on a near-tie, so the processor stays free', () => {
    const d = chooseBackend([trial('wasm', 70), trial('webgl', 75)], 32);
    expect(d.backend).toBe('webgl');
    expect(d.reason).toMatch(/near-tie of 2 tried, where the GPU is preferred/);
  });

  it('a software WebGPU adapter that was tried still loses to a real backend, even measured faster', () => {
    const d = chooseBackend(
      [
        trial('webgpu', 50, { isFallbackAdapter: true }),
        trial('webgl', 1800),
        trial('wasm', null, { error: 'wasm file missing' }),
      ],
      32,
    );
    expect(d.backend).toBe('webgl');
    expect(d.reason).toContain('WebGPU lost: software, no real GPU.');
    expect(d.reason).toContain('WASM lost: wasm file missing');
  });

  it('uses a software adapter only when nothing else worked', () => {
    const d = chooseBackend(
      [trial('webgpu', 4000, { isFallbackAdapter: true }), trial('wasm', null, { error: 'wasm file missing' })],
      32,
    );
    expect(d.backend).toBe('webgpu');
    expect(d.reason).toMatch(/nothing else worked/);
  });

  it('"start on WASM now" picks WASM and says the student chose it', () => {
    const d = chooseBackend([trial('webgl', null, { skipped: 'trial ended: you chose to start on WASM now' })], 32, {
      wasmNow: true,
    });
    expect(d.backend).toBe('wasm');
    expect(d.reason).toContain('Chosen by you');
    expect(d.reason).toContain('WebGL skipped: trial ended');
  });

  it('when every trial ran out of time, the one that got furthest wins; with nothing at all, the CPU', () => {
    const cut = (b: BackendTrial['backend'], ms: number | null) => trial(b, ms, { ok: false, error: TIMED_OUT });
    expect(chooseBackend([cut('webgpu', 2900), cut('webgl', 1400)], 32).backend).toBe('webgl');
    const d = chooseBackend([cut('webgpu', null), trial('wasm', null, { error: 'no WebAssembly' })], 32);
    expect(d.backend).toBe('cpu');
    expect(d.reason).toContain('WebGPU lost: did not finish');
  });

  it('ignores trials with impossible timings (NaN, zero, infinite)', () => {
    const d = chooseBackend(
      [
        trial('webgpu', Number.NaN, { ok: true }),
        trial('webgl', 0, { ok: true }),
        trial('wasm', Infinity, { ok: true }),
        trial('cpu', 5000),
      ],
      32,
    );
    expect(d.backend).toBe('cpu');
  });
});

describe('imagesPerSecond', () => {
  it('is batch size over seconds per step, or null for a failed trial', () => {
    expect(imagesPerSecond(trial('wasm', 64), 32)).toBe(500);
    expect(imagesPerSecond(trial('wasm', null), 32)).toBeNull();
  });
});
