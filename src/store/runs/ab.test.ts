import { describe, expect, it } from 'vitest';
import { inferSummary } from '../../model/infer';
import { findPreset } from '../../model/presets';
import { abReducer, planAb, type AbState } from './ab';

describe('planAb', () => {
  it('adds the textbook augmentation and Dropout to a plain model, keeping its parameters', () => {
    const arch = findPreset('catsdogs-naive')!.build();
    const plan = planAb(arch);
    expect(plan.a.arch).toBe(arch);
    const types = plan.b.arch.layers.map((l) => l.type);
    expect(types.slice(0, 3)).toEqual(['RandomFlip', 'RandomRotation', 'RandomZoom']);
    expect(types.at(-2)).toBe('Dropout');
    expect(inferSummary(plan.b.arch).totalParams).toBe(991_041);
    expect(plan.name).toMatch(/augmentation and Dropout/);
  });

  it('removes them from a model that has them, so the pair is the same either way round', () => {
    const arch = findPreset('catsdogs-augmented')!.build();
    const plan = planAb(arch);
    expect(plan.b.arch.layers.map((l) => l.type)).toEqual(
      findPreset('catsdogs-naive')!
        .build()
        .layers.map((l) => l.type),
    );
    expect(plan.b.label).toBe('without');
  });
});

describe('abReducer', () => {
  const plan = planAb(findPreset('mnist-convnet')!.build());
  it('goes through both runs, then done', () => {
    let s: AbState = { phase: 'idle' };
    s = abReducer(s, { type: 'start', plan, runId: 'a' });
    s = abReducer(s, { type: 'run-finished', ok: true, nextRunId: 'b' });
    expect(s).toMatchObject({ phase: 'running', step: 1, runIds: ['a', 'b'] });
    s = abReducer(s, { type: 'run-finished', ok: true });
    expect(s).toMatchObject({ phase: 'done', runIds: ['a', 'b'] });
  });
  it('stops at a failed run or a cancel, and ignores a second start', () => {
    let s: AbState = abReducer({ phase: 'idle' }, { type: 'start', plan, runId: 'a' });
    expect(abReducer(s, { type: 'start', plan, runId: 'x' })).toBe(s);
    expect(abReducer(s, { type: 'run-finished', ok: false, why: 'NaN' })).toMatchObject({
      phase: 'failed',
      why: 'NaN',
    });
    s = abReducer(s, { type: 'cancel' });
    expect(s.phase).toBe('failed');
  });
});
