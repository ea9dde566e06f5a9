// Decoded images before they are split, and assembly into an ImageDataset.
// Re-splitting (new seed or fractions) goes dataset -> pool -> dataset
// without decoding again. The three splits are views of one pixel block
// (train, then val, then test), in shared memory where possible (shared.ts).
import type { DecodedChannels, ImageShape } from '../model/shape';
import { pixelBytes } from './shared';
import { SPLITS, type ImageDataset, type SplitData, type SplitName } from './types';

/** What the lab remembers about each image besides its pixels. */
export interface ItemMeta {
  /** Path inside the folder, or a builtin's own name for the image. */
  path: string;
  /** The split the folder layout gave it (train/validation/test folders), if any. */
  given: SplitName | null;
  /** Hash of the decoded pixels (duplicate detection). */
  hash: string;
}

export interface PoolItem extends ItemMeta {
  label: number;
  src: number;
  index: number;
}

export interface Pool extends ImageShape<DecodedChannels> {
  classNames: string[];
  /** Pixel buffers; item.src picks one and item.index the image in it. */
  sources: Uint8Array[];
  items: PoolItem[];
}

export type SplitItems = Record<SplitName, ItemMeta[]>;
export interface BuiltDataset {
  dataset: ImageDataset;
  items: SplitItems;
}

/**
 * Moves whole images inside `bytes` so that slot d ends up holding the image
 * that was in slot from[d] (d < from.length; every from[d] distinct). Slots
 * nobody asks for are free to overwrite. Chains are walked from their free
 * end, cycles with one image of scratch: no second copy of the pixels.
 */
export function gatherInPlace(bytes: Uint8Array, size: number, from: ArrayLike<number>): void {
  const n = from.length;
  let slots = n;
  for (let d = 0; d < n; d++) slots = Math.max(slots, from[d]! + 1);
  const wantedBy = new Int32Array(slots).fill(-1); // wantedBy[s]: the slot that needs the image now in s
  for (let d = 0; d < n; d++) wantedBy[from[d]!] = d;
  const done = new Uint8Array(n);
  const move = (src: number, dst: number) => bytes.copyWithin(dst * size, src * size, (src + 1) * size);
  // Chains end at a slot whose own image nobody wants: fill it, then the slot its image came from, and so on.
  for (let d = 0; d < n; d++) {
    if (done[d] || wantedBy[d] !== -1) continue;
    let dst = d;
    while (dst < n && !done[dst]) {
      const src = from[dst]!;
      if (src !== dst) move(src, dst);
      done[dst] = 1;
      dst = src;
    }
  }
  const scratch = new Uint8Array(size);
  for (let d = 0; d < n; d++) {
    if (done[d] || from[d] === d) continue;
    scratch.set(bytes.subarray(d * size, (d + 1) * size));
    let dst = d;
    for (;;) {
      done[dst] = 1;
      const src = from[dst]!;
      if (src === d) {
        bytes.set(scratch, dst * size);
        break;
      }
      move(src, dst);
      dst = src;
    }
  }
}

/**
 * `reuse`: the pool's one source buffer belongs to this build (a fresh decode):
 * its images are moved into split order where they are, instead of copied.
 */
export function buildDataset(
  pool: Pool,
  assignment: SplitName[],
  info: Pick<ImageDataset, 'id' | 'name' | 'source'>,
  reuse = false,
): BuiltDataset {
  const size = pool.height * pool.width * pool.channels;
  const members: Record<SplitName, PoolItem[]> = { train: [], val: [], test: [] };
  pool.items.forEach((item, i) => members[assignment[i] ?? 'train'].push(item));
  const order = SPLITS.flatMap((s) => members[s]);
  const total = order.length * size;
  const source = pool.sources[0];
  // A fresh decode with few failed files keeps its buffer; many failures would leave too much unused behind it.
  const inPlace = reuse && pool.sources.length === 1 && !!source && source.length - total <= total / 16;
  let bytes: Uint8Array;
  if (inPlace) {
    gatherInPlace(
      source,
      size,
      order.map((item) => item.index),
    );
    bytes = source.subarray(0, total);
  } else {
    bytes = pixelBytes(total);
    order.forEach((item, k) =>
      bytes.set(pool.sources[item.src]!.subarray(item.index * size, (item.index + 1) * size), k * size),
    );
  }
  let start = 0;
  const split = (name: SplitName): SplitData => {
    const list = members[name];
    const images = bytes.subarray(start * size, (start + list.length) * size);
    start += list.length;
    return { images, labels: Uint16Array.from(list, (item) => item.label), count: list.length };
  };
  const dataset: ImageDataset = {
    ...info,
    classNames: pool.classNames,
    height: pool.height,
    width: pool.width,
    channels: pool.channels,
    train: split('train'),
    val: split('val'),
    test: split('test'),
  };
  const items = Object.fromEntries(
    SPLITS.map((s) => [s, members[s].map(({ path, given, hash }) => ({ path, given, hash }))]),
  ) as SplitItems;
  return { dataset, items };
}

export function poolFromDataset(dataset: ImageDataset, items: SplitItems): Pool {
  const poolItems: PoolItem[] = [];
  SPLITS.forEach((s, src) => {
    items[s].forEach((meta, index) => poolItems.push({ ...meta, label: dataset[s].labels[index]!, src, index }));
  });
  return {
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    classNames: dataset.classNames,
    sources: SPLITS.map((s) => dataset[s].images),
    items: poolItems,
  };
}

/** counts[class][split]. */
export function classCounts(dataset: ImageDataset): Record<SplitName, number>[] {
  const counts = dataset.classNames.map(() => ({ train: 0, val: 0, test: 0 }));
  for (const s of SPLITS) for (const label of dataset[s].labels) counts[label]![s]++;
  return counts;
}
