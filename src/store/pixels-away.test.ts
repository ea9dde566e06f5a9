import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findPreset } from '../model/presets';
import { WorkerCrashedError } from '../client/client';
import { layoutOf, pixelsInMemory } from '../data/spill-file';
import type { ImageDataset, SplitName } from '../data/types';
import { completeClient, fakeClient, labStore } from './test-helpers';
import type { LabStore } from './create';
import type { TrainClient } from '../client/client';

let lab: LabStore;
const state = () => lab.getState();

/** A small MNIST-like dataset over one shared block, as the app holds it (image k of a split is filled with k). */
function sharedDataset(): ImageDataset {
  const counts = { train: 40, val: 10, test: 10 };
  const block = new SharedArrayBuffer(60 * 784);
  let at = 0;
  const split = (s: SplitName) => {
    const images = new Uint8Array(block, at, counts[s] * 784);
    for (let k = 0; k < counts[s]; k++) images.fill(k, k * 784, (k + 1) * 784);
    at += images.length;
    return { images, labels: new Uint16Array(counts[s]), count: counts[s] };
  };
  return {
    id: 'mnist-test',
    name: 'MNIST (test)',
    source: 'builtin',
    classNames: [...'0123456789'],
    height: 28,
    width: 28,
    channels: 1,
    train: split('train'),
    val: split('val'),
    test: split('test'),
  };
}

describe('pixels on disk while training (page side)', () => {
  let dataset: ImageDataset;
  let fake: ReturnType<typeof fakeClient>;
  let calls: string[];
  let kept: Uint8Array | null;
  /** A fresh store over `client`, the shared dataset loaded, pixels on disk while training. */
  const open = (client: TrainClient) => {
    lab = labStore(client);
    lab.setState({ arch: findPreset('mnist-convnet')!.build(), dataset, pixelsWhileTraining: 'disk' });
  };
  beforeEach(() => {
    dataset = sharedDataset();
    fake = fakeClient();
    calls = [];
    kept = null;
    const scripted = fake.client as unknown as Record<string, unknown>;
    open(
      completeClient({
        setDataset: async () => void calls.push('setDataset'),
        train: (...args) => (calls.push('train'), fake.client.train(...args)),
        evaluate: (...args) => (calls.push('evaluate'), fake.client.evaluate(...args)),
        pixelsToDisk: async () => {
          calls.push('pixelsToDisk');
          kept = new Uint8Array(60 * 784);
          for (const s of ['train', 'val', 'test'] as const) kept.set(dataset[s].images, layoutOf(dataset).offsets[s]);
          return { ok: true, value: { layout: layoutOf(dataset) } };
        },
        pixelsBack: async () => {
          calls.push('pixelsBack');
          const block = new SharedArrayBuffer(kept!.length);
          new Uint8Array(block).set(kept!);
          return { ok: true, value: { block, layout: layoutOf(dataset) } };
        },
        readImages: async (_id, split, indices) => ({
          ok: true,
          value: new Uint8Array(784).fill(100 + indices[0]! + (split === 'val' ? 50 : 0)),
        }),
        control: scripted['control'] as never,
      }),
    );
  });

  it('sends the pixels away before the run, reads images from the worker meanwhile, and has them back before it unlocks and scores', async () => {
    const before = Array.from(dataset.test.images);
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    expect(calls).toEqual(['setDataset', 'pixelsToDisk', 'train']);
    expect(state().pixelsAt).toBe('disk');
    expect(state().pixelsPlace).toMatchObject({ at: 'disk', bytes: 60 * 784 });
    // The page keeps the dataset without its pixels (a new object, same id): no view holds the shared block.
    const away = state().dataset!;
    expect(away).toMatchObject({ id: dataset.id, classNames: dataset.classNames });
    expect(pixelsInMemory(away)).toBe(false);
    expect(pixelsInMemory(dataset)).toBe(true); // the dataset it was made from is not changed
    // While away, an image comes from the worker.
    expect((await state().readDatasetImage(away, 'val', 3))[0]).toBe(153);

    fake.jobs[0]!.emit({
      type: 'epoch',
      metrics: { epoch: 1, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5, seconds: 1 },
      isBest: true,
    });
    fake.jobs[0]!.end({ end: 'done', epochsDone: 1, bestEpoch: 1 });
    await vi.waitFor(() => expect(calls).toContain('evaluate'));
    expect(calls).toEqual(['setDataset', 'pixelsToDisk', 'train', 'pixelsBack', 'setDataset', 'evaluate']);
    expect(state().pixelsAt).toBe('memory');
    const back = state().dataset!;
    expect(pixelsInMemory(back)).toBe(true);
    expect(Array.from(back.test.images)).toEqual(before);
    expect((await state().readDatasetImage(back, 'test', 7))[0]).toBe(7); // from memory again
    expect(state().dataLock).toBeNull();
  });

  it('auto keeps a small dataset in memory and says nothing moved', async () => {
    lab.setState({ pixelsWhileTraining: 'auto' });
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    expect(calls).toEqual(['setDataset', 'train']);
    expect(state().pixelsPlace).toEqual({ at: 'memory', why: null, bytes: 60 * 784 });
    expect(state().dataset).toBe(dataset);
  });

  it('when the worker cannot, the pixels stay in memory and the reason is kept for Train > Details', async () => {
    open(
      completeClient({
        ...fake.client,
        pixelsToDisk: async () => ({
          ok: false,
          failure: {
            kind: 'data',
            message: 'The pixels could not be written to disk (full), so they stay in memory for this run.',
            fix: '',
          },
        }),
      }),
    );
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    expect(state().pixelsPlace).toMatchObject({ at: 'memory', why: expect.stringContaining('could not be written') });
    expect(state().pixelsAt).toBe('memory');
    expect(state().dataset).toBe(dataset);
  });

  it('a crash that takes the pixels with it (no file to read here) is said, the run is not scored, and the dataset is made again', async () => {
    open(
      completeClient({
        ...fake.client,
        pixelsToDisk: async () => ({ ok: true, value: { layout: layoutOf(dataset) } }),
        train: async () => {
          throw new WorkerCrashedError('The training worker stopped');
        },
        pixelsBack: async () => {
          throw new WorkerCrashedError('gone');
        },
        evaluate: async () => {
          throw new Error('must not be asked');
        },
      }),
    );
    const reload = vi.spyOn(state(), 'reloadDataset');
    lab.setState({ reloadDataset: reload as never });
    state().startTraining();
    await vi.waitFor(() => expect(state().trainState).toBe('error'));
    await vi.waitFor(() => expect(state().dataNotice).toContain('could not be read back'));
    expect(reload).toHaveBeenCalled();
    expect(state().pixelsAt).toBe('memory');
    expect(state().dataLock).toBeNull();
  });
});
