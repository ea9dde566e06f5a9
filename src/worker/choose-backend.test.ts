import { describe, expect, it } from 'vitest';
import { chooseBackend, imagesPerSecond } from './choose-backend';
import type { BackendTrial } from './protocol';

const trial = (backend: BackendTrial['backend'], msPerStep: number | null, extra: Partial<BackendTrial> = {}): BackendTrial => ({
  backend,
  ok: msPerStep !== null,
  msPerStep,
  ...extra,
});

describe('chooseBackend', () => {
  it('picks WASM over a software WebGPU adapter, even one that measured faster', () => {
    const d = chooseBackend([trial('webgpu', 50, { isFallbackAdapter: true }), trial('webgl', 1800), trial('wasm', 70)], 32);
    expect(d.backend).toBe('wasm');
    expect(d.reason).toMatch(/WASM 457 images\/s/);
    expect(d.reason).toMatch(/software adapter/);
  });

  it('lets a real GPU win when it is faster', () => {
    const d = chooseBackend([trial('webgpu', 8), trial('webgl', 20), trial('wasm', 70)], 32);
    expect(d.backend).toBe('webgpu');
    expect(d.reason).toBe('WebGPU 4000 images/s on your model, faster than WebGL 1600 images/s, WASM 457 images/s.');
  });

  it('keeps WASM when a real GPU is clearly slower than it', () => {
    expect(chooseBackend([trial('webgl', 1800), trial('wasm', 70)], 32).backend).toBe('wasm');
  });

  it('prefers the GPU on a near-tie, so the processor stays free', () => {
    const d = chooseBackend([trial('wasm', 70), trial('webgl', 75)], 32);
    expect(d.backend).toBe('webgl');
    expect(d.reason).toMatch(/as fast as WASM/);
  });

  it('falls through failed trials and says why they failed', () => {
    const d = chooseBackend([trial('webgpu', null, { error: 'no adapter' }), trial('webgl', null, { error: 'context lost' }), trial('wasm', 90)], 16);
    expect(d.backend).toBe('wasm');
    expect(d.reason).toContain('WebGPU failed (no adapter)');
    expect(d.reason).toContain('WebGL failed (context lost)');
  });

  it('ignores trials with impossible timings (NaN, zero, infinite)', () => {
    const d = chooseBackend([trial('webgpu', Number.NaN, { ok: true }), trial('webgl', 0, { ok: true }), trial('wasm', Infinity, { ok: true }), trial('cpu', 5000)], 32);
    expect(d.backend).toBe('cpu');
  });

  it('uses a software WebGPU adapter only when nothing else worked', () => {
    const d = chooseBackend([trial('webgpu', 4000, { isFallbackAdapter: true }), trial('wasm', null, { error: 'wasm file missing' })], 32);
    expect(d.backend).toBe('webgpu');
    expect(d.reason).toMatch(/nothing else worked/);
  });

  it('falls back to the CPU backend when every trial failed', () => {
    const d = chooseBackend([trial('webgpu', null), trial('wasm', null)], 32);
    expect(d.backend).toBe('cpu');
    expect(d.reason).toMatch(/No backend finished its trial/);
  });

  it('shows slow speeds with one decimal', () => {
    expect(chooseBackend([trial('cpu', 20_000)], 32).reason).toBe('CPU 1.6 images/s on your model.');
  });
});

describe('imagesPerSecond', () => {
  it('is batch size over seconds per step, or null for a failed trial', () => {
    expect(imagesPerSecond(trial('wasm', 64), 32)).toBe(500);
    expect(imagesPerSecond(trial('wasm', null), 32)).toBeNull();
  });
});
