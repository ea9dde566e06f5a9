import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import {
  CHUNK_BYTES,
  clearSaved,
  keepRestoredPixels,
  loadSavedDataset,
  loadSavedFiles,
  saveDataset,
  stopKeepingPixels,
  type SavedDataset,
} from './persist';
import { buildDataset, type Pool } from './split-pixels';
import { assignSplits, DEFAULT_FRACTIONS } from './split';

/** 120 images of 180x180x3 (11.7 MB): the training split spans two chunks. */
function record(id = 'folder-1'): SavedDataset {
  const size = 180 * 180 * 3;
  const count = 120;
  const pixels = new Uint8Array(count * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + (i >> 9)) & 255;
  const items = Array.from({ length: count }, (_, i) => ({
    path: `c${i % 2}/${i}.png`,
    label: i % 2,
    given: null,
    hash: `h${i}`,
    src: 0,
    index: i,
  }));
  const pool: Pool = { height: 180, width: 180, channels: 3, classNames: ['c0', 'c1'], sources: [pixels], items };
  const built = buildDataset(pool, assignSplits(items, DEFAULT_FRACTIONS, 1), { id, name: 'f', source: 'folder' });
  return {
    dataset: built.dataset,
    items: built.items,
    skipped: [],
    source: { kind: 'folder', rootName: 'f', layout: 'classes', fileCount: count },
    settings: { seed: 1, fractions: DEFAULT_FRACTIONS, maxPerClass: 0 },
    target: { height: 180, width: 180, channels: 3 },
  };
}

describe('the saved dataset', () => {
  it('comes back with the same pixels and labels, in one shared block, from chunked records', async () => {
    const saved = record();
    expect(saved.dataset!.train.images.length).toBeGreaterThan(CHUNK_BYTES);
    await saveDataset(saved, undefined);
    const back = await loadSavedDataset();
    expect(back).not.toBeNull();
    for (const s of ['train', 'val', 'test'] as const) {
      expect(back!.dataset![s].count).toBe(saved.dataset![s].count);
      expect(Buffer.from(back!.dataset![s].images).equals(Buffer.from(saved.dataset![s].images))).toBe(true);
      expect(Array.from(back!.dataset![s].labels)).toEqual(Array.from(saved.dataset![s].labels));
    }
    expect(back!.dataset!.train.images.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(back!.dataset!.val.images.buffer).toBe(back!.dataset!.train.images.buffer);
    await clearSaved();
    expect(await loadSavedDataset()).toBeNull();
  });

  it('is ignored, not trusted, when a chunk is missing', async () => {
    await saveDataset(record(), undefined);
    const d = await openDB('convnet-lab-data', 2);
    await d.delete('pixels', 'train:1');
    d.close();
    expect(await loadSavedDataset()).toBeNull();
  });

  const files = [{ path: 'c0/0.png', blob: new Blob(['png']) }];
  const samePixels = (a: SavedDataset, b: SavedDataset) =>
    (['train', 'val', 'test'] as const).every((s) =>
      Buffer.from(a.dataset![s].images).equals(Buffer.from(b.dataset![s].images)),
    );

  it("with the folder's files kept, is kept at once and gets its pixels after", async () => {
    const saved = record();
    const { pixels } = await saveDataset(saved, files);
    expect((await loadSavedFiles())?.map((f) => f.path)).toEqual(['c0/0.png']);
    expect(await pixels).toBe('kept');
    const back = await loadSavedDataset();
    expect(back?.pixelsPending).toBeUndefined();
    expect(samePixels(back!, saved)).toBe(true);
  });

  it('before its pixels are in, comes back as pending (decode the kept files), and takes the pixels of the same dataset later', async () => {
    const saved = record();
    const { pixels } = await saveDataset(saved, files);
    stopKeepingPixels();
    expect(await pixels).toBe('stopped');
    const pending = await loadSavedDataset();
    expect(pending?.pixelsPending).toBe(true);
    expect(pending?.dataset).toBeNull();
    expect(pending?.items?.train).toHaveLength(saved.dataset!.train.count);
    expect(pending?.target).toEqual(saved.target);

    // Another dataset's pixels are refused; this one's are kept.
    expect(await keepRestoredPixels(record('folder-2').dataset!)).toBe('stopped');
    expect((await loadSavedDataset())?.pixelsPending).toBe(true);
    expect(await keepRestoredPixels(saved.dataset!)).toBe('kept');
    const back = await loadSavedDataset();
    expect(back?.pixelsPending).toBeUndefined();
    expect(samePixels(back!, saved)).toBe(true);
  });

  it("a newer save stops the older one's pixels; a clear stops them too", async () => {
    const first = await saveDataset(record('folder-1'), files);
    const second = await saveDataset(record('folder-2'), files);
    expect(await first.pixels).toBe('stopped');
    expect(await second.pixels).toBe('kept');
    expect((await loadSavedDataset())?.dataset?.id).toBe('folder-2');

    const third = await saveDataset(record('folder-3'), files);
    await clearSaved();
    expect(await third.pixels).toBe('stopped');
    expect(await loadSavedDataset()).toBeNull();
    const d = await openDB('convnet-lab-data', 2);
    expect(await d.count('pixels')).toBe(0);
    d.close();
  });
});
