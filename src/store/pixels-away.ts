// The page's side of "pixels on disk while training" (why: src/data/spill-file.ts).
// Before a run the worker writes the pixels to a file and lets go of its views;
// then the data slice keeps the dataset without its pixels (withoutPixels) and
// no page object holds a view, so the shared block is freed. After the run the
// worker reads them back into a new block and the data slice keeps the dataset
// over it. Both steps are plain calls made before train() and after its outcome,
// so no event can arrive out of order and the data lock covers the whole time.
import { readSpillFile, wantsDisk, withPixels, type PixelLayout, type PixelsWhileTraining } from '../data/spill-file';
import { isShared } from '../data/shared';
import { SPLITS, type ImageDataset } from '../data/types';
import type { TrainClient } from '../client/client';

/** What became of the pixels for a run: on disk (with their layout), or still in memory (and why, when asked for disk). */
export type PixelsPlace = { at: 'disk'; layout: PixelLayout } | { at: 'memory'; why: string | null };

/** Only a shared block is freed by letting go of the page's views (a cloned one lives on in the worker). */
const sharedBlock = (d: ImageDataset) => SPLITS.every((s) => d[s].count === 0 || isShared(d[s].images));

export async function sendPixelsAway(w: TrainClient, d: ImageDataset, mode: PixelsWhileTraining): Promise<PixelsPlace> {
  if (!wantsDisk(d, mode)) return { at: 'memory', why: null };
  if (!sharedBlock(d))
    return { at: 'memory', why: 'This page cannot share memory with its workers, so the pixels stay in memory.' };
  const answer = await w.pixelsToDisk(d.id);
  if (!answer.ok) return { at: 'memory', why: answer.failure.message };
  return { at: 'disk', layout: answer.value.layout };
}

/**
 * `d` (kept without its pixels) with its pixels back after the run: from the worker, or, when it is gone
 * (crashed) or cannot, read from its file by the page. Throws only when neither works.
 */
export async function bringPixelsBack(w: TrainClient, d: ImageDataset, layout: PixelLayout): Promise<ImageDataset> {
  try {
    const answer = await w.pixelsBack(d.id);
    if (answer.ok) return withPixels(d, answer.value.block, answer.value.layout);
  } catch {
    /* the worker died: its lock on the file went with it */
  }
  return withPixels(d, await readSpillFile(layout), layout);
}
