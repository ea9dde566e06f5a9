import { describe, expect, it } from 'vitest';
import { readH5, writeH5 } from './file';
import { legacyNames, readLegacyWeights } from './legacy-weights';

describe('the HDF5 door (h5wasm in Node, as in the worker)', () => {
  it('round-trips a Keras 3 model.weights.h5-like tree: nested groups, kinds, string attributes, float32 arrays', async () => {
    const kernel = Float32Array.from({ length: 24 }, (_, i) => i / 7);
    const bytes = await writeH5((f) => {
      f.float32('layers/conv2d/vars/0', [2, 2, 3, 2], kernel);
      f.float32('layers/conv2d/vars/1', [2], new Float32Array([0.5, -0.5]));
      f.group('optimizer/vars');
      f.text('', 'note', 'made by the lab');
      f.strings('layers', 'order', ['conv2d', 'dense']);
    });
    const read = await readH5(bytes, (f) => ({
      root: f.keys(''),
      vars: f.keys('layers/conv2d/vars'),
      kinds: [f.kind('layers'), f.kind('layers/conv2d/vars/0'), f.kind('nowhere')],
      kernel: f.array('layers/conv2d/vars/0'),
      note: f.strings('', 'note'),
      order: f.strings('layers', 'order'),
      missing: f.strings('', 'absent'),
      empty: f.keys('optimizer/vars'),
    }));
    expect(read.root.sort()).toEqual(['layers', 'optimizer']);
    expect(read.vars).toEqual(['0', '1']);
    expect(read.kinds).toEqual(['group', 'dataset', 'missing']);
    expect(read.kernel.shape).toEqual([2, 2, 3, 2]);
    expect(read.kernel.dtype).toBe('<f');
    expect(Array.from(read.kernel.values)).toEqual(Array.from(kernel));
    expect(read.note).toEqual(['made by the lab']);
    expect(read.order).toEqual(['conv2d', 'dense']);
    expect(read.missing).toBeUndefined();
    expect(read.empty).toEqual([]);
  });

  it("reads layer_names split into chunks (layer_names0, layer_names1) as Keras' loader does", async () => {
    const bytes = await writeH5((f) => {
      f.strings('', 'layer_names0', ['a']);
      f.strings('', 'layer_names1', ['b']);
      for (const layer of ['a', 'b']) {
        f.strings(layer, 'weight_names', [`${layer}/kernel:0`]);
        f.float32(`${layer}/${layer}/kernel:0`, [1], new Float32Array([layer === 'a' ? 1 : 2]));
      }
    });
    const file = await readH5(bytes, (f) => ({
      names: legacyNames(f, '', 'layer_names'),
      weights: readLegacyWeights(f),
    }));
    expect(file.names).toEqual(['a', 'b']);
    expect(file.weights.layers.map((l) => [l.layer, l.weights[0]!.values[0]])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('says a Keras 3 weights file is not the legacy layout', async () => {
    const bytes = await writeH5((f) => f.float32('layers/dense/vars/0', [1], new Float32Array(1)));
    await expect(readH5(bytes, (f) => readLegacyWeights(f, '"model.weights.h5"'))).rejects.toThrow(
      '"model.weights.h5" is a Keras 3 weights file (model.weights.h5), not the legacy layout',
    );
  });
});
