import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeMnistBin, labStore, memoryStorage } from './test-helpers';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import type { LabStore } from './create';

let lab: LabStore;

/** A run as the runs slice holds it once it ended and was scored on test. */
const endedRun = (id: string, createdAt: number, accuracy: number): Run => ({
  id,
  createdAt,
  arch: lab.getState().arch,
  loss: 'sparse_categorical_crossentropy',
  settings: DEFAULT_SETTINGS,
  dataset: { id: 'd', name: 'MNIST', classNames: [], counts: { train: 240, val: 30, test: 30 } },
  epochs: [],
  bestEpoch: 1,
  test: { epoch: 1, loss: 0.3, accuracy, perClass: [], count: 300 },
  backend: null,
  end: 'done',
  failure: null,
});

describe('lessons slice', () => {
  beforeEach(() => {
    lab = labStore();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(fakeMnistBin())),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sets a step up: the data, its cap and split, the preset and the settings, then opens Train', async () => {
    lab.getState().setTrainSettings({ learningRate: 0.003, epochs: 20 });
    lab.getState().openLesson('first-convnet');
    await lab.getState().setUpLessonStep();
    const s = lab.getState();
    expect(s.lessonSetup).toEqual({ phase: 'idle' });
    expect(s.dataSource).toEqual({ kind: 'builtin', builtin: 'mnist' });
    expect(s.dataState).toBe('ready');
    expect(s.maxPerClass).toBe(300);
    expect(s.presetId).toBe('mnist-dense');
    expect(s.trainSettings).toMatchObject({ epochs: 5, batchSize: 64, learningRate: DEFAULT_SETTINGS.learningRate });
    expect(s.section).toBe('train');
  });

  it('records the first run that ends after the step was armed, and moves on', () => {
    lab.getState().addRun(endedRun('old', 1, 0.5));
    lab.getState().openLesson('first-convnet');
    expect(lab.getState().lessonStep).toBe(1);
    const armed = lab.getState().lessonArmedAt;
    lab.getState().addRun({ ...endedRun('mine', armed, 0.9), end: null, test: null });
    expect(lab.getState().lessonRuns).toEqual({}); // still running
    lab.getState().updateRun('mine', () => ({ end: 'done', test: endedRun('x', 0, 0.9).test }));
    expect(lab.getState().lessonRuns).toEqual({ 'first-convnet:1': 'mine' });
    expect(lab.getState().lessonStep).toBe(2);
  });

  it('keeps progress across a reload and opens a lesson at its first unanswered step', () => {
    const storage = memoryStorage();
    lab = labStore(undefined, { storage });
    lab.getState().openLesson('first-convnet');
    lab.getState().addRun(endedRun('mine', lab.getState().lessonArmedAt, 0.9));
    const back = labStore(undefined, { storage }).getState();
    expect(back).toMatchObject({ lessonOpen: true, lessonId: 'first-convnet', lessonStep: 2 });
    expect(back.lessonRuns).toEqual({ 'first-convnet:1': 'mine' });
    back.openLesson('overfitting');
    back.openLesson('first-convnet');
    expect(labStore(undefined, { storage }).getState().lessonStep).toBe(2);
  });

  it('refuses to set up the transfer lesson without a folder, saying what to do', async () => {
    lab.getState().openLesson('transfer');
    await lab.getState().setUpLessonStep();
    expect(lab.getState().lessonSetup).toEqual({ phase: 'failed', why: expect.stringContaining('Choose a folder') });
  });
});
