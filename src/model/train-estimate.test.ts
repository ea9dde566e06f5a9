import { describe, expect, it } from 'vitest';
import { findPreset } from './presets';
import { bytesText, sizeWarning } from './train-estimate';
import { estimateMemory } from './train-memory';
import { DEFAULT_SPEED, secondsPerEpoch, speedFor } from './train-speed';
import { inferSummary } from './infer';
import type { BackendName } from './training';

const arch = (id: string) => findPreset(id)!.build();
const MB = 1024 ** 2;
/** Within a factor of 2 of a measured number. */
const within2x = (estimate: number, measured: number) => {
  expect(estimate).toBeGreaterThan(measured / 2);
  expect(estimate).toBeLessThan(measured * 2);
};

describe('memory a run will hold, against what was measured', () => {
  const cats = arch('catsdogs-naive');
  const input = { arch: cats, batchSize: 32, optimizer: 'rmsprop' as const, pixelBytes: 0 };

  it('cats vs dogs, batch 32 in pieces of 4 on WASM: bench.html measured 208 MB of WebAssembly memory', () => {
    const m = estimateMemory({ ...input, backend: 'wasm', threads: 2 })!;
    expect(m.imagesAtOnce).toBe(4);
    within2x(m.backend / MB, 208);
  });

  it('cats vs dogs, the whole batch of 32 at once: measured 1,104 MB', () => {
    const m = estimateMemory({ ...input, backend: 'webgpu' })!;
    expect(m.imagesAtOnce).toBe(32);
    within2x(m.backend / MB, 1104);
  });

  it('counts the pixels on top, unless they are on disk', () => {
    const m = estimateMemory({ ...input, backend: 'wasm', pixelBytes: 486 * MB })!;
    expect(m.total - m.backend).toBe(486 * MB);
  });
});

describe('a run that will not fit says so, with the fix', () => {
  const noPoolHuge = { ...arch('mnist-no-pool'), input: { height: 1000, width: 1000, channels: 1 } };

  // The trial that found this reported 253,029,890 parameters (965 MB); the preset at 1000x1000 here is bigger
  // still: its Flatten holds 994 x 994 x 128 values.
  it('the MNIST convnet without max-pooling at 1000x1000: 1,264,778,762 parameters, 4.7 GB of weights', () => {
    expect(inferSummary(noPoolHuge).totalParams).toBe(1_264_778_762);
    const input = {
      arch: noPoolHuge,
      batchSize: 64,
      optimizer: 'rmsprop' as const,
      backend: 'wasm' as const,
      pixelBytes: 0,
    };
    const m = estimateMemory(input)!;
    expect(bytesText(m.weights)).toBe('4.7 GB');
    expect(bytesText(253_029_890 * 4)).toBe('965 MB');
    const warning = sizeWarning(input, m)!;
    expect(warning.level).toBe('too-big');
    expect(warning.text).toContain('remainder by zero');
    expect(warning.text).toContain('add MaxPooling2D after each Conv2D');
    expect(warning.text).toMatch(/dense layer holds 1,264,\d{3},\d{3} of the 1,264,778,762 parameters/);
    expect(warning.text).toContain('at 500x500 it would need');
  });

  it('the textbook presets at their defaults fit', () => {
    for (const [id, batchSize] of [
      ['mnist-convnet', 64],
      ['mnist-no-pool', 64],
      ['mnist-dense', 64],
      ['catsdogs-naive', 32],
      ['catsdogs-augmented', 32],
    ] as const) {
      for (const backend of ['wasm', 'webgpu'] as const) {
        const input = { arch: arch(id), batchSize, optimizer: 'rmsprop' as const, backend, threads: 2, pixelBytes: 0 };
        expect(sizeWarning(input, estimateMemory(input)!), `${id} on ${backend}`).toBeNull();
      }
    }
  });
});

describe('time per epoch, against the measured speeds (docs/BENCHMARKS.md)', () => {
  const imagesPerSecond = (id: string, backend: BackendName, train: number) =>
    train / secondsPerEpoch(arch(id), { train, val: 0, batchSize: 32 }, DEFAULT_SPEED[backend])!;

  it('WASM: the MNIST convnet through the app at 1,179 images/s, cats vs dogs at 22.9', () => {
    within2x(imagesPerSecond('mnist-convnet', 'wasm', 4000), 1179);
    within2x(imagesPerSecond('catsdogs-naive', 'wasm', 160), 22.9);
  });

  it('the software GPU renderers and the CPU backend on the MNIST convnet: 25.0, 9.6 and 6.8 images/s', () => {
    within2x(imagesPerSecond('mnist-convnet', 'webgl', 160), 25.0);
    within2x(imagesPerSecond('mnist-convnet', 'webgpu', 80), 9.6);
    within2x(imagesPerSecond('mnist-convnet', 'cpu', 64), 6.8);
  });

  it("takes a past run's speed on this machine over the default, and says which it used", () => {
    const past = {
      name: 'MNIST convnet',
      arch: arch('mnist-convnet'),
      backend: 'wasm' as const,
      batchSize: 64,
      counts: { train: 8000, val: 1000 },
      epochSeconds: [9, 8, 8.2],
    };
    const choice = speedFor('wasm', [past]);
    expect(choice.measured).toBe(true);
    expect(choice.source).toContain('MNIST convnet');
    // The same setup again takes what the past run took (its median epoch).
    const again = secondsPerEpoch(past.arch, { train: 8000, val: 1000, batchSize: 64 }, choice.speed)!;
    expect(again).toBeCloseTo(8.2, 5);
    const other = speedFor('webgpu', [past]);
    expect(other.measured).toBe(false);
    expect(other.source).toContain('an estimate');
  });
});
