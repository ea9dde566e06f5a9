// The loaded dataset as a folder Keras' image_dataset_from_directory reads:
// <root>/train/<class>/..., validation/<class>/..., test/<class>/...: the
// lab's own split, so a script reading the three folders trains, validates
// and tests on exactly the lab's images. Pure: the names are planned here
// (unit-tested), the bytes are written by zip.worker.ts.
import { stripRoot } from './folder-layout';
import type { SplitItems } from './split-pixels';
import { SPLITS, type SplitName } from './types';

/** Keras' usual names, used where the loaded folder gave no split folder of its own. */
export const SPLIT_DIRS: Record<SplitName, string> = { train: 'train', val: 'validation', test: 'test' };

/** One file of the zip: an original file (`file`, an index into the folder's files) or pixels encoded as a PNG. */
export interface ZipEntry {
  name: string;
  split: SplitName;
  /** Index of the image in its split (the dataset's pixels and labels). */
  index: number;
  file: number | null;
}

export interface ZipPlan {
  /** Folder entries (`name/`): every class folder of every split that has images, even an empty one (Keras wants them all). */
  dirs: string[];
  entries: ZipEntry[];
  /** Images whose original file is no longer among the folder's files. */
  missing: string[];
  /** Class names that are not safe as folder names, with the folder name used instead. */
  renamed: { from: string; to: string }[];
}

/** A path segment every file system takes: no separators, control or reserved characters, no trailing dot or space. */
export function safeSegment(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]/g, '_').replace(/[. ]+$/, '');
  return s === '' || s === '.' || s === '..' ? '_' : s;
}

/** Adds `-2`, `-3`, ... before the extension until the name is new (compared without case: Windows and macOS). */
export function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const slash = name.lastIndexOf('/');
  const [stem, ext] = dot > slash + 1 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let k = 2; taken.has(candidate.toLowerCase()); k++) candidate = `${stem}-${k}${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface ZipPlanInput {
  /** The zip's top folder (the dataset's name). */
  root: string;
  classNames: string[];
  items: SplitItems;
  /** Labels of each split, in item order. */
  labels: Record<SplitName, ArrayLike<number>>;
  /** A folder's layout and its files' paths as picked (root first); null for a built-in (PNGs from the pixels). */
  folder: { layout: 'classes' | 'splits'; paths: string[] } | null;
}

/** The split folder names: a loaded split folder's own name (validation/ or val/), else Keras' usual one. */
function splitDirs(items: SplitItems, folder: ZipPlanInput['folder']): Record<SplitName, string> {
  const dirs = { ...SPLIT_DIRS };
  if (folder?.layout !== 'splits') return dirs;
  for (const split of SPLITS) {
    const given = items[split].find((i) => i.given === split);
    if (given) dirs[split] = safeSegment(given.path.split('/')[0]!);
  }
  return dirs;
}

export function planZip({ root, classNames, items, labels, folder }: ZipPlanInput): ZipPlan {
  const top = safeSegment(root);
  const seen = new Set<string>();
  const classDirs = classNames.map((name) => uniqueName(safeSegment(name), seen));
  const renamed = classNames.flatMap((from, i) => (classDirs[i] !== from ? [{ from, to: classDirs[i]! }] : []));
  const dirsOf = splitDirs(items, folder);
  const fileIndex = folder ? new Map(stripRoot(folder.paths).paths.map((p, i) => [p, i])) : null;
  // Below the class folder: a folder's own sub-path (class/ or split/class/ removed), a built-in's image name.
  const skip = folder?.layout === 'splits' ? 2 : 1;
  const taken = new Set<string>();
  const dirs: string[] = [];
  const entries: ZipEntry[] = [];
  const missing: string[] = [];
  for (const split of SPLITS) {
    if (items[split].length === 0) continue;
    for (const c of classDirs) dirs.push(`${top}/${dirsOf[split]}/${c}/`);
    items[split].forEach((item, index) => {
      const parts = item.path.split('/');
      const file = fileIndex ? (fileIndex.get(item.path) ?? null) : null;
      if (fileIndex && file === null) return void missing.push(item.path);
      const below = fileIndex ? parts.slice(skip).map(safeSegment).join('/') : `${safeSegment(parts.at(-1)!)}.png`;
      const label = labels[split][index]!;
      const name = uniqueName(`${top}/${dirsOf[split]}/${classDirs[label]}/${below}`, taken);
      entries.push({ name, split, index, file });
    });
  }
  return { dirs, entries, missing, renamed };
}
