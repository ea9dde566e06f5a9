// The dataset as a project holds it: a built-in by its recipe (which one, the
// seed, split fractions, cap per class and the shape it was made at: the
// loader makes exactly the same images and split again), a folder by its
// original files under files/<path> plus the same recipe. The split of a
// folder is reproducible from these too (split.ts sorts by path before its
// seeded shuffle): each split's paths are written for the student (and any
// script) to read, and the lab makes the same split again from the files and
// the recipe rather than trusting a list. Parsing refuses any field of the
// wrong type: a hand-edited file is refused whole, never half applied.
import type { SkippedFile } from '../skip';
import type { DataSource, LoadSettings, Target } from '../source';
import { FILES_PREFIX, ProjectFileError } from './format';

export interface DatasetEntry {
  source: DataSource;
  settings: LoadSettings;
  target: Target;
  skipped: SkippedFile[];
  name: string;
  classNames: string[];
  /** Each split's image paths, in the loaded order (a folder's paths; empty for a built-in). */
  split: { train: string[]; val: string[]; test: string[] } | null;
  /** A folder's original files: their path in the folder (entry: files/<path>). */
  files: string[];
}

export const fileEntry = (path: string) => FILES_PREFIX + path;

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};
export const mimeOf = (path: string) => MIME[path.split('.').pop()?.toLowerCase() ?? ''] ?? '';

const bad = (what: string) => new ProjectFileError(`dataset.json: ${what}. The file was damaged or edited by hand.`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const isFraction = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const strings = (v: unknown, what: string): string[] => {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw bad(`${what} is not a list of names`);
  return v as string[];
};

/** dataset.json checked field by field (null: the project has no dataset). */
export function parseDatasetEntry(raw: unknown): DatasetEntry | null {
  if (raw === null) return null;
  if (!isObject(raw)) throw bad('not an object');
  const { source, settings, target } = raw;
  let src: DataSource;
  if (isObject(source) && source.kind === 'builtin' && (source.builtin === 'mnist' || source.builtin === 'shapes'))
    src = { kind: 'builtin', builtin: source.builtin };
  else if (
    isObject(source) &&
    source.kind === 'folder' &&
    typeof source.rootName === 'string' &&
    (source.layout === 'classes' || source.layout === 'splits') &&
    isInt(source.fileCount, 0, 10_000_000)
  )
    src = { kind: 'folder', rootName: source.rootName, layout: source.layout, fileCount: source.fileCount };
  else throw bad('the source is neither a built-in dataset nor a folder');
  if (
    !isObject(settings) ||
    !isInt(settings.seed, 0, 2 ** 32) ||
    !isInt(settings.maxPerClass, 0, 10_000_000) ||
    !isObject(settings.fractions) ||
    !isFraction(settings.fractions.train) ||
    !isFraction(settings.fractions.val) ||
    !isFraction(settings.fractions.test)
  )
    throw bad('the split settings (seed, fractions, cap) are not numbers in range');
  if (
    !isObject(target) ||
    !isInt(target.height, 1, 4096) ||
    !isInt(target.width, 1, 4096) ||
    !(target.channels === 1 || target.channels === 3)
  )
    throw bad('the image shape is not valid');
  const skipped = Array.isArray(raw.skipped) ? raw.skipped : null;
  if (!skipped || !skipped.every((s) => isObject(s) && typeof s.path === 'string' && typeof s.reason === 'string'))
    throw bad('the skipped files are not a list');
  const files = strings(raw.files, 'files');
  if (src.kind === 'folder' && files.length === 0) throw bad('a folder with no files');
  if (files.some((p) => p.includes('..') || p.startsWith('/'))) throw bad('a file path leaves the folder');
  let split: DatasetEntry['split'] = null;
  if (raw.split !== null) {
    if (!isObject(raw.split)) throw bad('the split is not an object');
    split = {
      train: strings(raw.split.train, 'split.train'),
      val: strings(raw.split.val, 'split.val'),
      test: strings(raw.split.test, 'split.test'),
    };
  }
  if (typeof raw.name !== 'string') throw bad('the name is not text');
  return {
    source: src,
    settings: {
      seed: settings.seed,
      maxPerClass: settings.maxPerClass,
      fractions: { train: settings.fractions.train, val: settings.fractions.val, test: settings.fractions.test },
    },
    target: { height: target.height, width: target.width, channels: target.channels },
    skipped: skipped as SkippedFile[],
    name: raw.name,
    classNames: strings(raw.classNames, 'classNames'),
    split,
    files,
  };
}
