import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatch } from './batches';
import { keepFeatures } from './feature-keep';
import { memorySpillStore, type SpillStore } from './spill';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Two splits of 5 and 3 images, 6 floats of features each (a 1x2x3 feature map).
const PER = 6;
const counts = [5, 3];
const labels = [Uint16Array.from([0, 1, 0, 1, 1]), Uint16Array.from([1, 0, 1])];
const values = (s: number, start: number, n: number) =>
  Float32Array.from({ length: n * PER }, (_, i) => s * 100 + start * PER + i + 0.5);
const geometry = { height: 1, width: 2, channels: 3 };

/** Puts every image's features in batches of 2, as the extraction does. */
function putAll(keeper: { put(s: number, start: number, v: Float32Array): void }) {
  counts.forEach((n, s) => {
    for (let start = 0; start < n; start += 2) keeper.put(s, start, values(s, start, Math.min(2, n - start)));
  });
}

const batchValues = (split: Parameters<typeof makeBatch>[0], order: number[] | null) => {
  const { x, y } = makeBatch(split, geometry, order, 0, split.count, 1);
  const out = [Array.from(x.dataSync()), Array.from(y.dataSync())];
  tf.dispose([x, y]);
  return out;
};

describe("fast feature extraction keeps the base's features by the pixels' rule", () => {
  it('in memory below the threshold, on disk from it, always or never as the setting says', async () => {
    const store = memorySpillStore();
    const bytes = 8 * PER * 4; // 192
    const where = async (mode: 'auto' | 'memory' | 'disk', from: number) =>
      (await keepFeatures(counts, labels, PER, mode, { store, from })).where;
    expect(await where('auto', bytes + 1)).toBe('memory');
    expect(await where('auto', bytes)).toBe('disk');
    expect(await where('memory', 1)).toBe('memory');
    expect(await where('disk', 1e12)).toBe('disk');
  });

  it('batches read from the file are the batches read from memory, and the file goes at the end', async () => {
    const store = memorySpillStore();
    const disk = await keepFeatures(counts, labels, PER, 'auto', { store, from: 1 });
    const memory = await keepFeatures(counts, labels, PER, 'memory', { store: null });
    putAll(disk);
    putAll(memory);
    expect(disk.where).toBe('disk');
    expect(store.bytes()!.length).toBe(8 * PER * 4);
    const before = tf.memory().numTensors;
    const [fromDisk, fromMemory] = [disk.splits(), memory.splits()];
    expect(fromDisk[0]!.images.length).toBe(0);
    for (const s of [0, 1]) {
      const order = s === 0 ? [4, 0, 3, 1, 2] : null;
      expect(batchValues(fromDisk[s]!, order)).toEqual(batchValues(fromMemory[s]!, order));
    }
    expect(batchValues(fromDisk[1]!, null)[0]!.slice(0, 2)).toEqual([100.5, 101.5]);
    expect(tf.memory().numTensors).toBe(before);
    await disk.close();
    await disk.close(); // once more changes nothing
    expect(store.bytes()).toBeNull();
  });

  it('no file system, or one that refuses the file: in memory, saying why', async () => {
    const none = await keepFeatures(counts, labels, PER, 'disk', { store: null });
    expect(none.where).toBe('memory');
    expect(none.why).toContain('no Origin Private File System');
    const refusing: SpillStore = {
      open: () => Promise.reject(new DOMException('Access Handles cannot be created.', 'NoModificationAllowedError')),
      remove: async () => undefined,
    };
    const refused = await keepFeatures(counts, labels, PER, 'disk', { store: refusing });
    expect(refused.where).toBe('memory');
    expect(refused.why).toBe('the disk refused them (Access Handles cannot be created.)');
    putAll(refused);
    expect(Array.from(refused.splits()[1]!.images.subarray(0, 2))).toEqual([100.5, 101.5]);
  });

  it('a disk that fills up midway: what was written comes back, the rest stays in memory, the file goes', async () => {
    const inner = memorySpillStore();
    let writes = 0;
    const filling: SpillStore = {
      remove: () => inner.remove(),
      open: async () => {
        const file = await inner.open();
        return {
          ...file,
          write: (b, o) => {
            if (++writes > 3) throw new DOMException('The disk is full.', 'QuotaExceededError');
            return file.write(b, o);
          },
        };
      },
    };
    const keeper = await keepFeatures(counts, labels, PER, 'disk', { store: filling });
    const memory = await keepFeatures(counts, labels, PER, 'memory', { store: null });
    putAll(keeper);
    putAll(memory);
    expect(keeper.where).toBe('memory');
    expect(keeper.why).toBe('the disk refused them (The disk is full.)');
    keeper.splits().forEach((split, s) => expect(split.images).toEqual(memory.splits()[s]!.images));
    await keeper.close();
    expect(inner.bytes()).toBeNull();
  });

  it('a file that comes back short says so', async () => {
    const store = memorySpillStore();
    const keeper = await keepFeatures(counts, labels, PER, 'disk', { store });
    putAll(keeper);
    const [train] = keeper.splits();
    (await store.open()).truncate(10);
    expect(() => makeBatch(train!, geometry, null, 0, 2, 1)).toThrow(
      'The features kept on disk for this run could not be read (image 0: 10 of 24 bytes).',
    );
    await keeper.close();
  });

  it('features too big for memory fail the run clearly, saying where else they can go', async () => {
    // 2^31 images of 6 floats: 48 GB, more than a typed array may hold.
    const keep = keepFeatures([2 ** 31], [new Uint16Array(0)], PER, 'memory', { store: null });
    await expect(keep).rejects.toThrow(/^The base's features \(49152 MB\) do not fit in this page's memory \(/);
    await expect(keep).rejects.toMatchObject({ failure: { fix: expect.stringContaining('Pixels while training') } });
  });
});
