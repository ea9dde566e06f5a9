import { beforeAll, describe, expect, it } from 'vitest';
import { baseFixtureFile } from './base-fixture';
import { BaseWeightsError, readBaseWeights, refFromFileName } from './base-weights';
import { writeH5 } from './file';
import { writeLegacyWeights } from './legacy-weights';

const MN = { base: 'mobilenet_v2', alpha: 0.35 } as const;
const MN_NAME = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';

async function failure(bytes: Uint8Array, options: Parameters<typeof readBaseWeights>[1]): Promise<string> {
  try {
    await readBaseWeights(bytes, options);
  } catch (e) {
    expect(e).toBeInstanceOf(BaseWeightsError);
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}

// One unedited fixture for the tests that only read or cut it (each build is ~1 s on this machine).
let mnBytes: Uint8Array;
beforeAll(async () => {
  mnBytes = await baseFixtureFile(MN);
});

describe('readBaseWeights', () => {
  it('identifies MobileNetV2 0.35 at 96 from the file and its Keras name; Keras names no MD5 for it', async () => {
    const bytes = mnBytes;
    const got = await readBaseWeights(bytes, { fileName: MN_NAME });
    expect(got.ref).toEqual(MN);
    expect(got.rows).toBe(96);
    expect(got.fileName).toBe(MN_NAME);
    expect(got.checksum).toBe('unknown');
    expect(got.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(got.layers).toHaveLength(104);
  });

  it('identifies a renamed file by its shapes, in either naming', async () => {
    const bytes = await baseFixtureFile({ base: 'mobilenet_v2', alpha: 0.75 }, { naming: 'keras1' });
    const got = await readBaseWeights(bytes, { fileName: 'weights (1).h5' });
    expect(got.ref).toEqual({ base: 'mobilenet_v2', alpha: 0.75 });
    expect(got.layers[0]!.weights[0]!.name).toBe('Conv1_W_1:0');
  });

  it('says a file that is not HDF5 is not', async () => {
    const text = new TextEncoder().encode('<html>Access denied</html>');
    expect(await failure(text, { fileName: MN_NAME })).toMatch(/is not an HDF5 file/);
  });

  it('says a cut-short download is truncated, with both sizes', async () => {
    const bytes = mnBytes;
    const message = await failure(bytes.slice(0, 1_000_000), { fileName: MN_NAME });
    expect(message).toMatch(/is truncated: it has 1,000,000 bytes of the [\d,]+ it was written with/);
  });

  it('says a file damaged inside (its structure overwritten) is damaged', async () => {
    const bytes = mnBytes;
    for (const at of [3000, 20_000]) {
      const damaged = bytes.slice();
      damaged.fill(0xff, at, at + 64);
      expect(await failure(damaged, { fileName: MN_NAME })).toMatch(/is damaged\. Get it again\./);
    }
  });

  it('names a missing layer', async () => {
    const bytes = await baseFixtureFile(MN, { edit: (layers) => layers.filter((l) => l.layer !== 'block_3_project') });
    const message = await failure(bytes, { fileName: MN_NAME });
    expect(message).toContain('does not fit MobileNetV2 alpha 0.35');
    expect(message).toContain('missing layer block_3_project');
  });

  it('names a layer whose shape does not fit (a wider Conv1)', async () => {
    const bytes = await baseFixtureFile(MN, {
      edit: (layers) =>
        layers.map((l) =>
          l.layer === 'Conv1'
            ? { ...l, weights: [{ role: 'kernel', shape: [3, 3, 3, 24], values: new Float32Array(3 * 3 * 3 * 24) }] }
            : l,
        ),
    });
    const message = await failure(bytes, { fileName: MN_NAME });
    expect(message).toMatch(/Conv1 kernel .* has shape \(3, 3, 3, 24\), \(3, 3, 3, 16\) expected/);
  });

  it("refuses another base's file when the model has a base, naming both", async () => {
    const bytes = mnBytes;
    const message = await failure(bytes, { fileName: MN_NAME, meant: { ref: { base: 'vgg16' }, rows: 224 } });
    expect(message).toContain("holds MobileNetV2 alpha 0.35 weights, but the model's base is VGG16");
  });

  it('refuses a Keras weights file of another network', async () => {
    const bytes = await writeH5((f) =>
      writeLegacyWeights(
        f,
        [{ layer: 'dense', weights: [{ role: 'kernel', shape: [4, 2], values: new Float32Array(8) }] }],
        'nested',
      ),
    );
    expect(await failure(bytes, { fileName: 'model.h5' })).toMatch(/not of VGG16 or MobileNetV2/);
  });

  it('refuses HDF5 without the legacy layout', async () => {
    const bytes = await writeH5((f) => f.float32('data', [2], new Float32Array(2)));
    expect(await failure(bytes, { fileName: 'x.h5' })).toMatch(/has no "layer_names" attribute/);
  });

  it("reads Keras' own file names", () => {
    expect(refFromFileName('vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5')).toEqual({
      ref: { base: 'vgg16' },
      rows: 224,
    });
    expect(refFromFileName('mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5')).toEqual({
      ref: { base: 'mobilenet_v2', alpha: 1 },
      rows: 160,
    });
    expect(refFromFileName('mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_100_no_top.h5')).toBeNull();
  });
});
