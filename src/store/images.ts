// One image of the loaded dataset, wherever its pixels are: a view of the
// shared block, or, while a run keeps the pixels on disk (src/data/spill-file.ts),
// a copy read by the training worker between two steps.
import { bytesPerImage, type ImageDataset, type SplitName } from '../data/types';
import type { TrainClient } from '../client/client';

/** Image `index` of a split as a view of the block, or null while the pixels are on disk (or there is no such image). */
export function imageView(d: ImageDataset, split: SplitName, index: number): Uint8Array | null {
  const size = bytesPerImage(d);
  const images = d[split].images;
  if (!Number.isInteger(index) || index < 0 || index >= d[split].count || images.length < (index + 1) * size)
    return null;
  return images.subarray(index * size, (index + 1) * size);
}

/** A copy of image `index`: from memory, else from the training worker. Throws with the worker's reason. */
export async function readImage(
  client: TrainClient,
  d: ImageDataset,
  split: SplitName,
  index: number,
): Promise<Uint8Array> {
  const view = imageView(d, split, index);
  if (view) return view.slice();
  const answer = await client.readImages(d.id, split, [index]);
  if (!answer.ok) throw new Error(`${answer.failure.message} ${answer.failure.fix}`);
  return answer.value;
}
