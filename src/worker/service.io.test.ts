// The service's model export/import: a run's checkpoint out as a
// LayersModel and back in as an "imported" run, then trained further from
// those weights with a frozen layer.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { createTrainService } from './service';
import { memoryCheckpoints } from './checkpoints';
import { syntheticDataset } from './test-data';
import { buildModel, trainableVariables } from './model/build';
import type { ImageBatch, TrainRequest } from './protocol';
import type { JobTicket } from './job-ticket';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = syntheticDataset();
const arch: Architecture = {
  input: { height: 8, width: 8, channels: 1 },
  numClasses: 3,
  layers: (
    [
      { type: 'RandomFlip', mode: 'horizontal' },
      { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
      { type: 'Flatten' },
      { type: 'Dropout', rate: 0.3 },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
};
const request = (o: Partial<TrainRequest> = {}): TrainRequest => ({
  runId: 'run-1',
  arch,
  loss: 'sparse_categorical_crossentropy',
  datasetId: 'synthetic',
  settings: { epochs: 1, batchSize: 8, learningRate: 0.01, optimizer: 'adam', backend: 'cpu', seed: 1, patience: 0 },
  ...o,
});
const job = (jobId: string): JobTicket => ({ jobId, ticket: true });
const images: ImageBatch = { pixels: dataset.test.images.slice(0, 3 * 64), count: 3, height: 8, width: 8, channels: 1 };

describe('model export and import through the service', () => {
  it('exports the kept checkpoint, imports it as another run that predicts the same, and fine-tunes it with a frozen layer', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    expect(await service.train(request(), () => {}, job('j1'))).toMatchObject({ end: 'done' });

    const exported = await service.exportModel({
      runId: 'run-1',
      which: 'best',
      arch,
      stripAugmentation: false,
      zip: true,
      stem: 'mine',
    });
    if (!exported.ok) throw new Error(exported.failure.message);
    expect(exported.value.map((f) => f.name)).toEqual(['mine.zip']);

    const imported = await service.importModel('imported-1', exported.value);
    if (!imported.ok) throw new Error(imported.failure.message);
    expect(imported.value.arch.layers.map((l) => l.type)).toEqual(arch.layers.map((l) => l.type));
    const a = await service.predict({ runId: 'run-1', which: 'best', arch }, images);
    const b = await service.predict({ runId: 'imported-1', which: 'best', arch: imported.value.arch }, images);
    if (!a.ok || !b.ok) throw new Error('predict failed');
    Array.from(b.value.probabilities).forEach((p, i) => expect(p).toBeCloseTo(a.value.probabilities[i]!, 6));

    // Fine-tune: start from the imported weights with conv2d frozen: it must come out unchanged, the Dense layer must not.
    const start = await service.getWeights('imported-1', 'best');
    const outcome = await service.train(
      request({
        runId: 'tuned',
        arch: imported.value.arch,
        initialWeights: { runId: 'imported-1', which: 'best' },
        frozen: ['conv2d'],
      }),
      () => {},
      job('j2'),
    );
    expect(outcome).toMatchObject({ end: 'done' });
    const after = await service.getWeights('tuned', 'last');
    const byName = (w: typeof after, n: string) => Array.from(w!.tensors.find((t) => t.name === n)!.values);
    expect(byName(after, 'conv2d/kernel')).toEqual(byName(start, 'conv2d/kernel'));
    expect(byName(after, 'dense/kernel')).not.toEqual(byName(start, 'dense/kernel'));
  });

  it('a frozen layer is left out of the trainable variables', () => {
    const model = buildModel(arch);
    const all = trainableVariables(model).length;
    model.getLayer('conv2d').trainable = false;
    expect(
      trainableVariables(model)
        .map((v) => v.name)
        .some((n) => n.includes('conv2d')),
    ).toBe(false);
    expect(trainableVariables(model)).toHaveLength(all - 2);
    model.dispose();
  });

  it('a malformed model file is refused with a clear message and stores nothing', async () => {
    const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    const answer = await service.importModel('bad', [{ name: 'model.json', bytes: strToU8('{ not json') }]);
    expect(answer).toMatchObject({
      ok: false,
      failure: { kind: 'data', message: expect.stringMatching(/model\.json is not valid JSON/) },
    });
    expect(await service.getWeights('bad', 'best')).toBeNull();
  });
});
