import { describe, expect, it } from 'vitest';
import { inferSummary } from '../../model/infer';
import type { Architecture } from '../../model/layers';
import { findPreset } from '../../model/presets';
import { colour96, fakeClient, flush, keptRun, labStore, mobileNet96 } from '../test-helpers';
import { runFineTune } from './fine-tune-run';

const vgg = () => ({ ...findPreset('vgg16-feature-extraction-augmented')!.build(), numClasses: 2 });
const baseOf = (arch: Architecture) => arch.layers.find((l) => l.type === 'Base');

describe('runFineTune', () => {
  it("fine-tunes a VGG16 feature-extraction run from the textbook's block5_conv1 at RMSprop 1e-5", () => {
    const run = keptRun(vgg());
    const tune = runFineTune(run)!;
    expect(tune.from).toBe('block5_conv1');
    expect(baseOf(tune.arch)).toMatchObject({ base: 'vgg16', fineTuneFrom: 'block5_conv1' });
    expect(inferSummary(tune.arch).trainableParams).toBe(10_356_737);
    // Everything else is the run's own model, layer for layer (its weights fit it as they are).
    expect(tune.arch.layers.map((l) => l.id)).toEqual(run.arch.layers.map((l) => l.id));
    expect(tune.settings).toEqual({ optimizer: 'rmsprop', learningRate: 1e-5 });
    expect(baseOf(run.arch)).toMatchObject({ fineTuneFrom: null });
  });

  it('offers nothing for a run with no kept weights, one already fine-tuning, no pretrained base or a TF.js one', () => {
    expect(runFineTune(keptRun(vgg(), { bestEpoch: null }))).toBeNull();
    const tuned = runFineTune(keptRun(mobileNet96()))!.arch;
    expect(runFineTune(keptRun(tuned))).toBeNull();
    expect(runFineTune(keptRun(findPreset('catsdogs-augmented')!.build()))).toBeNull();
    // A TF.js LayersModel base: no known layer to fine-tune from (the student picks one in Model).
    const tfjs = mobileNet96().layers.map((l) =>
      l.type === 'Base'
        ? { ...l, base: 'tfjs' as const, tfjs: { file: 'tm', preprocess: 'tf' as const, model: null } }
        : l,
    );
    expect(runFineTune(keptRun({ ...mobileNet96(), layers: tfjs }))).toBeNull();
  });
});

describe('fineTuneRun (Runs: "Fine-tune this run from …")', () => {
  it('puts the tuned model in Model as one undo step, RMSprop 1e-5 in Train, and the next run starts from its weights', async () => {
    const fake = fakeClient();
    const lab = labStore(fake.client);
    const before = lab.getState().arch;
    const run = keptRun(mobileNet96());
    lab.setState({ dataset: colour96, runs: [run], section: 'runs' });
    lab.getState().fineTuneRun(run.id);
    const s = lab.getState();
    expect(baseOf(s.arch)).toMatchObject({ fineTuneFrom: 'block_16_expand' });
    expect(s.trainSettings).toMatchObject({ optimizer: 'rmsprop', learningRate: 1e-5, epochs: 2 });
    expect(s.section).toBe('train');
    s.startTraining();
    await flush();
    expect(fake.jobs[0]!.request.initialWeights).toEqual({ runId: run.id, which: 'best', layers: 'head' });
    expect(fake.jobs[0]!.request.arch).toBe(s.arch);
    expect(lab.getState().runs.at(-1)!.fineTune).toEqual({ fromRunId: run.id, frozen: [], layers: 'head' });
    // One undo step takes the model back.
    fake.jobs[0]!.end({ end: 'stopped', epochsDone: 0, bestEpoch: null });
    await flush();
    lab.getState().undo();
    expect(lab.getState().arch).toBe(before);
  });

  it('changes nothing while training holds the model, and says why', () => {
    const lab = labStore(fakeClient().client);
    const run = keptRun(mobileNet96());
    lab.setState({ runs: [run], modelLock: 'Training is using the model.' });
    const { arch, trainSettings } = lab.getState();
    lab.getState().fineTuneRun(run.id);
    expect(lab.getState()).toMatchObject({
      arch,
      trainSettings,
      fineTune: false,
      runsNotice: 'Training is using the model.',
    });
  });
});
