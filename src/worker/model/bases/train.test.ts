import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inferSummary } from '../../../model/infer';
import { withId, type Architecture, type LayerConfig } from '../../../model/layers';
import { findPreset } from '../../../model/presets';
import { makeOptimizer } from '../../optimizers';
import { trainStep } from '../../train-step';
import { buildModel, trainableVariables } from '../build';
import { baseOf } from './set-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch = (fineTuneFrom: string | null): Architecture => ({
  input: { height: 32, width: 32, channels: 3 },
  numClasses: 2,
  layers: (
    [
      { type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Dense', units: 1, activation: 'sigmoid' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
});

const read = (model: tf.LayersModel, layer: string, i: number): number[] =>
  Array.from(baseOf(model)!.getLayer(layer).getWeights()[i]!.dataSync());

describe("training a model with a base, through the lab's own training step", () => {
  it('trains exactly the parameters the summary calls trainable, for every base preset', () => {
    for (const id of ['vgg16-feature-extraction', 'vgg16-fine-tuning', 'mobilenet-v2-feature-extraction']) {
      const a = findPreset(id)!.build();
      const model = buildModel(a);
      const trainable = trainableVariables(model).reduce((n, v) => n + v.size, 0);
      expect(trainable, id).toBe(inferSummary(a).trainableParams);
      model.dispose();
    }
  });

  it("leaves a frozen part alone, BatchNorm's moving statistics included, and trains the rest", () => {
    const model = buildModel(arch('block_16_expand'));
    const optimizer = makeOptimizer('rmsprop', 1e-2);
    const x = tf.randomUniform([4, 32, 32, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 0, 1]);
    const before = {
      frozenMean: read(model, 'bn_Conv1', 2),
      frozenGamma: read(model, 'bn_Conv1', 0),
      frozenKernel: read(model, 'block_15_project', 0),
      tunedMean: read(model, 'Conv_1_bn', 2),
      tunedKernel: read(model, 'Conv_1', 0),
    };
    const tensors = tf.memory().numTensors;
    const vars = trainableVariables(model);
    const [loss, right] = trainStep(model, optimizer, vars, [{ x, y }], 'binary_crossentropy');
    expect(Number.isFinite(loss.dataSync()[0]!)).toBe(true);
    tf.dispose([loss, right]);
    expect(read(model, 'bn_Conv1', 2)).toEqual(before.frozenMean);
    expect(read(model, 'bn_Conv1', 0)).toEqual(before.frozenGamma);
    expect(read(model, 'block_15_project', 0)).toEqual(before.frozenKernel);
    expect(read(model, 'Conv_1_bn', 2)).not.toEqual(before.tunedMean);
    expect(read(model, 'Conv_1', 0)).not.toEqual(before.tunedKernel);
    // The optimizer's own slots are the only new tensors (tfjs' RMSprop: mean square and momentum per variable).
    expect(tf.memory().numTensors - tensors).toBe(2 * vars.length);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
