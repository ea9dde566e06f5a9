// Reads a folder listing the way Keras' image_dataset_from_directory does:
// root/<class>/**/images, or root/{train,validation|val,test}/<class>/**/images.
// Pure: paths in, classes and candidates out, so every case is unit-tested.
import { codePointCompare } from './random';
import { skipReasonByName, type SkippedFile } from './skip';
import type { SplitName } from './types';

export interface ListedFile {
  path: string;
  size: number;
}

export interface Candidate {
  /** Index into the listing. */
  file: number;
  /** Path inside the folder (root name removed). */
  path: string;
  label: number;
  given: SplitName | null;
}

export type Layout =
  | {
      ok: true;
      kind: 'classes' | 'splits';
      rootName: string;
      classNames: string[];
      candidates: Candidate[];
      skipped: SkippedFile[];
      missingSplits: SplitName[];
    }
  | { ok: false; rootName: string; error: string; expectedTree: string; skipped: SkippedFile[] };

const SPLIT_FOLDERS: Record<string, SplitName> = {
  train: 'train',
  training: 'train',
  validation: 'val',
  val: 'val',
  valid: 'val',
  test: 'test',
};

export const EXPECTED_TREE = `my-images/                 my-images/
├── cats/                  ├── train/
│   ├── cat001.jpg         │   ├── cats/  (images)
│   └── …                  │   └── dogs/  (images)
└── dogs/                  ├── validation/   (or val/)
    ├── dog001.jpg         │   ├── cats/ …
    └── …                  └── test/
                               ├── cats/ …
one folder per class       train / validation / test,
(the lab splits it)        each with one folder per class`;

/** Removes the folder's own name (webkitRelativePath starts with it) when all paths share it. */
export function stripRoot(paths: string[]): { rootName: string; paths: string[] } {
  const first = paths[0]?.split('/')[0];
  const shared = first !== undefined && paths.every((p) => p.startsWith(`${first}/`));
  return shared
    ? { rootName: first, paths: paths.map((p) => p.slice(first.length + 1)) }
    : { rootName: 'dropped items', paths };
}

/**
 * The files in sub-folders that pass by name, grouped by their folder (listing
 * order): what to decode, group by group, to tell a folder of junk (a corrupt
 * .jpg, a .txt) from a real one when its layout fails. One image that decodes
 * is enough for its folder, so a real one-class folder costs one batch.
 */
export function foldersToProbe(files: ListedFile[]): number[][] {
  const { paths } = stripRoot(files.map((f) => f.path));
  const groups = new Map<string, number[]>();
  paths.forEach((path, file) => {
    // Files at the top level are in no class whatever they hold: the layout message stands for them.
    if (!path.includes('/') || skipReasonByName(path, files[file]!.size)) return;
    const folder = path.slice(0, path.lastIndexOf('/'));
    const group = groups.get(folder);
    if (group) group.push(file);
    else groups.set(folder, [file]);
  });
  return [...groups.values()];
}

/** `unreadable`: files (by index) already found not to decode, with why; they are skipped like junk by name. */
export function detectLayout(files: ListedFile[], unreadable: ReadonlyMap<number, string> = new Map()): Layout {
  const { rootName, paths } = stripRoot(files.map((f) => f.path));
  const skipped: SkippedFile[] = [];
  const usable: { file: number; parts: string[] }[] = [];
  paths.forEach((path, file) => {
    const reason = skipReasonByName(path, files[file]!.size) ?? unreadable.get(file);
    if (reason) skipped.push({ path, reason });
    else usable.push({ file, parts: path.split('/') });
  });
  const fail = (error: string): Layout => ({ ok: false, rootName, error, expectedTree: EXPECTED_TREE, skipped });

  if (usable.length === 0)
    return fail(
      files.length === 0
        ? 'The folder is empty.'
        : unreadable.size > 0
          ? 'The folder holds no image the browser can read (JPEG, PNG, GIF, WebP or BMP): see the skipped files below.'
          : 'The folder holds no images (JPEG, PNG, GIF, WebP or BMP).',
    );
  const topFolders = new Set(usable.filter((u) => u.parts.length > 1).map((u) => u.parts[0]!));
  const isSplits = [...topFolders].some((f) => SPLIT_FOLDERS[f.toLowerCase()] === 'train');

  // [class folder, split] of each usable file, or a reason it is left out.
  const placed: { file: number; path: string; cls: string; given: SplitName | null }[] = [];
  for (const u of usable) {
    const path = u.parts.join('/');
    if (isSplits) {
      const split = SPLIT_FOLDERS[u.parts[0]!.toLowerCase()];
      if (u.parts.length === 1) skipped.push({ path, reason: 'not inside a class folder (top level of the folder)' });
      else if (!split) skipped.push({ path, reason: `outside train/, validation/ and test/ (in ${u.parts[0]}/)` });
      else if (u.parts.length === 2)
        skipped.push({ path, reason: `not inside a class folder (directly in ${u.parts[0]}/)` });
      else placed.push({ file: u.file, path, cls: u.parts[1]!, given: split });
    } else if (u.parts.length === 1) {
      skipped.push({ path, reason: 'not inside a class folder (top level of the folder)' });
    } else {
      placed.push({ file: u.file, path, cls: u.parts[0]!, given: null });
    }
  }

  const classNames = [...new Set(placed.map((p) => p.cls))].sort(codePointCompare);
  if (classNames.length === 0) {
    return fail(
      isSplits
        ? 'train/, validation/ and test/ must each hold one sub-folder per class, with the images inside.'
        : 'The images are at the top level of the folder. Put them in one sub-folder per class.',
    );
  }
  if (classNames.length === 1) {
    return fail(
      `Only one class folder (${classNames[0]}/) holds images. A classifier needs at least two classes: one sub-folder per class.`,
    );
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  const candidates = placed.map((p) => ({ file: p.file, path: p.path, label: index.get(p.cls)!, given: p.given }));
  const present = new Set(candidates.map((c) => c.given));
  const missingSplits = isSplits ? (['val', 'test'] as SplitName[]).filter((s) => !present.has(s)) : [];
  return { ok: true, kind: isSplits ? 'splits' : 'classes', rootName, classNames, candidates, skipped, missingSplits };
}
