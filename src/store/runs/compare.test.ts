import { describe, expect, it } from 'vitest';
import { findPreset } from '../../model/presets';
import { DEFAULT_SETTINGS, type Run } from '../train-runs';
import { planAb } from './ab';
import { comparisonWarning, runScore, settingsDiff } from './compare';

const run = (over: Partial<Run> = {}): Run => ({
  id: 'r1',
  createdAt: 1,
  arch: findPreset('mnist-convnet')!.build(),
  loss: 'sparse_categorical_crossentropy',
  settings: DEFAULT_SETTINGS,
  dataset: { id: 'mnist', name: 'MNIST', classNames: ['0', '1'], counts: { train: 60, val: 20, test: 20 } },
  epochs: [
    { epoch: 1, loss: 1, accuracy: 0.5, valLoss: 0.8, valAccuracy: 0.6, seconds: 1 },
    { epoch: 2, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.7, seconds: 1 },
    { epoch: 3, loss: 0.3, accuracy: 0.9, valLoss: 0.7, valAccuracy: 0.72, seconds: 1 },
  ],
  bestEpoch: 2,
  test: null,
  backend: null,
  end: 'done',
  failure: null,
  ...over,
});

describe('settingsDiff', () => {
  it('lists only the settings that differ', () => {
    const a = run();
    const b = run({ id: 'r2', settings: { ...DEFAULT_SETTINGS, learningRate: 0.01 } });
    expect(settingsDiff([a, b]).map((r) => [r.key, ...r.values])).toEqual([['learningRate', '0.001', '0.01']]);
    expect(settingsDiff([a, run({ id: 'r3' })])).toEqual([]);
  });
  it('names an A/B pair by augmentation and dropout, not by layers', () => {
    const plan = planAb(findPreset('catsdogs-naive')!.build());
    const rows = settingsDiff([run({ arch: plan.a.arch }), run({ arch: plan.b.arch })]);
    expect(rows.map((r) => r.key)).toEqual(['augmentation', 'dropout']);
    expect(rows[0]!.values[0]).toBe('none');
    expect(rows[0]!.values[1]).toMatch(/^RandomFlip\(mode=horizontal\) → RandomRotation\(factor=0\.1/);
  });
});

describe('runScore and comparisonWarning', () => {
  it('takes the kept epoch’s val_loss and val_accuracy, never another epoch’s (epoch 3 had the higher 0.72)', () => {
    expect(runScore(run())).toEqual({
      bestEpoch: 2,
      bestValLoss: 0.6,
      bestValAccuracy: 0.7,
      testAccuracy: null,
      overfitEpoch: null,
      collapse: null,
    });
    const rising = [0.8, 0.6, 0.7, 0.75, 0.8].map((valLoss, i) => ({
      epoch: i + 1,
      loss: 1 / (i + 1),
      accuracy: 0.5,
      valLoss,
      valAccuracy: 0.5,
      seconds: 1,
    }));
    expect(runScore(run({ epochs: rising })).overfitEpoch).toBe(3);
  });
  it('says when a run collapsed: the cats-vs-dogs loss 0.68 -> 0.52 -> 8.09 -> 8.09', () => {
    const epochs = [0.68, 0.52, 8.09, 8.09].map((loss, i) => ({
      epoch: i + 1,
      loss,
      accuracy: i < 2 ? 0.7 : 0.49,
      valLoss: loss,
      valAccuracy: i < 2 ? 0.7 : 0.49,
      seconds: 1,
    }));
    const collapse = runScore(run({ epochs, bestEpoch: 2 })).collapse!;
    expect(collapse.kind).toBe('loss-jump');
    expect(collapse.epoch).toBe(3);
  });
  it('warns when datasets or splits differ', () => {
    expect(comparisonWarning([run(), run()])).toBeNull();
    expect(
      comparisonWarning([
        run(),
        run({ dataset: { id: 'shapes', name: 'Shapes', classNames: [], counts: { train: 1, val: 1, test: 1 } } }),
      ]),
    ).toMatch(/different datasets/);
    expect(
      comparisonWarning([
        run(),
        run({ dataset: { id: 'mnist', name: 'MNIST', classNames: [], counts: { train: 1, val: 1, test: 1 } } }),
      ]),
    ).toMatch(/different splits/);
  });
});
