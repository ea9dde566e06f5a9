import { describe, expect, it } from 'vitest';
import { labStore, memoryStorage } from './test-helpers';
import { SAVED, type SavedState } from './saved';
import { findPreset } from '../model/presets';
import { DEFAULT_SETTINGS } from './train-runs';
import type { Architecture } from '../model/layers';

/** A value other than the fresh store's for every saved key. */
const changed: SavedState = {
  arch: findPreset('catsdogs-augmented')!.build(),
  presetId: 'catsdogs-augmented',
  inputSetByHand: true,
  section: 'runs',
  trainSettings: { ...DEFAULT_SETTINGS, epochs: 12, learningRate: 0.01, optimizer: 'adam', backend: 'wasm' },
  currentRunId: 'run-7',
  lessonOpen: true,
  lessonId: 'augmentation',
  lessonStep: 2,
  lessonRuns: { 'augmentation:1': 'run-3' },
  lessonArmedAt: 1_700_000_000_000,
};

/** Garbage of another type or out of range for every saved key. */
const garbage: Record<keyof SavedState, unknown> = {
  arch: 'not an architecture',
  presetId: 'no-such-preset',
  inputSetByHand: 'yes',
  section: 'kitchen',
  trainSettings: { epochs: -3, learningRate: 'fast', optimizer: 'magic', backend: 42 },
  currentRunId: 17,
  lessonOpen: 'open',
  lessonId: 'gans',
  lessonStep: 0.5,
  lessonRuns: ['run-3'],
  lessonArmedAt: 'soon',
};

/** The fallback architecture is made fresh (new layer ids): compared by its layers' types and input. */
const comparable = (key: keyof SavedState, value: unknown) =>
  key === 'arch' ? { ...(value as Architecture), layers: (value as Architecture).layers.map((l) => l.type) } : value;

const saved = (storage: ReturnType<typeof memoryStorage>) =>
  JSON.parse(storage.items.get('convnet-lab')!) as { state: Record<string, unknown> };

describe('saved state', () => {
  it('the test covers every key of the table', () => {
    expect(Object.keys(changed).sort()).toEqual(Object.keys(SAVED).sort());
    expect(Object.keys(garbage).sort()).toEqual(Object.keys(SAVED).sort());
  });

  it('saves exactly the keys of the table, and every one comes back in a new store', () => {
    const storage = memoryStorage();
    labStore(undefined, { storage }).setState(changed);
    expect(Object.keys(saved(storage).state).sort()).toEqual(Object.keys(SAVED).sort());
    const reloaded = labStore(undefined, { storage }).getState();
    for (const key of Object.keys(SAVED) as (keyof SavedState)[]) expect(reloaded[key], key).toEqual(changed[key]);
  });

  it('a garbage value of any key falls back to a valid one, and the others still come back', () => {
    const fresh = labStore().getState();
    for (const key of Object.keys(SAVED) as (keyof SavedState)[]) {
      const storage = memoryStorage();
      labStore(undefined, { storage }).setState(changed);
      const stored = saved(storage);
      storage.items.set('convnet-lab', JSON.stringify({ ...stored, state: { ...stored.state, [key]: garbage[key] } }));
      const back = labStore(undefined, { storage }).getState();
      // An unknown preset: none (the saved layers say what the model is); else the fresh store's value.
      const expected = key === 'presetId' ? null : fresh[key];
      expect(comparable(key, back[key]), key).toEqual(comparable(key, expected));
      for (const other of Object.keys(SAVED) as (keyof SavedState)[])
        if (other !== key) expect(back[other], `${other} beside a broken ${key}`).toEqual(changed[other]);
    }
  });

  it('takes over the runs an older version kept here, and nothing at all from an unreadable save', () => {
    const storage = memoryStorage();
    storage.setItem('convnet-lab', JSON.stringify({ state: { runs: [{ id: 'broken' }] }, version: 1 }));
    expect(labStore(undefined, { storage }).getState().runs).toEqual([]);
    storage.setItem('convnet-lab', 'not json');
    expect(labStore(undefined, { storage }).getState().section).toBe(labStore().getState().section);
  });
});
