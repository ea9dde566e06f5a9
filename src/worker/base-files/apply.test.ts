import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../model/layers';
import { baseFixtureFile, baseFixtureLayers } from '../h5/base-fixture';
import { buildModel } from '../model/build';
import { FailureError } from '../questions';
import { baseEntries } from '../service-bases';
import { putKeptBaseWeights } from './apply';

const NAME = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';
const REF = { base: 'mobilenet_v2', alpha: 0.35 } as const;
const arch: Architecture = {
  input: { height: 96, width: 96, channels: 3 },
  numClasses: 2,
  layers: [
    { id: 'b', type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom: null },
    { id: 'g', type: 'GlobalAveragePooling2D' },
    { id: 'd', type: 'Dense', units: 1, activation: 'sigmoid' },
  ],
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(async () => {
  await baseEntries().removeBaseFile(NAME);
});

describe('putKeptBaseWeights', () => {
  it("puts the kept file's arrays into the built base, in Keras' order, leaving no tensor behind", async () => {
    const bytes = await baseFixtureFile(REF, { seed: 3 });
    const added = await baseEntries().addBaseFile(
      { name: NAME, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) },
      null,
    );
    expect(added.ok).toBe(true);
    const model = buildModel(arch, 1);
    const before = tf.memory().numTensors;
    expect(await putKeptBaseWeights(model, arch)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const base = model.layers[0] as tf.LayersModel;
    const want = baseFixtureLayers(REF, 3).filter((l) => l.weights.length > 0);
    for (const name of ['Conv1', 'block_16_project_BN', 'Conv_1']) {
      const layer = base.getLayer(name);
      const given = want.find((l) => l.layer === name)!.weights;
      layer.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(given[i]!.values)));
    }
    model.dispose();
  });

  it('fails the run with what to do when no file is kept; a model without a base is left alone', async () => {
    const model = buildModel(arch, 1);
    const failure = await putKeptBaseWeights(model, arch).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FailureError);
    expect((failure as FailureError).failure.message).toBe(
      `The mobilenetv2_0.35_96 base has no ImageNet weights in this browser yet (${NAME}).`,
    );
    model.dispose();
    const plain: Architecture = { ...arch, layers: arch.layers.slice(1) };
    const small = buildModel(plain, 1);
    expect(await putKeptBaseWeights(small, plain)).toBe(false);
    small.dispose();
  });
});
