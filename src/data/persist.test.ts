import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { CHUNK_BYTES, clearSaved, loadSavedDataset, saveDataset, type SavedDataset } from './persist';
import { buildDataset, type Pool } from './pool';
import { assignSplits, DEFAULT_FRACTIONS } from './split';

/** 120 images of 180x180x3 (11.7 MB): the training split spans two chunks. */
function record(): SavedDataset {
  const size = 180 * 180 * 3;
  const count = 120;
  const pixels = new Uint8Array(count * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + (i >> 9)) & 255;
  const items = Array.from({ length: count }, (_, i) => ({ path: `c${i % 2}/${i}.png`, label: i % 2, given: null, hash: `h${i}`, src: 0, index: i }));
  const pool: Pool = { height: 180, width: 180, channels: 3, classNames: ['c0', 'c1'], sources: [pixels], items };
  const built = buildDataset(pool, assignSplits(items, DEFAULT_FRACTIONS, 1), { id: 'folder-1', name: 'f', source: 'folder' });
  return { dataset: built.dataset, items: built.items, skipped: [], source: { kind: 'folder', rootName: 'f', layout: 'classes', fileCount: count }, settings: { seed: 1, fractions: DEFAULT_FRACTIONS, maxPerClass: 0 }, target: { height: 180, width: 180, channels: 3 } };
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
});
