import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../model/layers';
import { createTrainService } from './service';
import { memoryCheckpoints, type CheckpointStore, type StoredCheckpoint } from './checkpoints';
import { syntheticDataset, tinyConvArch } from './test-data';
import { selfTest } from './selftest';
import type { ImageBatch, LayerWeights, Prediction, ShortResult, TrainEvent, TrainRequest } from './protocol';
import type { JobTicket } from './job-ticket';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = syntheticDataset();
const arch: Architecture = tinyConvArch();
const request = (o: Partial<TrainRequest> = {}, epochs = 2): TrainRequest => ({
  runId: 'run-1',
  arch,
  loss: 'sparse_categorical_crossentropy',
  datasetId: 'synthetic',
  settings: { epochs, batchSize: 8, learningRate: 0.01, optimizer: 'adam', backend: 'cpu', seed: 1, patience: 0 },
  ...o,
});
const job = (jobId: string): JobTicket => ({ jobId, ticket: true });

describe('training service', () => {
  it('the CPU backend passes the self-test (reference loss and a step that lowers it)', async () => {
    await expect(selfTest()).resolves.toBeUndefined();
  });

  it('trains, reports events in order, keeps the best checkpoint and scores it on the test split', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    expect(await service.hasDataset('synthetic')).toBe(true);
    const events: TrainEvent[] = [];
    const outcome = await service.train(request(), (e) => events.push(e), job('j1'));
    expect(outcome).toMatchObject({ end: 'done', epochsDone: 2 });
    const kinds = events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(kinds).toEqual(['preparing', 'backend', 'started', 'batch', 'epoch', 'batch', 'epoch']);
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ info: { name: 'cpu' } });
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(6);

    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    const best = epochs.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    expect(outcome.bestEpoch).toBe(best.epoch);
    const weights = await service.getWeights('run-1', 'best');
    expect(weights!.epoch).toBe(best.epoch);
    expect(weights!.tensors.map((t) => t.shape)).toEqual([[3, 3, 1, 4], [4], [144, 3], [3]]);

    const scored = await service.evaluate(
      {
        runId: 'run-1',
        arch,
        loss: 'sparse_categorical_crossentropy',
        datasetId: 'synthetic',
        split: 'test',
        batchSize: 4,
        backend: 'cpu',
      },
      job('j2'),
    );
    expect(scored.ok).toBe(true);
    if (scored.ok) {
      expect(scored.result.epoch).toBe(best.epoch);
      expect(scored.result.count).toBe(9);
      expect(scored.result.perClass).toHaveLength(3);
      expect(scored.result.accuracy).toBeGreaterThanOrEqual(0);
    }
  });

  it('continues a run from its last saved epoch without losing the better checkpoint', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 1e9 });
    await service.setDataset(dataset);
    await service.train(request({}, 1), () => {}, job('j1'));
    const events: TrainEvent[] = [];
    const outcome = await service.train(request({ resumeFromEpoch: 1 }, 3), (e) => events.push(e), job('j2'));
    expect(outcome).toMatchObject({ end: 'done', epochsDone: 3 });
    expect(events.flatMap((e) => (e.type === 'epoch' ? [e.metrics.epoch] : []))).toEqual([2, 3]);
    // Throttled with a huge interval: the very first batch, then only each epoch's last batch.
    expect(events.flatMap((e) => (e.type === 'batch' ? [`${e.progress.epoch}.${e.progress.batch}`] : []))).toEqual([
      '2.1',
      '2.3',
      '3.3',
    ]);
  });

  it('after a reload that missed the last saved epoch, a resume replays it and goes on from there', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 1e9 });
    await service.setDataset(dataset);
    const first: TrainEvent[] = [];
    await service.train(request({}, 2), (e) => first.push(e), job('j1'));
    const saved = first.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    // The page recorded epoch 1 only; the worker had saved epoch 2 as "last".
    const events: TrainEvent[] = [];
    const outcome = await service.train(request({ resumeFromEpoch: 1 }, 3), (e) => events.push(e), job('j2'));
    expect(outcome).toMatchObject({ end: 'done', epochsDone: 3 });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    expect(epochs.map((m) => m.epoch)).toEqual([2, 3]);
    expect(epochs[0]).toEqual(saved[1]);
    // Two epochs behind (the page's record is written a moment after each epoch): both are replayed from the kept history.
    const later: TrainEvent[] = [];
    const gap = await service.train(request({ resumeFromEpoch: 1 }, 4), (e) => later.push(e), job('j3'));
    expect(gap).toMatchObject({ end: 'done', epochsDone: 4 });
    const replayed = later.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    expect(replayed.map((m) => m.epoch)).toEqual([2, 3, 4]);
    expect(replayed.slice(0, 2)).toEqual(epochs);
    // Ahead of what the worker kept: nothing to continue from.
    const ahead = await service.train(request({ resumeFromEpoch: 6 }, 8), () => {}, job('j4'));
    expect(ahead).toMatchObject({
      end: 'failed',
      failure: { kind: 'data', message: 'The weights of epoch 6 were not kept.' },
    });
  });

  it('stops a job through control, and refuses data that does not fit the model', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    const outcome = await service.train(
      request({}, 5),
      (e) => {
        if (e.type === 'batch' && e.progress.batch === 2) void service.control('j1', 'stop');
      },
      job('j1'),
    );
    expect(outcome).toMatchObject({ end: 'stopped', epochsDone: 0 });

    const wrong = await service.train(
      request({ arch: { ...arch, input: { height: 10, width: 10, channels: 1 } } }),
      () => {},
      job('j2'),
    );
    expect(wrong).toMatchObject({
      end: 'failed',
      failure: { kind: 'data', message: expect.stringContaining('8x8x1') },
    });
    const missing = await service.train(request({ datasetId: 'other' }), () => {}, job('j3'));
    expect(missing.failure?.kind).toBe('data');
  });

  it('a huge learning rate gives the NaN failure with advice', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints() });
    await service.setDataset(dataset);
    const outcome = await service.train(
      request({ settings: { ...request().settings, optimizer: 'rmsprop', learningRate: 1e30 } }),
      () => {},
      job('j1'),
    );
    expect(outcome.end).toBe('nan');
    expect(outcome.failure).toMatchObject({ kind: 'nan', fix: expect.stringContaining('Lower the learning rate') });
  });
});

describe('short requests', () => {
  const lossesOf = (events: TrainEvent[]) =>
    events.flatMap((e) =>
      e.type === 'epoch' ? [[e.metrics.loss, e.metrics.accuracy, e.metrics.valLoss, e.metrics.valAccuracy]] : [],
    );
  const images: ImageBatch = {
    pixels: dataset.test.images.slice(0, 3 * 64),
    count: 3,
    height: 8,
    width: 8,
    channels: 1,
  };
  /** Records a copy of every saved checkpoint, so a test can look at epoch 1's weights after epoch 2 replaced them. */
  function recordingStore() {
    const inner = memoryCheckpoints();
    const saved: StoredCheckpoint[] = [];
    const store: CheckpointStore = { ...inner, save: (c) => (saved.push(structuredClone(c)), inner.save(c)) };
    return { store, saved };
  }

  it('are answered between training steps on the latest weights, before the run ends, without changing the run', async () => {
    const plain = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await plain.setDataset(dataset);
    const plainEvents: TrainEvent[] = [];
    const beforePlain = tf.memory().numTensors;
    await plain.train(request(), (e) => plainEvents.push(e), job('j1'));
    const keptByARun = tf.memory().numTensors - beforePlain;

    const { store, saved } = recordingStore();
    const service = createTrainService({ checkpoints: store, batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    const before = tf.memory().numTensors;
    const log: string[] = [];
    const asked: Promise<unknown>[] = [];
    let afterStep1: ShortResult<LayerWeights> | null = null;
    let endOfEpoch1: ShortResult<LayerWeights> | null = null;
    let predicted: ShortResult<Prediction> | null = null;
    const events: TrainEvent[] = [];
    const outcome = await service.train(
      request(),
      (e) => {
        events.push(e);
        if (e.type === 'epoch') log.push(`epoch ${e.metrics.epoch}`);
        if (e.type !== 'batch' || e.progress.epoch !== 1) return;
        if (e.progress.batch === 1)
          asked.push(service.layerWeights('current', 'conv2d').then((a) => ((afterStep1 = a), log.push('answer 1.1'))));
        if (e.progress.batch === 3) {
          asked.push(
            service.layerWeights('current', 'conv2d').then((a) => ((endOfEpoch1 = a), log.push('answer 1.3'))),
          );
          asked.push(service.predict('current', images).then((a) => ((predicted = a), log.push('prediction 1.3'))));
        }
      },
      job('j2'),
    );
    await Promise.all(asked);
    log.push('run over');
    expect(outcome.end).toBe('done');

    // Answered within a step of being asked, long before the run ended.
    expect(log).toEqual(['answer 1.1', 'answer 1.3', 'prediction 1.3', 'epoch 1', 'epoch 2', 'run over']);
    // The run is exactly the run without questions (same seed): no random draw, no weight change.
    expect(lossesOf(events)).toEqual(lossesOf(plainEvents));
    // Nothing left behind by the questions: the run keeps what a run without them keeps (its live model).
    expect(tf.memory().numTensors - before).toBe(keptByARun);

    const a1 = afterStep1 as ShortResult<LayerWeights> | null;
    const a3 = endOfEpoch1 as ShortResult<LayerWeights> | null;
    const p3 = predicted as ShortResult<Prediction> | null;
    if (!a1?.ok || !a3?.ok || !p3?.ok) throw new Error('a request failed');
    expect(a1.value.at).toEqual({ epoch: 1, batch: 1 });
    expect(a3.value.at).toEqual({ epoch: 1, batch: 3 });
    expect(a3.value.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['conv2d/kernel', [3, 3, 1, 4]],
      ['conv2d/bias', [4]],
    ]);
    // After the epoch's last step the weights are those the epoch ended with (validation does not change them).
    const epoch1 = saved.find((c) => c.which === 'last' && c.epoch === 1)!;
    expect(a3.value.tensors.map((t) => Array.from(t.values))).toEqual(
      epoch1.tensors.slice(0, 2).map((t) => Array.from(t.values)),
    );
    expect(a1.value.tensors[0]!.values).not.toEqual(a3.value.tensors[0]!.values);
    // The prediction mid-run is the one epoch 1's weights give.
    const fromCheckpoint = createTrainService({ checkpoints: store });
    await store.save({ ...epoch1, runId: 'epoch-1' });
    const again = await fromCheckpoint.predict({ runId: 'epoch-1', which: 'last', arch }, images);
    if (!again.ok) throw new Error(again.failure.message);
    expect(Array.from(p3.value.probabilities)).toEqual(Array.from(again.value.probabilities));
    expect(p3.value.probabilities).toHaveLength(3 * 3);
    for (let i = 0; i < 3; i++)
      expect(p3.value.probabilities.slice(i * 3, i * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('a paused run still answers, and the run goes on afterwards', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    let paused!: () => void;
    const isPaused = new Promise<void>((resolve) => (paused = resolve));
    const done = service.train(
      request({}, 1),
      (e) => {
        if (e.type === 'batch' && e.progress.batch === 1) void service.control('j1', 'pause');
        if (e.type === 'paused') paused();
      },
      job('j1'),
    );
    await isPaused;
    const answer = await service.layerWeights('current', 'dense');
    expect(answer).toMatchObject({
      ok: true,
      value: {
        at: { epoch: 1, batch: 1 },
        tensors: [
          { name: 'dense/kernel', shape: [144, 3] },
          { name: 'dense/bias', shape: [3] },
        ],
      },
    });
    await service.control('j1', 'resume');
    await expect(done).resolves.toMatchObject({ end: 'done', epochsDone: 1 });
  });

  it('when idle: answered at once from the live model or a checkpoint; bad questions get a clear failure; no tensor is left behind', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints() });
    expect(await service.layerWeights('current', 'conv2d')).toMatchObject({
      ok: false,
      failure: { kind: 'data', message: 'There is no trained model yet.' },
    });
    await service.setDataset(dataset);
    await service.train(request({}, 1), () => {}, job('j1'));
    const before = tf.memory().numTensors;
    const liveModel = 4; // conv2d and dense, kernel and bias

    const live = await service.predict('current', images);
    const kept = await service.predict({ runId: 'run-1', which: 'best', arch }, images);
    if (!live.ok || !kept.ok) throw new Error('prediction failed');
    expect(live.value.at).toEqual({ epoch: 1, batch: null });
    expect(Array.from(kept.value.probabilities)).toEqual(Array.from(live.value.probabilities));
    const stored = await service.layerWeights({ runId: 'run-1', which: 'best' }, 'dense');
    const weights = await service.getWeights('run-1', 'best');
    expect(stored).toMatchObject({ ok: true, value: { at: { epoch: 1, batch: null } } });
    if (stored.ok) expect(stored.value.tensors).toEqual(weights!.tensors.slice(2));

    expect(await service.layerWeights('current', 'conv2d_9')).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('no layer "conv2d_9"; its layers are conv2d, flatten, dense') },
    });
    expect(await service.predict('current', { ...images, height: 10, width: 10 })).toMatchObject({
      ok: false,
      failure: { kind: 'data', message: expect.stringContaining('expects 8x8x1') },
    });
    expect(await service.predict('current', { ...images, count: 4 })).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('do not make 4 images') },
    });
    expect(await service.predict({ runId: 'nope', which: 'best', arch }, images)).toMatchObject({
      ok: false,
      failure: { message: 'This run has no kept best checkpoint.' },
    });
    const otherArch = { ...arch, layers: arch.layers.filter((l) => l.type !== 'Conv2D') };
    expect(await service.predict({ runId: 'run-1', which: 'best', arch: otherArch }, images)).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('do not fit') },
    });
    expect(tf.memory().numTensors).toBe(before);

    await service.deleteRun('run-1');
    expect(await service.layerWeights({ runId: 'run-1', which: 'best' }, 'dense')).toMatchObject({ ok: false });
    expect(await service.layerWeights('current', 'dense')).toMatchObject({
      ok: false,
      failure: { message: 'There is no trained model yet.' },
    });
    expect(tf.memory().numTensors).toBe(before - liveModel); // the live model of the deleted run is gone too
  });
});
