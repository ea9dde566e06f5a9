// The "pixels on disk while training" entries of the worker API (why and how
// in src/data/spill-file.ts and spill.ts): the page asks for the
// pixels to go to disk before a run, for a few images while they are there,
// and for them back when the run is over.
import type { PixelLayout } from '../data/spill-file';
import { bytesPerImage, type SplitName } from '../data/types';
import { dataFailure } from './questions';
import { discardSpill, restorePixels, spillPixels, type SpillStore, type Spilled } from './spill';
import type { TrainWorkerApi } from './protocol';
import type { Session } from './session';

export type PixelEntries = Pick<TrainWorkerApi, 'pixelsToDisk' | 'pixelsBack' | 'readImages'>;

const failText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function pixelEntries(
  session: Session,
  store: SpillStore | null,
): { api: PixelEntries; forget: () => Promise<void> } {
  let spilled: Spilled | null = null;
  const datasetFor = (id: string) => {
    const d = session.dataset;
    if (!d || d.id !== id)
      throw dataFailure('The training worker does not have this dataset.', 'Load the dataset again in Data.');
    return d;
  };
  const api: PixelEntries = {
    pixelsToDisk: session.short(async (datasetId) => {
      const d = datasetFor(datasetId);
      if (spilled?.datasetId === datasetId) return { value: { layout: spilled.layout }, transfer: [] };
      if (!store)
        throw dataFailure(
          'This browser cannot keep files for the lab (no Origin Private File System in workers), so the pixels stay in memory.',
          'Use a current Chrome, Edge or Firefox, or train a smaller dataset.',
        );
      try {
        spilled = await spillPixels(d, store);
      } catch (e) {
        throw dataFailure(
          `The pixels could not be written to disk (${failText(e)}), so they stay in memory for this run.`,
          'Free some disk space, or keep the pixels in memory (Train > Settings).',
        );
      }
      return { value: { layout: spilled.layout }, transfer: [] };
    }),
    pixelsBack: session.short(async (datasetId) => {
      const d = datasetFor(datasetId);
      if (!spilled || spilled.datasetId !== datasetId)
        throw dataFailure(
          'The training worker holds no pixels on disk for this dataset.',
          'Load the dataset again in Data.',
        );
      const layout: PixelLayout = spilled.layout;
      const block = await restorePixels(d, spilled, store!);
      spilled = null;
      // A shared block is shared by posting it, not copied (nor transferred).
      return { value: { block, layout }, transfer: [] };
    }),
    readImages: session.short(async (datasetId, split: SplitName, indices) => {
      const d = datasetFor(datasetId);
      const size = bytesPerImage(d);
      const part = d[split];
      const out = new Uint8Array(indices.length * size);
      indices.forEach((index, k) => {
        if (!Number.isInteger(index) || index < 0 || index >= part.count)
          throw dataFailure(`There is no image ${index} in this split.`, 'Choose another image.');
        const into = out.subarray(k * size, (k + 1) * size);
        if (part.disk) part.disk.read(index, into);
        else into.set(part.images.subarray(index * size, (index + 1) * size));
      });
      return { value: out, transfer: [out.buffer as ArrayBuffer] };
    }),
  };
  return {
    api,
    /** A new dataset replaces the one whose pixels are on disk: its file goes. */
    async forget() {
      if (spilled) await discardSpill(spilled, store!);
      spilled = null;
    },
  };
}
