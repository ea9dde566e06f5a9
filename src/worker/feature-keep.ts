// Where fast feature extraction keeps the base's features while the head trains: by the pixels' rule
// (bytesOnDisk in src/data/spill-file.ts: on disk from PIXELS_ON_DISK_FROM bytes under auto, or as Train >
// Settings > "Pixels while training" says), in memory or in one OPFS file read image by image through a sync
// access handle, as the pixels are (spill.ts). VGG16 at 180x180 gives 51,200 bytes an image: the textbook's
// 3,000 training and validation images hold 146 MB, on top of the run's own memory. When the disk cannot
// take them (no OPFS in this browser, a full disk, another tab's run holding the file), they stay in memory
// and the preparing line says why, as the pixels do. The file goes when the run ends, however it ends.
import { bytesOnDisk, FEATURES_FILE, type PixelsWhileTraining } from '../data/spill-file';
import type { FeatureSplit } from './batches';
import { dataFailure } from './questions';
import { opfsSpillStore, whole, type SpillStore, type SyncFile } from './spill';

/** Where the features may go on disk, and from how many bytes under auto (tests lower it). */
export interface FeatureDisk {
  store: SpillStore | null;
  from?: number;
}

export const opfsFeatureDisk = (): FeatureDisk => ({ store: opfsSpillStore(FEATURES_FILE) });

export interface FeatureKeeper {
  where: 'memory' | 'disk';
  /** Why they are in memory where the rule said disk; null otherwise. */
  why: string | null;
  /** Keeps the features of images `start ..` of split `s` (in order: each split from 0 up). */
  put(s: number, start: number, values: Float32Array): void;
  /** The splits to batch from (readers of the file while on disk). */
  splits(): FeatureSplit[];
  /** Closes and removes the file; safe to call more than once. */
  close(): Promise<void>;
}

const failText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Where a run keeps `counts` images' features of `per` floats each (labels: each split's). */
export async function keepFeatures(
  counts: readonly number[],
  labels: readonly Uint16Array[],
  per: number,
  mode: PixelsWhileTraining,
  disk: FeatureDisk,
): Promise<FeatureKeeper> {
  const bytes = counts.reduce((a, n) => a + n, 0) * per * 4;
  if (!bytesOnDisk(bytes, mode, disk.from)) return inMemory(counts, labels, per, null);
  if (!disk.store)
    return inMemory(counts, labels, per, 'this browser cannot keep files for the lab (no Origin Private File System)');
  let file: SyncFile;
  try {
    file = await disk.store.open();
    file.truncate(0);
  } catch (e) {
    await disk.store.remove().catch(() => undefined);
    return inMemory(counts, labels, per, `the disk refused them (${failText(e)})`);
  }
  return onDisk(file, disk.store, counts, labels, per);
}

function inMemory(
  counts: readonly number[],
  labels: readonly Uint16Array[],
  per: number,
  why: string | null,
): FeatureKeeper {
  let arrays: Float32Array[];
  try {
    arrays = counts.map((n) => new Float32Array(n * per));
  } catch (e) {
    const mb = Math.round((counts.reduce((a, n) => a + n, 0) * per * 4) / 2 ** 20);
    throw dataFailure(
      `The base's features (${mb} MB) do not fit in this page's memory${why ? `, and ${why}` : ''} (${failText(e)}).`,
      'Keep them on disk (Train > Settings > Pixels while training: Auto or Disk), or use fewer images or a smaller input.',
    );
  }
  return {
    where: 'memory',
    why,
    put: (s, start, values) => arrays[s]!.set(values, start * per),
    splits: () => arrays.map((images, s) => ({ images, labels: labels[s]!, count: counts[s]! })),
    close: async () => undefined,
  };
}

function onDisk(
  file: SyncFile,
  store: SpillStore,
  counts: readonly number[],
  labels: readonly Uint16Array[],
  per: number,
): FeatureKeeper {
  const size = per * 4;
  const offsets = counts.map((_, s) => counts.slice(0, s).reduce((a, n) => a + n, 0) * size);
  /** Images put so far per split (each split is put in order). */
  const written = counts.map(() => 0);
  let open = true;
  let memory: FeatureKeeper | null = null;
  const keeper: FeatureKeeper = {
    where: 'disk',
    why: null,
    put(s, start, values) {
      if (memory) return memory.put(s, start, values);
      const buffer = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      try {
        const wrote = whole((b, o) => file.write(b, o), buffer, offsets[s]! + start * size);
        if (wrote !== buffer.length) throw new Error(`only ${wrote} of ${buffer.length} bytes were written`);
        written[s] = start + values.length / per;
      } catch (e) {
        // A full disk midway: what was written comes back into memory, and the rest is kept there.
        memory = inMemory(counts, labels, per, `the disk refused them (${failText(e)})`);
        counts.forEach((_, k) => {
          const back = new Float32Array(written[k]! * per);
          whole((b, o) => file.read(b, o), new Uint8Array(back.buffer), offsets[k]!);
          memory!.put(k, 0, back);
        });
        memory.put(s, start, values);
        keeper.where = 'memory';
        keeper.why = memory.why;
        open = false;
        file.close();
      }
    },
    splits() {
      if (memory) return memory.splits();
      return counts.map((count, s) => ({
        images: new Float32Array(0),
        labels: labels[s]!,
        count,
        disk: {
          read(index: number, into: Float32Array) {
            const got = file.read(new Uint8Array(into.buffer, into.byteOffset, size), {
              at: offsets[s]! + index * size,
            });
            if (got !== size)
              throw new Error(
                `The features kept on disk for this run could not be read (image ${index}: ${got} of ${size} bytes).`,
              );
          },
        },
      }));
    },
    async close() {
      if (open) file.close();
      open = false;
      await store.remove();
    },
  };
  return keeper;
}
