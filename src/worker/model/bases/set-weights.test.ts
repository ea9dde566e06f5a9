import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BaseLayerWeights } from '../../../model/bases/weights';
import type { BaseRef } from '../../../model/bases/types';
import { buildBase } from './build';
import { expectKerasFeatures, KERAS_FORWARD_CASES, layerOf, sinWeights } from './keras-forward-test-helpers';
import { BaseWeightsError, getBaseWeights, setBaseWeights } from './set-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("a base's weights, in Keras' order", () => {
  it.each(KERAS_FORWARD_CASES)(
    '%s: with the same weights, the features keras.applications computes (1e-4 relative)',
    (key, ref, h, w) => expectKerasFeatures(key, ref, h, w),
  );
  it.each(KERAS_FORWARD_CASES)('%s folded (fast feature extraction): the same features', (key, ref, h, w) =>
    expectKerasFeatures(key, ref, h, w, 'folded'),
  );

  it('reads back what it was given, and refuses a misfit naming it, with nothing changed', () => {
    const ref: BaseRef = { base: 'mobilenet_v2', alpha: 0.35 };
    const model = buildBase(layerOf(ref), 32, 32);
    const given = sinWeights(ref);
    const tensors = tf.memory().numTensors;
    setBaseWeights(model, given);
    expect(tf.memory().numTensors).toBe(tensors);
    const back = getBaseWeights(model);
    expect(back.map((l) => l.layer)).toEqual(given.map((l) => l.layer));
    expect(back[1]!.weights[3]!.values).toEqual(given[1]!.weights[3]!.values);

    const bad = sinWeights(ref);
    bad[4]!.weights[0] = { name: 'x', shape: [1, 1, 16, 9], values: new Float32Array(144) };
    const fresh: BaseLayerWeights[] = sinWeights(ref).map((l) => ({
      ...l,
      weights: l.weights.map((w) => ({ ...w, values: w.values.map((x) => x + 1) })),
    }));
    fresh[4] = bad[4]!;
    expect(() => setBaseWeights(model, fresh)).toThrow(BaseWeightsError);
    expect(() => setBaseWeights(model, fresh)).toThrow(/expanded_conv_project: x has shape \(1, 1, 16, 9\)/);
    expect(getBaseWeights(model)[0]!.weights[0]!.values).toEqual(given[0]!.weights[0]!.values);
    expect(() => setBaseWeights(model, given.slice(1))).toThrow(/has 104 layers with weights; the file gives 103/);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
});
