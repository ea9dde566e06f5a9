import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import type { ImageDataset, SplitData } from '../data/types';
import type { BaseNeed } from '../model/base-files';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { keptBaseWeights } from './base-files/load';
import { memoryCheckpoints } from './checkpoints';
import { baseFixtureFile } from './h5/base-fixture';
import { buildModel } from './model/build';
import type { TrainEvent, TrainRequest } from './protocol';
import { createTrainService } from './service';
import { baseEntries } from './service-bases';
import { memorySpillStore, type SpillStore } from './spill';
import type { FeatureDisk } from './feature-keep';

const NEED: BaseNeed = { ref: { base: 'mobilenet_v2', alpha: 0.35 }, rows: 96 };
const NAME = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';
const SIZE = 96;

function colourSplit(count: number, seed: number): SplitData {
  const rand = mulberry32(seed);
  const per = SIZE * SIZE * 3;
  const images = new Uint8Array(count * per);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < per; p++) images[i * per + p] = Math.floor((p % 3 === i % 2 ? 120 : 0) + rand() * 135);
  }
  return { images, labels, count };
}

const dataset: ImageDataset = {
  id: 'colour',
  name: 'Colour',
  source: 'builtin',
  classNames: ['red', 'green'],
  height: SIZE,
  width: SIZE,
  channels: 3,
  train: colourSplit(12, 1),
  val: colourSplit(4, 2),
  test: colourSplit(4, 3),
};
// The mobilenet-v2-feature-extraction head on a frozen MobileNetV2 0.35 at 96x96 (its kept fixture file).
const arch: Architecture = {
  input: { height: SIZE, width: SIZE, channels: 3 },
  numClasses: 2,
  layers: (
    [
      { type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom: null },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Dense', units: 1, activation: 'sigmoid' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
};
const request = (runId: string): TrainRequest => ({
  runId,
  arch,
  loss: 'binary_crossentropy',
  datasetId: 'colour',
  settings: { epochs: 2, batchSize: 4, learningRate: 0.01, optimizer: 'rmsprop', backend: 'cpu', seed: 1, patience: 0 },
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  const added = await baseEntries().addBaseFile(
    { name: NAME, blob: new Blob([(await baseFixtureFile(NEED.ref)) as Uint8Array<ArrayBuffer>]) },
    NEED,
  );
  expect(added.ok).toBe(true);
});
afterAll(async () => {
  await baseEntries().removeBaseFile(NAME);
});

describe('a train job with a frozen base and nothing random before it takes the fast way', () => {
  it("computes the base's features once with progress, trains the head, and keeps the whole model", async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    const events: TrainEvent[] = [];
    const outcome = await service.train(request('fast-1'), (e) => events.push(e), { jobId: 'j1', ticket: true });
    expect(outcome).toMatchObject({ end: 'done', epochsDone: 2 });
    const lines = events.flatMap((e) => (e.type === 'preparing' ? [e.message] : []));
    const features = lines.filter((m) => m.startsWith("Computing the base's features once"));
    expect(features.at(0)).toMatch(/0 \/ 16 images/);
    expect(features.at(-1)).toMatch(/16 \/ 16 images, about \d+ s left/);
    // After the features, the training events: three batches of 4 an epoch.
    const started = events.findIndex((e) => e.type === 'started');
    expect(started).toBeGreaterThan(events.findIndex((e) => e.type === 'preparing' && e.message === features.at(-1)));
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);

    // The checkpoint is the whole model's: every tensor of base and head, the base still ImageNet's (the fixture's).
    const best = await service.getWeights('fast-1', 'last');
    const whole = buildModel(arch);
    expect(best!.tensors.map((t) => t.shape)).toEqual(whole.weights.map((w) => w.shape));
    whole.dispose();
    const kept = await keptBaseWeights(NEED);
    const named = (pattern: RegExp) => {
      const found = best!.tensors.find((t) => pattern.test(t.name));
      if (!found)
        throw new Error(
          `no ${pattern} in ${best!.tensors
            .map((t) => t.name)
            .slice(0, 6)
            .join(', ')}`,
        );
      return found.values;
    };
    expect(named(/^Conv1\/kernel/)).toEqual(kept![0]!.weights[0]!.values);
    // The head trained: its Dense kernel moved from where the seeded model starts it.
    const start = buildModel(arch, 1);
    const dense = start.layers.at(-1)!.getWeights()[0]!.dataSync();
    const trained = named(/^dense.*kernel/);
    expect(trained.some((x, i) => Math.abs(x - dense[i]!) > 1e-6)).toBe(true);
    start.dispose();
  }, 120_000);

  it('stops while computing the features', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    let asked = false;
    const outcome = await service.train(
      request('fast-2'),
      (e) => {
        if (!asked && e.type === 'preparing' && /12 \/ 16 images/.test(e.message)) {
          asked = true;
          void service.control('j2', 'stop');
        }
      },
      { jobId: 'j2', ticket: true },
    );
    expect(asked).toBe(true);
    expect(outcome).toMatchObject({ end: 'stopped', epochsDone: 0 });
    expect(await service.getWeights('fast-2', 'last')).toBeNull();
  }, 120_000);

  it("keeps the features on disk above the pixels' threshold (lowered here), says so, trains the same, removes the file", async () => {
    const inner = memorySpillStore();
    let removed = 0;
    const store: SpillStore = { open: () => inner.open(), remove: () => (removed++, inner.remove()) };
    const run = async (featureDisk: FeatureDisk | undefined, runId: string) => {
      const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0, featureDisk });
      await service.setDataset(dataset);
      const events: TrainEvent[] = [];
      let bytesWhileTraining: number | null = null;
      const outcome = await service.train(
        request(runId),
        (e) => {
          events.push(e);
          if (e.type === 'epoch') bytesWhileTraining ??= inner.bytes()?.length ?? null;
        },
        { jobId: runId, ticket: true },
      );
      const lines = events.flatMap((e) => (e.type === 'preparing' ? [e.message] : []));
      const epochs = events.flatMap((e) => (e.type === 'epoch' ? [[e.metrics.loss, e.metrics.valLoss]] : []));
      return {
        outcome,
        last: lines.filter((m) => m.startsWith("Computing the base's")).at(-1),
        epochs,
        bytesWhileTraining,
      };
    };
    const memory = await run(undefined, 'fast-memory');
    expect(memory.last).toMatch(/0\.7 MB kept in memory\): 16 \/ 16 images/);
    // 16 images of 3x3x1280 floats: 737,280 bytes, past a threshold of 1 byte.
    const disk = await run({ store, from: 1 }, 'fast-disk');
    expect(disk.outcome).toMatchObject({ end: 'done', epochsDone: 2 });
    expect(disk.last).toMatch(/0\.7 MB kept on disk\): 16 \/ 16 images/);
    expect(disk.bytesWhileTraining).toBe(16 * 3 * 3 * 1280 * 4);
    expect(disk.epochs).toEqual(memory.epochs);
    expect(inner.bytes()).toBeNull();
    expect(removed).toBe(1);
  }, 120_000);

  it('a stop while computing the features, or a file that fails to read, removes the file', async () => {
    const inner = memorySpillStore();
    const service = createTrainService({
      checkpoints: memoryCheckpoints(),
      batchEventIntervalMs: 0,
      featureDisk: { store: inner, from: 1 },
    });
    await service.setDataset(dataset);
    const stopped = await service.train(
      request('fast-stop'),
      (e) => void (e.type === 'preparing' && /12 \/ 16 images/.test(e.message) && service.control('s1', 'stop')),
      { jobId: 's1', ticket: true },
    );
    expect(stopped).toMatchObject({ end: 'stopped' });
    expect(inner.bytes()).toBeNull();
    // The file cut short while the head trains: the run fails, naming it, and the file still goes.
    const failed = await service.train(
      request('fast-fail'),
      (e) => void (e.type === 'started' && inner.open().then((f) => f.truncate(8))),
      { jobId: 's2', ticket: true },
    );
    expect(failed.end).toBe('failed');
    expect(failed.failure!.message).toContain('The features kept on disk for this run could not be read');
    expect(inner.bytes()).toBeNull();
  }, 120_000);
});
