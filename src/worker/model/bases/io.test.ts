import * as tf from '@tensorflow/tfjs';
import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../../../model/layers';
import { buildModel } from '../build';
import { exportLayersModel, importLayersModel, MODEL_JSON, WEIGHTS_BIN } from '../io';
import type { WeightTensor } from '../../trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch = (fineTuneFrom: string | null): Architecture => ({
  input: { height: 32, width: 32, channels: 3 },
  numClasses: 2,
  layers: (
    [
      { type: 'RandomFlip', mode: 'horizontal' },
      { type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Dense', units: 1, activation: 'sigmoid' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
});

/** A checkpoint as the trainer keeps one: model.weights in order, distinct values. */
function checkpoint(a: Architecture): WeightTensor[] {
  const model = buildModel(a);
  const out = model.weights.map((w, i) => {
    const shape = w.shape as number[];
    const values = new Float32Array(shape.reduce((x, y) => x * y, 1)).map((_, k) => Math.sin(k + i) * 0.1 + (i % 7));
    return { name: w.originalName, shape, values };
  });
  model.dispose();
  return out;
}

describe('a model with a base through the tfjs LayersModel format', () => {
  it.each([[null], ['block_16_expand']])(
    'exports and imports back the same stack, fine-tune layer and weights (fineTuneFrom %s)',
    async (from) => {
      const a = arch(from);
      const tensors = checkpoint(a);
      const { modelJson, weights } = await exportLayersModel(a, tensors, { stripAugmentation: false });
      const back = importLayersModel([
        { name: MODEL_JSON, bytes: strToU8(modelJson) },
        { name: WEIGHTS_BIN, bytes: weights },
      ]);
      expect(back.arch.layers.map(({ id: _, ...l }) => l)).toEqual(a.layers.map(({ id: _, ...l }) => l));
      expect(back.arch.input).toEqual(a.input);
      expect(back.tensors.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
      back.tensors.forEach((t, i) => expect(t.values).toEqual(tensors[i]!.values));
    },
  );

  it('refuses a nested model that is not one of the bases, naming it', async () => {
    const a = arch(null);
    const { modelJson, weights } = await exportLayersModel(a, checkpoint(a), { stripAugmentation: true });
    const json = JSON.parse(modelJson);
    json.modelTopology.config.layers[0].config.name = 'resnet50';
    expect(() =>
      importLayersModel([
        { name: MODEL_JSON, bytes: strToU8(JSON.stringify(json)) },
        { name: WEIGHTS_BIN, bytes: weights },
      ]),
    ).toThrow(/layer 1 'resnet50': a nested model named 'resnet50', which is not one of the lab's bases/);
  });
});
