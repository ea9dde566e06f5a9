// npm run bench:gpu without a GPU must say so and stop cleanly; with one, its bases rows come from the lab's builder.
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildBase } from '../src/worker/model/bases/build';
// @ts-expect-error: a plain ESM script of the bench, without types
import { benchForward } from '../bench/gpu/transfer.mjs';

describe('bench:gpu', () => {
  it('names the adapter Dawn offers, or says there is none and exits 0', () => {
    const r = spawnSync(process.execPath, ['scripts/bench-gpu.mjs', '--adapter-only'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    // This machine has no GPU: the no-adapter line. A machine with one names it instead.
    expect(r.stdout).toMatch(/no WebGPU adapter found: .*Nothing was measured\.|\[bench:gpu\] adapter: \S/);
  }, 150_000);

  it("times a base's forward pass through the lab's builder and leaves no tensor behind", async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const r = await benchForward(tf, buildBase, { base: 'mobilenet_v2', size: 32 }, 2, 0);
    expect(r).toMatchObject({ model: 'mobilenet_v2 32x32 forward', batchSize: 2, steps: 3 });
    expect(r.imagesPerSecond).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
