import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findPreset } from '../model/presets';
import { colour96, fakeClient, flush, keptRun, labStore, memoryStorage, stubMnistFetch } from './test-helpers';
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
    stubMnistFetch();
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

  it("sets up transfer's fine-tuning as Runs' one click on the student's feature-extraction run of step 2", async () => {
    const fake = fakeClient();
    lab = labStore(fake.client);
    const features = {
      ...findPreset('vgg16-feature-extraction')!.build(),
      input: { height: 96, width: 96, channels: 3 },
      numClasses: 2,
    };
    const folder = { kind: 'folder', rootName: 'pets', layout: 'classes', fileCount: 20 } as const;
    lab.setState({ dataset: colour96, dataSource: folder, dataState: 'ready' });
    lab.getState().openLesson('transfer', 3);
    await lab.getState().setUpLessonStep();
    expect(lab.getState().lessonSetup).toEqual({ phase: 'failed', why: expect.stringContaining('do step 2 first') });

    const run = keptRun(features, { id: 'features', settings: { ...DEFAULT_SETTINGS, epochs: 10 } });
    lab.setState({ runs: [run], lessonRuns: { 'transfer:2': run.id } });
    await lab.getState().setUpLessonStep();
    const s = lab.getState();
    expect(s.lessonSetup).toEqual({ phase: 'idle' });
    const base = s.arch.layers.find((l) => l.type === 'Base');
    expect(base).toMatchObject({ base: 'vgg16', fineTuneFrom: 'block5_conv1' });
    expect(s.trainSettings).toMatchObject({ optimizer: 'rmsprop', learningRate: 1e-5, epochs: 5 });
    expect(s.section).toBe('train');
    // The run it starts goes on from the feature-extraction run's classifier, not a fresh one.
    expect(s.startTraining()).not.toBeNull();
    await flush();
    expect(fake.jobs[0]!.request.initialWeights).toEqual({ runId: 'features', which: 'best', layers: 'head' });
  });

  it('refuses to set up the transfer lesson without a folder, saying what to do', async () => {
    lab.getState().openLesson('transfer');
    await lab.getState().setUpLessonStep();
    expect(lab.getState().lessonSetup).toEqual({ phase: 'failed', why: expect.stringContaining('Choose a folder') });
  });
});
