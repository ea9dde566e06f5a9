import { beforeEach, describe, expect, it } from 'vitest';
import { labStore } from './test-helpers';
import type { LabStore } from './create';
import { DEFAULT_SETTINGS } from './train-runs';
import { configOf } from '../model/layers';
import { findPreset } from '../model/presets';
import { encodeShare } from '../export/share';

let lab: LabStore;
const state = () => lab.getState();
const configs = () => state().arch.layers.map((l) => configOf(l));

describe('opening a share link', () => {
  beforeEach(() => void (lab = labStore()));

  it('replaces the stack as one undoable edit and applies the settings', async () => {
    const cats = findPreset('catsdogs-augmented')!.build();
    const before = configs();
    const link = await encodeShare({
      arch: cats,
      settings: { epochs: 30, learningRate: 0.0001, optimizer: 'adam' },
      dataset: null,
      text: 'Compare with the naive model.',
      ab: null,
    });
    expect(await state().openShareLink(`http://localhost/${link}`)).toBe(true);
    expect(configs()).toEqual(cats.layers.map((l) => configOf(l)));
    expect(state().arch.input).toEqual(cats.input);
    expect(state().trainSettings).toMatchObject({
      epochs: 30,
      learningRate: 0.0001,
      optimizer: 'adam',
      batchSize: DEFAULT_SETTINGS.batchSize,
    });
    expect(state().shareNotice).toMatchObject({ kind: 'opened', text: 'Compare with the naive model.' });
    state().undo();
    expect(configs()).toEqual(before);
  });

  it('changes nothing for a bad link, and says why', async () => {
    const before = state().arch;
    expect(await state().openShareLink('#lab=1.garbage*')).toBe(false);
    expect(state().arch).toBe(before);
    expect(state().shareNotice).toMatchObject({ kind: 'error' });
    expect(state().shareNotice!.message).toMatch(/damaged/);
  });

  it('refuses a setting the store would not keep (epochs beyond 1000), all or nothing', async () => {
    const before = state().arch;
    const link = await encodeShare({
      arch: findPreset('mnist-dense')!.build(),
      settings: { epochs: 5000 },
      dataset: null,
      text: null,
      ab: null,
    });
    expect(await state().openShareLink(link)).toBe(false);
    expect(state().arch).toBe(before);
    expect(state().trainSettings).toEqual(DEFAULT_SETTINGS);
    expect(state().shareNotice!.message).toMatch(/epochs \(5000\) is out of range/);
  });

  it('refuses while training holds the model lock', async () => {
    state().setModelLock('Training is running.');
    const link = await encodeShare({
      arch: findPreset('mnist-dense')!.build(),
      settings: {},
      dataset: null,
      text: null,
      ab: null,
    });
    expect(await state().openShareLink(link)).toBe(false);
    expect(state().shareNotice!.message).toMatch(/Training is running/);
  });
});
