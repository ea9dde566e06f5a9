// Decoded images before they are split, and assembly into an ImageDataset.
// Re-splitting (new seed or fractions) goes dataset -> pool -> dataset
// without decoding again; each split gets its own compact buffer.
import type { DecodedChannels, ImageShape } from '../model/shape';
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

export interface PoolItem extends ItemMeta { label: number; src: number; index: number }

export interface Pool extends ImageShape<DecodedChannels> {
  classNames: string[];
  /** Pixel buffers; item.src picks one and item.index the image in it. */
  sources: Uint8Array[];
  items: PoolItem[];
}

export type SplitItems = Record<SplitName, ItemMeta[]>;
export interface BuiltDataset { dataset: ImageDataset; items: SplitItems }

export function buildDataset(pool: Pool, assignment: SplitName[], info: Pick<ImageDataset, 'id' | 'name' | 'source'>): BuiltDataset {
  const size = pool.height * pool.width * pool.channels;
  const members: Record<SplitName, PoolItem[]> = { train: [], val: [], test: [] };
  pool.items.forEach((item, i) => members[assignment[i] ?? 'train'].push(item));
  const split = (name: SplitName): SplitData => {
    const list = members[name];
    const images = new Uint8Array(list.length * size);
    const labels = new Uint16Array(list.length);
    list.forEach((item, k) => {
      const src = pool.sources[item.src]!;
      images.set(src.subarray(item.index * size, (item.index + 1) * size), k * size);
      labels[k] = item.label;
    });
    return { images, labels, count: list.length };
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
  const items = Object.fromEntries(SPLITS.map((s) => [s, members[s].map(({ path, given, hash }) => ({ path, given, hash }))])) as SplitItems;
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
