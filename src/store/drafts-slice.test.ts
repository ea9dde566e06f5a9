import { beforeEach, describe, expect, it } from 'vitest';
import { findPreset } from '../model/presets';
import { fakeClient, labStore, mnistLike } from './test-helpers';
import type { LabStore } from './create';

let lab: LabStore;
const state = () => lab.getState();

describe('a field that shows an invalid value', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
    lab = labStore(fake.client);
    lab.setState({ arch: findPreset('mnist-convnet')!.build(), dataset: mnistLike });
  });

  it('keeps training from starting on the value behind it, and lets it start once corrected', () => {
    const target = { kind: 'train', key: 'batchSize' } as const;
    state().setFieldDraft('batch', { text: '0', error: 'Between 1 and 4096', label: 'Batch size', target, base: 64 });
    expect(state().startTraining()).toBeNull();
    expect(fake.jobs).toHaveLength(0);

    state().setFieldDraft('batch', null);
    expect(state().startTraining()).not.toBeNull();
  });

  it('no longer counts once its field holds another value (undo, a preset)', () => {
    const conv = state().arch.layers.find((l) => l.type === 'Conv2D')!;
    const target = { kind: 'layer', layerId: conv.id, key: 'filters' } as const;
    state().setFieldDraft('f', { text: 'abc', error: 'Enter a number', label: 'conv2d filters', target, base: 32 });
    expect(state().startTraining()).toBeNull();
    state().applyPreset('mnist-dense');
    expect(state().startTraining()).not.toBeNull();
  });
});
