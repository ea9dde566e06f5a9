// The service's inspect requests on the tfjs CPU backend: each one
// answers after a run and in the middle of one, leaves no tensor behind, and
// the run's epoch snapshots are kept per epoch and deleted with the run.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { createTrainService } from './service';
import { memoryCheckpoints } from './checkpoints';
import { memorySnapshots } from './inspect/snapshot-store';
import { syntheticDataset } from './test-data';
import type { InspectSource, ShortResult, TrainEvent, TrainRequest, TrainWorkerApi } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = syntheticDataset();
const arch: Architecture = {
  input: { height: 8, width: 8, channels: 1 },
  numClasses: 3,
  layers: (
    [
      { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
      { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
      { type: 'Flatten' },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
};
const request = (epochs = 2): TrainRequest => ({
  runId: 'run-1',
  arch,
  loss: 'sparse_categorical_crossentropy',
  datasetId: 'synthetic',
  settings: { epochs, batchSize: 8, learningRate: 0.05, optimizer: 'adam', backend: 'cpu', seed: 1, patience: 0 },
});
const pixels = () => dataset.test.images.slice(0, 64);

function value<T>(r: ShortResult<T>): T {
  if (!r.ok) throw new Error(`${r.failure.message} ${r.failure.fix}`);
  return r.value;
}

/** Every inspect request on one source; resolves to their answers by name. */
async function askAll(service: TrainWorkerApi, source: InspectSource) {
  return {
    kernels: value(await service.inspectKernels(source, 'conv2d')),
    maps: value(await service.inspectActivations(source, { pixels: pixels() })),
    conv: value(await service.inspectConv(source, { pixels: pixels(), layer: 'conv2d', filter: 2 })),
    pool: value(await service.inspectPool(source, { pixels: pixels(), layer: 'max_pooling2d', channel: 1 })),
    confusion: value(await service.inspectConfusion(source, { datasetId: 'synthetic', split: 'val', batchSize: 4 })),
    predict: value(await service.inspectPredict(source, { pixels: pixels(), method: 'grad-cam' })),
  };
}

describe('inspect requests', () => {
  it('answer on the live model, a kept checkpoint and an epoch snapshot, without tensor growth; snapshots go with the run', async () => {
    const snapshots = memorySnapshots();
    const service = createTrainService({ checkpoints: memoryCheckpoints(), snapshots, batchEventIntervalMs: 0 });
    await service.setDataset(dataset);
    const outcome = await service.train(request(), () => {}, { jobId: 'j1', ticket: true });
    expect(outcome.end).toBe('done');

    const list = value(await service.snapshots('run-1'));
    expect(list.snapshots.map((s) => s.epoch)).toEqual([1, 2]);
    expect(list.bytes).toBe(list.snapshots.reduce((a, s) => a + s.bytes, 0));
    expect(list.bytes).toBeGreaterThan(0);
    expect(list.bytes).toBeLessThanOrEqual(list.boundBytes);

    const sources: InspectSource[] = [
      'current',
      { runId: 'run-1', which: 'best', arch },
      { runId: 'run-1', epoch: 1, arch },
      { runId: 'run-1', epoch: 2, arch },
    ];
    const answers = [];
    for (const source of sources) {
      const before = tf.memory().numTensors;
      answers.push(await askAll(service, source));
      expect(tf.memory().numTensors).toBe(before);
    }
    for (const a of answers) {
      expect(a.kernels.count).toBe(4);
      expect(a.maps.map((m) => [m.name, m.channels])).toEqual([
        ['conv2d', 4],
        ['max_pooling2d', 4],
        ['flatten', 36],
        ['dense', 3],
      ]);
      // The explainer's real output is the layer's feature map for that filter.
      const conv = a.maps[0]!;
      expect(Array.from(a.conv.output)).toEqual(Array.from(conv.values.subarray(2 * 36, 3 * 36)));
      expect(Array.from(a.pool.output)).toEqual(Array.from(a.maps[1]!.values.subarray(9, 18)));
      expect(a.confusion.matrix.reduce((s, v) => s + v, 0)).toBe(dataset.val.count);
      expect(a.predict.prediction.probabilities.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      expect([a.predict.saliency.height, a.predict.saliency.width, a.predict.saliency.method]).toEqual([
        8,
        8,
        'grad-cam',
      ]);
      // Scaled up from conv2d's own 6x6 map: the Prediction view calls a map that small coarse.
      expect(a.predict.saliency.cells).toEqual({ height: 6, width: 6 });
    }
    // The scrubber shows different kernels at epoch 1 and 2; epoch 2's snapshot is the live model's (Float32: small tensors).
    const [live, , epoch1, epoch2] = answers;
    expect(Array.from(epoch1!.kernels.values)).not.toEqual(Array.from(epoch2!.kernels.values));
    expect(Array.from(epoch2!.kernels.values)).toEqual(Array.from(live!.kernels.values));

    // Clear failures, not crashes: a layer without kernels, an epoch never kept, an image of the wrong size.
    const noKernels = await service.inspectKernels('current', 'max_pooling2d');
    expect(noKernels.ok ? '' : noKernels.failure.message).toMatch(/MaxPooling2D/);
    const noEpoch = await service.inspectKernels({ runId: 'run-1', epoch: 7, arch }, 'conv2d');
    expect(noEpoch.ok ? '' : noEpoch.failure.message).toMatch(/epoch 7/);
    const wrongSize = await service.inspectPredict('current', { pixels: new Uint8Array(10), method: 'saliency' });
    expect(wrongSize.ok ? '' : wrongSize.failure.kind).toBe('data');

    await service.deleteRun('run-1');
    expect(value(await service.snapshots('run-1')).snapshots).toEqual([]);
    expect(await snapshots.load('run-1')).toEqual([]);
  });

  it('answer mid-run between steps, and the run trains on as without them', async () => {
    const plain = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
    await plain.setDataset(dataset);
    const plainEvents: TrainEvent[] = [];
    const beforePlain = tf.memory().numTensors;
    await plain.train(request(), (e) => plainEvents.push(e), { jobId: 'p', ticket: true });
    const keptByARun = tf.memory().numTensors - beforePlain;

    const service = createTrainService({
      checkpoints: memoryCheckpoints(),
      snapshots: memorySnapshots(),
      batchEventIntervalMs: 0,
    });
    await service.setDataset(dataset);
    const before = tf.memory().numTensors;
    const log: string[] = [];
    let asked: Promise<unknown> | null = null;
    const events: TrainEvent[] = [];
    await service.train(
      request(),
      (e) => {
        events.push(e);
        if (e.type === 'epoch') log.push(`epoch ${e.metrics.epoch}`);
        if (e.type === 'batch' && e.progress.epoch === 2 && e.progress.batch === 1 && !asked)
          asked = askAll(service, 'current').then((a) => {
            log.push('answered');
            return a;
          });
      },
      { jobId: 'j', ticket: true },
    );
    const a = await (asked as unknown as ReturnType<typeof askAll>);
    expect(log).toEqual(['epoch 1', 'answered', 'epoch 2']);
    expect(a.confusion.count).toBe(dataset.val.count);
    const losses = (ev: TrainEvent[]) =>
      ev.flatMap((e) => (e.type === 'epoch' ? [e.metrics.loss, e.metrics.valLoss] : []));
    expect(losses(events)).toEqual(losses(plainEvents));
    expect(tf.memory().numTensors - before).toBe(keptByARun);
  });
});
