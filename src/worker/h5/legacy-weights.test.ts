import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBaseWeights, expectedValueCount } from '../../model/bases/weights';
import { baseFixtureFile, baseFixtureLayers, fixtureWeights } from './base-fixture';
import { readH5, writeH5 } from './file';
import { readLegacyWeights, writeLegacyWeights } from './legacy-weights';

const read = (bytes: Uint8Array) => readH5(bytes, (f) => readLegacyWeights(f));

describe('legacy Keras weights (layer_names / weight_names, by position)', () => {
  it('reads MobileNetV2 0.35 in its own nested naming (Conv1/Conv1/kernel:0), values round-tripped', async () => {
    const ref = { base: 'mobilenet_v2', alpha: 0.35 } as const;
    const layers = baseFixtureLayers(ref, 7);
    const bytes = await writeH5((f) => writeLegacyWeights(f, layers, 'nested'));
    const file = await read(bytes);
    expect(file.layerNames).toEqual(layers.map((l) => l.layer));
    expect(file.layers[0]!.layer).toBe('Conv1');
    expect(file.layers[0]!.weights.map((w) => w.name)).toEqual(['Conv1/kernel:0']);
    expect(file.layers[1]!.weights.map((w) => w.name)).toEqual([
      'bn_Conv1/gamma:0',
      'bn_Conv1/beta:0',
      'bn_Conv1/moving_mean:0',
      'bn_Conv1/moving_variance:0',
    ]);
    expect(file.kerasVersion).toBe('2.1.2');
    expect(file.backend).toBe('tensorflow');
    expect(checkBaseWeights(ref, file.layers)).toBeNull();
    const want = fixtureWeights(layers);
    expect(file.layers.map((l) => l.layer)).toEqual(want.map((l) => l.layer));
    const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, k) => v === b[k]);
    expect(file.layers.every((l, i) => l.weights.every((w, j) => same(w.values, want[i]!.values[j]!)))).toBe(true);
    const count = file.layers.reduce((n, l) => n + l.weights.reduce((m, w) => m + w.values.length, 0), 0);
    expect(count).toBe(expectedValueCount(ref));
    expect(bytes.length).toBeLessThan(2_000_000);
  });

  it('reads VGG16 in Keras 1 naming (block1_conv1_W_1:0), the whole 58.9 MB layout', async () => {
    const ref = { base: 'vgg16' } as const;
    const started = performance.now();
    const bytes = await baseFixtureFile(ref);
    const file = await read(bytes);
    console.log(
      `VGG16 fixture: ${bytes.length} bytes, written and read in ${Math.round(performance.now() - started)} ms`,
    );
    expect(file.layers[0]!.weights.map((w) => w.name)).toEqual(['block1_conv1_W_1:0', 'block1_conv1_b_1:0']);
    expect(file.layers.map((l) => l.layer)).toContain('block5_conv3');
    expect(checkBaseWeights(ref, file.layers)).toBeNull();
  });

  it("reads a file h5py wrote as Keras' legacy save_weights does (testdata/make_legacy_h5py.py)", async () => {
    const dir = new URL('./testdata/', import.meta.url);
    const bytes = new Uint8Array(readFileSync(new URL('legacy-h5py.h5', dir)));
    const expected = JSON.parse(readFileSync(new URL('legacy-h5py.json', dir), 'utf8')) as {
      arrays: Record<string, [number, number][]>;
    };
    const file = await read(bytes);
    expect(file.layerNames).toEqual(['input_1', 'Conv1', 'bn_Conv1', 'Conv1_relu', 'block1_conv1']);
    expect(file.kerasVersion).toBe('2.2.4');
    expect(file.backend).toBe('tensorflow');
    // Layers without weights (an empty float64 weight_names) are dropped; the rest keep layer_names' order.
    expect(file.layers.map((l) => l.layer)).toEqual(['Conv1', 'bn_Conv1', 'block1_conv1']);
    expect(file.layers[2]!.weights.map((w) => [w.name, w.shape])).toEqual([
      ['block1_conv1_W_1:0', [3, 3, 4, 2]],
      ['block1_conv1_b_1:0', [2]],
    ]);
    for (const l of file.layers)
      l.weights.forEach((w, i) => {
        const [first, sum] = expected.arrays[l.layer]![i]!;
        expect(w.values[0]).toBeCloseTo(first, 6);
        expect(w.values.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 4);
      });
  });
});
