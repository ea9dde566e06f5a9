import { describe, expect, it } from 'vitest';
import { inferSummary } from '../../model/infer';
import type { Architecture } from '../../model/layers';
import { findPreset } from '../../model/presets';
import { keptFor, mobileNet96 } from '../test-helpers';
import { armTitle, planThree, threeReducer, type ThreePlan } from './three';

const types = (arch: Architecture) => arch.layers.map((l) => l.type);

describe('planThree', () => {
  it('scratch, frozen base with the same head, and fine-tuning from a late block at RMSprop 1e-5, all at the base input', () => {
    const arch = mobileNet96(3);
    const before = structuredClone(arch);
    const planned = planThree(arch, [keptFor(arch)]);
    if (!planned.ok) throw new Error(planned.reason);
    const [scratch, features, tuning] = planned.plan.arms;
    expect(planned.plan.arms.map((a) => a.label)).toEqual([
      'from scratch',
      'feature extraction',
      'fine-tuning from block_16_expand',
    ]);
    // From scratch: the textbook's augmented convnet, no base, at 96x96 colour and three softmax units.
    expect(types(scratch.arch)).toEqual(types(findPreset('catsdogs-augmented')!.build()));
    expect(scratch.arch.input).toEqual(arch.input);
    expect(scratch.arch.layers.at(-1)).toMatchObject({ type: 'Dense', units: 3, activation: 'softmax' });
    expect(inferSummary(scratch.arch).rows.every((r) => r.outputShape !== null)).toBe(true);
    // Feature extraction: nothing before the frozen base (its features can be computed once), the model's head.
    expect(types(features.arch)).toEqual(['Base', 'GlobalAveragePooling2D', 'Dropout', 'Dense']);
    expect(features.arch.layers[0]).toMatchObject({ base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom: null });
    expect(features.arch.layers.slice(1)).toEqual(arch.layers.slice(1));
    // Fine-tuning: the textbook's augmentation, the base training from block_16_expand, the same head.
    expect(types(tuning.arch)).toEqual([
      'RandomFlip',
      'RandomRotation',
      'RandomZoom',
      'Base',
      'GlobalAveragePooling2D',
      'Dropout',
      'Dense',
    ]);
    expect(tuning.arch.layers[3]).toMatchObject({ fineTuneFrom: 'block_16_expand' });
    expect(inferSummary(tuning.arch).trainableParams).toBeGreaterThan(inferSummary(features.arch).trainableParams);
    expect(planned.plan.arms.map((a) => a.settings)).toEqual([
      { optimizer: 'rmsprop', learningRate: 1e-3 },
      { optimizer: 'rmsprop', learningRate: 1e-3 },
      { optimizer: 'rmsprop', learningRate: 1e-5 },
    ]);
    // As in the textbook, fine-tuning goes on from the classifier feature extraction trained, and says so.
    expect(planned.plan.arms.map((a) => a.startsFrom?.arm)).toEqual([undefined, undefined, 1]);
    expect(planned.plan.arms.map(armTitle)).toEqual([
      'from scratch',
      'feature extraction',
      "fine-tuning from block_16_expand, starting from run 2's classifier",
    ]);
    // Its head is run 2's, layer for layer: the same Keras names and output shapes after the base.
    const headRows = (a: Architecture) => {
      const rows = inferSummary(a).rows;
      return rows.slice(rows.findIndex((r) => r.type === 'Base') + 1).map((r) => [r.name, r.outputShape, r.params]);
    };
    expect(headRows(tuning.arch)).toEqual(headRows(features.arch));
    // The editor's model is untouched.
    expect(arch).toEqual(before);
  });

  it("fine-tunes VGG16 from the textbook's block5_conv1 and keeps the model's own augmentation", () => {
    const arch = findPreset('vgg16-feature-extraction-augmented')!.build();
    const planned = planThree(arch, [keptFor(arch)]);
    if (!planned.ok) throw new Error(planned.reason);
    const [, features, tuning] = planned.plan.arms;
    expect(types(features.arch)).toEqual(['Base', 'Flatten', 'Dense', 'Dropout', 'Dense']);
    expect(tuning.arch.layers.slice(0, 3)).toEqual(arch.layers.slice(0, 3));
    expect(tuning.arch.layers[3]).toMatchObject({ base: 'vgg16', fineTuneFrom: 'block5_conv1' });
    expect(inferSummary(tuning.arch).trainableParams).toBe(10_356_737);
    expect(armTitle(tuning)).toBe("fine-tuning from block5_conv1, starting from run 2's classifier");
  });

  it('says why there is no plan: no kept weights, no base in the model, the wrong file kept', () => {
    const arch = mobileNet96();
    expect(planThree(arch, [])).toMatchObject({ ok: false, reason: expect.stringContaining('No pretrained base') });
    expect(planThree(arch, null)).toMatchObject({ ok: false });
    const convnet = findPreset('catsdogs-augmented')!.build();
    expect(planThree(convnet, [keptFor(arch)])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Pick a model with a pretrained base'),
    });
    // A TF.js LayersModel base (Teachable Machine's MobileNet): no known layer to fine-tune from.
    const tfjs = {
      ...arch,
      layers: arch.layers.map((l) =>
        l.type === 'Base'
          ? { ...l, base: 'tfjs' as const, tfjs: { file: 'tm/model.json', preprocess: 'tf' as const, model: null } }
          : l,
      ),
    };
    expect(planThree(tfjs, [keptFor(arch)])).toMatchObject({
      ok: false,
      reason: expect.stringContaining("this model's base is neither"),
    });
    const vgg = findPreset('vgg16-feature-extraction')!.build();
    expect(planThree(vgg, [keptFor(arch)])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5, which is not kept'),
    });
  });
});

describe('threeReducer', () => {
  const arch = mobileNet96();
  const plan = (planThree(arch, [keptFor(arch)]) as { ok: true; plan: ThreePlan }).plan;

  it('walks run 1, 2 and 3 of 3, then done with the three ids', () => {
    let s = threeReducer({ phase: 'idle' }, { type: 'start', plan, runId: 'a' });
    s = threeReducer(s, { type: 'run-finished', ok: true, nextRunId: 'b' });
    expect(s).toMatchObject({ phase: 'running', step: 1 });
    s = threeReducer(s, { type: 'run-finished', ok: true, nextRunId: 'c' });
    expect(s).toMatchObject({ phase: 'running', step: 2, runIds: ['a', 'b', 'c'] });
    s = threeReducer(s, { type: 'run-finished', ok: true });
    expect(s).toMatchObject({ phase: 'done', runIds: ['a', 'b', 'c'] });
  });

  it('fails with the reason, and a stop is a failure the student sees', () => {
    const running = threeReducer({ phase: 'idle' }, { type: 'start', plan, runId: 'a' });
    expect(threeReducer(running, { type: 'run-finished', ok: false, why: 'NaN' })).toMatchObject({
      phase: 'failed',
      why: 'NaN',
    });
    expect(threeReducer(running, { type: 'cancel' })).toMatchObject({ phase: 'failed', why: expect.any(String) });
    expect(threeReducer({ phase: 'idle' }, { type: 'cancel' })).toEqual({ phase: 'idle' });
  });
});
