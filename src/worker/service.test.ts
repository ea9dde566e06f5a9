import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import type { ImageDataset } from '../data/types';
import { createTrainService } from './service';
import { memoryCheckpoints } from './checkpoints';
import { syntheticSplit } from './testData';
import { selfTest } from './selftest';
import type { TrainEvent, TrainRequest } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset: ImageDataset = {
  id: 'synthetic', name: 'Synthetic', source: 'builtin', classNames: ['a', 'b', 'c'], height: 8, width: 8, channels: 1,
  train: syntheticSplit(24, 8, 3, 1), val: syntheticSplit(9, 8, 3, 2), test: syntheticSplit(9, 8, 3, 3),
};
const arch: Architecture = {
  input: { height: 8, width: 8, channels: 1 },
  numClasses: 3,
  layers: ([
    { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
    { type: 'Flatten' },
    { type: 'Dense', units: 3, activation: 'softmax' },
  ] as LayerConfig[]).map((l) => withId(l)),
};
const request = (o: Partial<TrainRequest> = {}, epochs = 2): TrainRequest => ({
  runId: 'run-1', arch, loss: 'sparse_categorical_crossentropy', datasetId: 'synthetic',
  settings: { epochs, batchSize: 8, learningRate: 0.01, optimizer: 'adam', backend: 'cpu', seed: 1, patience: 0 },
  ...o,
});

describe('training service', () => {
  it('the CPU backend passes the self-test (reference loss and a step that lowers it)', async () => {
    await expect(selfTest()).resolves.toBeUndefined();
  });

  it('trains, reports events in order, keeps the best checkpoint and scores it on the test split', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    expect(await service.hasDataset('synthetic')).toBe(true);
    const events: TrainEvent[] = [];
    const outcome = await service.train('j1', request(), (e) => events.push(e));
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

    const scored = await service.evaluate('j2', { runId: 'run-1', arch, loss: 'sparse_categorical_crossentropy', datasetId: 'synthetic', split: 'test', batchSize: 4, backend: 'cpu' });
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
    await service.train('j1', request({}, 1), () => {});
    const events: TrainEvent[] = [];
    const outcome = await service.train('j2', request({ resumeFromEpoch: 1 }, 3), (e) => events.push(e));
    expect(outcome).toMatchObject({ end: 'done', epochsDone: 3 });
    expect(events.flatMap((e) => (e.type === 'epoch' ? [e.metrics.epoch] : []))).toEqual([2, 3]);
    // Throttled with a huge interval: the very first batch, then only each epoch's last batch.
    expect(events.flatMap((e) => (e.type === 'batch' ? [`${e.progress.epoch}.${e.progress.batch}`] : []))).toEqual(['2.1', '2.3', '3.3']);
  });

  it('after a reload that missed the last saved epoch, a resume replays it and goes on from there', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 1e9 });
    await service.setDataset(dataset);
    const first: TrainEvent[] = [];
    await service.train('j1', request({}, 2), (e) => first.push(e));
    const saved = first.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    // The page recorded epoch 1 only; the worker had saved epoch 2 as "last".
    const events: TrainEvent[] = [];
    const outcome = await service.train('j2', request({ resumeFromEpoch: 1 }, 3), (e) => events.push(e));
    expect(outcome).toMatchObject({ end: 'done', epochsDone: 3 });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    expect(epochs.map((m) => m.epoch)).toEqual([2, 3]);
    expect(epochs[0]).toEqual(saved[1]);
    // Two epochs behind is not a gap it can fill.
    const gap = await service.train('j3', request({ resumeFromEpoch: 1 }, 4), () => {});
    expect(gap).toMatchObject({ end: 'failed', failure: { kind: 'data', message: 'The weights of epoch 1 were not kept.' } });
  });

  it('stops a job through control, and refuses data that does not fit the model', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    const outcome = await service.train('j1', request({}, 5), (e) => {
      if (e.type === 'batch' && e.progress.batch === 2) void service.control('j1', 'stop');
    });
    expect(outcome).toMatchObject({ end: 'stopped', epochsDone: 0 });

    const wrong = await service.train('j2', request({ arch: { ...arch, input: { height: 10, width: 10, channels: 1 } } }), () => {});
    expect(wrong).toMatchObject({ end: 'failed', failure: { kind: 'data', message: expect.stringContaining('8x8x1') } });
    const missing = await service.train('j3', request({ datasetId: 'other' }), () => {});
    expect(missing.failure?.kind).toBe('data');
  });

  it('a huge learning rate gives the NaN failure with advice', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints() });
    await service.setDataset(dataset);
    const outcome = await service.train('j1', request({ settings: { ...request().settings, optimizer: 'rmsprop', learningRate: 1e30 } }), () => {});
    expect(outcome.end).toBe('nan');
    expect(outcome.failure).toMatchObject({ kind: 'nan', fix: expect.stringContaining('Lower the learning rate') });
  });
});
