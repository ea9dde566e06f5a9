import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../model/layers';
import { attachPixels, dropPixels, pixelsInMemory } from '../data/spill-file';
import type { ImageDataset } from '../data/types';
import { createTrainService } from './service';
import { memoryCheckpoints } from './checkpoints';
import { memorySpillStore } from './spill';
import { syntheticDataset, tinyConvArch } from './test-data';
import type { EpochMetrics, TrainEvent, TrainRequest } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch: Architecture = tinyConvArch();
const request = (runId: string): TrainRequest => ({
  runId,
  arch,
  loss: 'sparse_categorical_crossentropy',
  datasetId: 'synthetic',
  settings: { epochs: 2, batchSize: 8, learningRate: 0.01, optimizer: 'adam', backend: 'cpu', seed: 1, patience: 0 },
});
const job = (jobId: string) => ({ jobId, ticket: true as const });
const epochsOf = (events: TrainEvent[]): EpochMetrics[] =>
  events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));

describe('training service: a run with its pixels on disk', () => {
  it('trains to the same losses as from memory, serves images meanwhile, and gives the pixels back', async () => {
    const reference = syntheticDataset();
    const inMemory = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await inMemory.setDataset(reference);
    const memoryEvents: TrainEvent[] = [];
    await inMemory.train(request('mem'), (e) => memoryEvents.push(e), job('a'));

    // What the page posts: the worker gets its own object (a structured clone); the page keeps its one.
    const page = syntheticDataset();
    const worker: ImageDataset = structuredClone(page);
    const store = memorySpillStore();
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0, spills: store });
    await service.setDataset(worker);
    const away = await service.pixelsToDisk('synthetic');
    expect(away).toMatchObject({ ok: true, value: { layout: { bytes: (24 + 9 + 9) * 64 } } });
    expect(pixelsInMemory(worker)).toBe(false);
    dropPixels(page);

    const events: TrainEvent[] = [];
    const tensors = tf.memory().numTensors;
    let served: Uint8Array | null = null;
    const outcome = await service.train(
      request('disk'),
      (e) => {
        events.push(e);
        // A request made mid-run (as the sample grid does) is answered between two steps, from the file.
        if (e.type === 'batch' && !served)
          void service.readImages('synthetic', 'val', [3, 0]).then((r) => (served = r.ok ? r.value : null));
      },
      job('b'),
    );
    expect(outcome.end).toBe('done');
    expect(epochsOf(events).map((m) => m.loss)).toEqual(epochsOf(memoryEvents).map((m) => m.loss));
    expect(epochsOf(events).map((m) => m.valAccuracy)).toEqual(epochsOf(memoryEvents).map((m) => m.valAccuracy));
    expect(Array.from(served!)).toEqual([
      ...reference.val.images.subarray(3 * 64, 4 * 64),
      ...reference.val.images.subarray(0, 64),
    ]);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensors + 6); // the kept model's weights, no per-step leak

    const back = await service.pixelsBack('synthetic');
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(store.bytes()).toBeNull();
    attachPixels(page, back.value.block, back.value.layout);
    for (const s of ['train', 'val', 'test'] as const) {
      expect(Array.from(page[s].images)).toEqual(Array.from(reference[s].images));
      expect(Array.from(worker[s].images)).toEqual(Array.from(reference[s].images));
    }
    // Test scoring after the run reads the worker's views again.
    const scored = await service.evaluate(
      {
        runId: 'disk',
        arch,
        loss: 'sparse_categorical_crossentropy',
        datasetId: 'synthetic',
        split: 'test',
        batchSize: 4,
        backend: 'cpu',
      },
      job('c'),
    );
    expect(scored.ok).toBe(true);
  });

  it('says why the pixels stay in memory: no file system, a full disk, another dataset', async () => {
    const none = createTrainService({ checkpoints: memoryCheckpoints() });
    await none.setDataset(syntheticDataset());
    expect(await none.pixelsToDisk('synthetic')).toMatchObject({
      ok: false,
      failure: { kind: 'data', message: expect.stringContaining('stay in memory') },
    });
    expect(await none.pixelsToDisk('other')).toMatchObject({
      ok: false,
      failure: { message: 'The training worker does not have this dataset.' },
    });
    expect(await none.pixelsBack('synthetic')).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('no pixels on disk') },
    });

    const inner = memorySpillStore();
    const full = createTrainService({
      checkpoints: memoryCheckpoints(),
      spills: { remove: () => inner.remove(), open: async () => ({ ...(await inner.open()), write: () => 0 }) },
    });
    const d = syntheticDataset();
    await full.setDataset(d);
    expect(await full.pixelsToDisk('synthetic')).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('could not be written to disk') },
    });
    expect(pixelsInMemory(d)).toBe(true);
    expect(await full.readImages('synthetic', 'train', [99])).toMatchObject({
      ok: false,
      failure: { message: 'There is no image 99 in this split.' },
    });
  });

  it('a new dataset while the old one is on disk removes its file', async () => {
    const store = memorySpillStore();
    const service = createTrainService({ checkpoints: memoryCheckpoints(), spills: store });
    await service.setDataset(syntheticDataset());
    await service.pixelsToDisk('synthetic');
    expect(store.bytes()).not.toBeNull();
    await service.setDataset({ ...syntheticDataset(), id: 'next' });
    expect(store.bytes()).toBeNull();
  });
});
