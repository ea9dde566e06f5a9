// What the exporter needs to know about the data: where it came from and how
// the lab split it. Made from the data slice's plain values (pure).
import type { InputShape } from '../model/layers';
import type { SplitItems } from '../data/split-pixels';
import type { BuiltinName, DataSource, LoadSettings } from '../data/source';
import { DEFAULT_FRACTIONS, DEFAULT_SEED, type SplitFractions } from '../data/split';
import type { SplitName } from '../data/types';

export interface DatasetDescription {
  /** The folder's name (the script's default data folder), or the builtin's. */
  name: string;
  kind: 'folder' | 'builtin';
  builtin: BuiltinName | null;
  /** 'splits': train/, validation/, test/ folders as given; 'classes': one folder per class, split by fractions. */
  layout: 'classes' | 'splits';
  /** For the splits layout: the sub-folder names the lab found; null where the lab carved that split from train. */
  splitFolders: Record<SplitName, string | null> | null;
  /** In label order; empty when unknown (nothing loaded yet). */
  classNames: string[];
  seed: number;
  fractions: SplitFractions;
  /** 0 = all images. */
  maxPerClass: number;
  height: number;
  width: number;
  channels: 1 | 3;
}

/** The folder each split's images came from (first path segment), when the layout gave the split. */
function splitFolders(items: SplitItems | null): Record<SplitName, string | null> {
  const folder = (split: SplitName): string | null => {
    const item = items?.[split].find((i) => i.given === split);
    return item ? (item.path.split('/')[0] ?? null) : null;
  };
  return { train: folder('train') ?? 'train', val: folder('val'), test: folder('test') };
}

/** Describes the loaded data; with nothing loaded, a folder of class sub-folders named "my_images" at the model's input size. */
export function describeDataset(
  source: DataSource | null,
  loaded: { classNames: string[] } | null,
  items: SplitItems | null,
  settings: LoadSettings | null,
  input: InputShape,
): DatasetDescription {
  const base = {
    classNames: loaded?.classNames ?? [],
    seed: settings?.seed ?? DEFAULT_SEED,
    fractions: settings?.fractions ?? DEFAULT_FRACTIONS,
    maxPerClass: settings?.maxPerClass ?? 0,
    height: input.height,
    width: input.width,
    channels: input.channels === 1 ? (1 as const) : (3 as const),
  };
  if (source?.kind === 'builtin')
    return {
      ...base,
      name: source.builtin,
      kind: 'builtin',
      builtin: source.builtin,
      layout: source.builtin === 'shapes' ? 'splits' : 'classes',
      splitFolders: source.builtin === 'shapes' ? { train: 'train', val: 'validation', test: 'test' } : null,
    };
  if (source?.kind === 'folder')
    return {
      ...base,
      name: source.rootName,
      kind: 'folder',
      builtin: null,
      layout: source.layout,
      splitFolders: source.layout === 'splits' ? splitFolders(items) : null,
    };
  return { ...base, name: 'my_images', kind: 'folder', builtin: null, layout: 'classes', splitFolders: null };
}
