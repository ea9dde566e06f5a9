// The augmentation preview as a short request of the training service:
// answered at once when idle and between two steps mid-run,
// seeded (same seed, same images), and leaving neither tensors nor a trace in
// the run behind it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import type { ImageDataset } from '../data/types';
import { createTrainService } from './service';
import { memoryCheckpoints } from './checkpoints';
import { syntheticSplit } from './test-data';
import type { AugmentPreviewRequest, AugmentPreviewResponse, ShortResult, TrainEvent, TrainRequest } from './protocol';
import type { JobTicket } from './job-ticket';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const S = 8;
const dataset: ImageDataset = {
  id: 'synthetic',
  name: 'Synthetic',
  source: 'builtin',
  classNames: ['a', 'b', 'c'],
  height: S,
  width: S,
  channels: 1,
  train: syntheticSplit(24, S, 3, 1),
  val: syntheticSplit(9, S, 3, 2),
  test: syntheticSplit(9, S, 3, 3),
};
// Augmentation first, then a model small enough to train a few steps in a test.
const arch: Architecture = {
  input: { height: S, width: S, channels: 1 },
  numClasses: 3,
  layers: (
    [
      { type: 'RandomFlip', mode: 'horizontal' },
      { type: 'RandomRotation', factor: 0.2, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
      { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
      { type: 'Flatten' },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
};
const trainRequest = (epochs = 2): TrainRequest => ({
  runId: 'run-1',
  arch,
  loss: 'sparse_categorical_crossentropy',
  datasetId: 'synthetic',
  settings: { epochs, batchSize: 8, learningRate: 0.01, optimizer: 'adam', backend: 'cpu', seed: 1, patience: 0 },
});
const job = (jobId: string): JobTicket => ({ jobId, ticket: true });
/** The first training image, copied (as the page sends it). */
const image = { pixels: dataset.train.images.slice(0, S * S), height: S, width: S, channels: 1 };
const preview = (over: Partial<AugmentPreviewRequest> = {}): AugmentPreviewRequest => ({
  arch,
  image,
  count: 9,
  seed: 5,
  enabled: [true, true],
  ...over,
});
const valueOf = (answer: ShortResult<AugmentPreviewResponse> | null): AugmentPreviewResponse => {
  if (!answer?.ok) throw new Error(answer ? answer.failure.message : 'no answer');
  return answer.value;
};
const joined = (images: Uint8Array[]) => images.map((img) => img.join());
const lossesOf = (events: TrainEvent[]) =>
  events.flatMap((e) =>
    e.type === 'epoch' ? [[e.metrics.loss, e.metrics.accuracy, e.metrics.valLoss, e.metrics.valAccuracy]] : [],
  );

describe('augmentSamples, the short request', () => {
  it('when idle: 9 augmented copies of the image, the same for the same seed, others for another; no tensor left behind', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints() });
    const first = valueOf(await service.augmentSamples(preview(), 'cpu'));
    expect(tf.getBackend()).toBe('cpu');
    expect(first).toHaveLength(9);
    for (const img of first) expect(img).toHaveLength(S * S);
    // Random flips and rotations of one image: several distinct samples, and not all of them the source.
    expect(new Set(joined(first)).size).toBeGreaterThanOrEqual(3);
    expect(joined(first).some((img) => img !== image.pixels.join())).toBe(true);

    const before = tf.memory().numTensors;
    const again = valueOf(await service.augmentSamples(preview(), 'cpu'));
    expect(joined(again)).toEqual(joined(first));
    const rerolled = valueOf(await service.augmentSamples(preview({ seed: 6 }), 'cpu'));
    expect(joined(rerolled)).not.toEqual(joined(first));
    // Both layers switched off: the source itself, nine times.
    const plain = valueOf(await service.augmentSamples(preview({ enabled: [false, false] }), 'cpu'));
    expect(new Set(joined(plain))).toEqual(new Set([image.pixels.join()]));
    for (let i = 0; i < 3; i++) await service.augmentSamples(preview({ seed: 10 + i }), 'cpu');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a bad request gets a clear failure, not a crash, and the service keeps answering', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints() });
    const wrongSize = await service.augmentSamples(
      preview({ image: { ...image, pixels: image.pixels.subarray(1) } }),
      'cpu',
    );
    expect(wrongSize).toMatchObject({
      ok: false,
      failure: { kind: 'data', message: expect.stringContaining(`holds ${S * S - 1} bytes`) },
    });
    const badFactor = {
      ...arch,
      layers: arch.layers.map((l) => (l.type === 'RandomRotation' ? { ...l, factor: 3 } : l)),
    };
    expect(await service.augmentSamples(preview({ arch: badFactor }), 'cpu')).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('Layer 2 (random_rotation)') },
    });
    expect(valueOf(await service.augmentSamples(preview(), 'cpu'))).toHaveLength(9);
  });

  it('mid-run: answered between two steps with the images an idle worker gives, and the run is the run without it', async () => {
    const plain = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await plain.setDataset(dataset);
    const plainEvents: TrainEvent[] = [];
    const beforePlain = tf.memory().numTensors;
    await plain.train(trainRequest(), (e) => plainEvents.push(e), job('j1'));
    const keptByARun = tf.memory().numTensors - beforePlain;
    const idle = valueOf(await plain.augmentSamples(preview(), 'cpu'));

    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    const before = tf.memory().numTensors;
    const log: string[] = [];
    const asked: Promise<unknown>[] = [];
    let during: ShortResult<AugmentPreviewResponse> | null = null;
    const events: TrainEvent[] = [];
    const outcome = await service.train(
      trainRequest(),
      (e) => {
        events.push(e);
        if (e.type === 'epoch') log.push(`epoch ${e.metrics.epoch}`);
        if (e.type === 'batch' && e.progress.epoch === 1 && e.progress.batch === 1) {
          log.push('asked at 1.1');
          asked.push(service.augmentSamples(preview(), 'wasm').then((a) => ((during = a), log.push('answered'))));
        }
      },
      job('j2'),
    );
    await Promise.all(asked);
    expect(outcome.end).toBe('done');
    // Within a step of being asked, long before the run ended, on the run's backend (the 'wasm' asked for is not started under a run).
    expect(log).toEqual(['asked at 1.1', 'answered', 'epoch 1', 'epoch 2']);
    expect(tf.getBackend()).toBe('cpu');
    expect(joined(valueOf(during))).toEqual(joined(idle));
    // The preview's layers draw from their own generators: the run's losses are exactly those without it.
    expect(lossesOf(events)).toEqual(lossesOf(plainEvents));
    expect(tf.memory().numTensors - before).toBe(keptByARun);
  });
});
