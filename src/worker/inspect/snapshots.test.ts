import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../model/build';
import { findPreset } from '../../model/presets';
import { activationsOf } from './activations';
import { kernelsOf } from './kernels';
import {
  applySnapshot,
  decodeTensor,
  evenlySpaced,
  SNAPSHOT_RUN_BYTES,
  SnapshotKeeper,
  snapshotKernels,
  takeSnapshot,
  type EpochSnapshot,
} from './snapshots';
import { randomImage } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('takeSnapshot', () => {
  test('mnist-convnet: every Conv2D layer and the Dense layer, about 1 byte per weight, values within half a quantisation step', async () => {
    const model = buildModel(findPreset('mnist-convnet')!.build());
    const before = tf.memory().numTensors;
    const snap = await takeSnapshot(model, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(snap.layers.map((l) => [l.layer, l.kind])).toEqual([
      ['conv2d', 'conv'],
      ['conv2d_1', 'conv'],
      ['conv2d_2', 'conv'],
      ['dense', 'dense'],
    ]);
    // 104,202 parameters: the 288-value first kernel and the biases stay Float32 (4 bytes), the rest 1 byte.
    expect(snap.bytes).toBe(104_202 + 3 * (288 + 32 + 64 + 128 + 10));
    for (const layer of snap.layers)
      for (const t of layer.tensors) {
        const real = model
          .getWeights()
          .find((_, i) => model.weights[i]!.originalName === t.name)!
          .dataSync();
        const decoded = decodeTensor(t);
        const step = t.encoding === 'int8' ? t.scale : 0;
        decoded.forEach((v, i) => expect(Math.abs(v - real[i]!)).toBeLessThanOrEqual(step / 2 + 1e-7));
      }
    model.dispose();
  });

  test('snapshotKernels reads the same filters as kernelsOf, and applySnapshot restores feature maps of that epoch', async () => {
    const arch = findPreset('mnist-convnet')!.build();
    const trained = buildModel(arch, 1);
    const viewer = buildModel(arch, 2); // another start: different weights until the snapshot is applied
    const snap = await takeSnapshot(trained, 3);
    const fromModel = await kernelsOf(trained, { layer: 'conv2d_1' });
    const fromSnap = snapshotKernels(snap, 'conv2d_1');
    expect([fromSnap.count, fromSnap.height, fromSnap.width, fromSnap.channels]).toEqual([64, 3, 3, 32]);
    const step = snap.layers[1]!.tensors[0]!.scale;
    fromSnap.values.forEach((v, i) => expect(Math.abs(v - fromModel.values[i]!)).toBeLessThanOrEqual(step / 2 + 1e-7));
    expect(snapshotKernels(snap, 'conv2d').values).toEqual((await kernelsOf(trained, { layer: 'conv2d' })).values);
    expect(() => snapshotKernels(snap, 'dense')).toThrow(/no kernels for "dense"/);

    const before = tf.memory().numTensors;
    applySnapshot(viewer, snap);
    expect(tf.memory().numTensors).toBe(before);
    const image = randomImage(28, 28, 1);
    const [a] = await activationsOf(trained, { pixels: image, scale: 1 / 255, layers: ['conv2d'] });
    const [b] = await activationsOf(viewer, { pixels: image, scale: 1 / 255, layers: ['conv2d'] });
    expect(b!.values).toEqual(a!.values); // the first kernel is Float32: exact
    trained.dispose();
    viewer.dispose();
  });

  test('a layer too big for the bound is skipped and named, so two epochs always fit', async () => {
    const model = buildModel(findPreset('mnist-dense')!.build());
    const snap = await takeSnapshot(model, 1, 200_000);
    expect(snap.skipped).toEqual(['dense']);
    expect(snap.layers).toEqual([]);
    const full = await takeSnapshot(model, 1);
    expect(full.layers.map((l) => [l.layer, l.kind])).toEqual([['dense', 'dense-image']]);
    expect(full.bytes).toBe(784 * 512 + 4 * 512);
    expect(snapshotKernels(full, 'dense')).toMatchObject({
      kind: 'dense-image',
      count: 512,
      height: 28,
      width: 28,
      channels: 1,
    });
    model.dispose();
  });
});

describe('evenlySpaced and SnapshotKeeper', () => {
  const fake = (epoch: number, bytes: number): EpochSnapshot => ({
    epoch,
    bytes,
    input: { height: 1, width: 1, channels: 1 },
    layers: [],
    skipped: [],
  });

  test('epoch 1, the last and evenly spaced ones between', async () => {
    expect(evenlySpaced(10, 3)).toEqual([1, 6, 10]);
    expect(evenlySpaced(30, 4)).toEqual([1, 11, 20, 30]);
    expect(evenlySpaced(5, 9)).toEqual([1, 2, 3, 4, 5]);
    expect(evenlySpaced(7, 1)).toEqual([1]);
  });

  test('all epochs when they fit, within the bound', async () => {
    const keeper = new SnapshotKeeper(10);
    for (let e = 1; e <= 10; e++) keeper.add(fake(e, 104_000));
    expect(keeper.list().map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(keeper.bytes).toBeLessThanOrEqual(SNAPSHOT_RUN_BYTES);
  });

  test('a large model keeps a sample: cats vs dogs (996 KB a snapshot) over 30 epochs keeps 1, 16 and 30', async () => {
    const keeper = new SnapshotKeeper(30);
    let peak = 0;
    for (let e = 1; e <= 30; e++) {
      keeper.add(fake(e, 995_844));
      peak = Math.max(peak, keeper.bytes);
    }
    expect(keeper.list().map((s) => s.epoch)).toEqual([1, 16, 30]);
    expect(peak).toBeLessThanOrEqual(SNAPSHOT_RUN_BYTES);
  });

  test('a run that stops early still has its last epoch', async () => {
    const keeper = new SnapshotKeeper(30);
    for (let e = 1; e <= 21; e++) keeper.add(fake(e, 995_844));
    expect(keeper.list().map((s) => s.epoch)).toEqual([1, 16, 21]);
    expect(keeper.bytes).toBeLessThanOrEqual(SNAPSHOT_RUN_BYTES);
  });
});
