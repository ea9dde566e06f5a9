// Keeps the loaded dataset in IndexedDB so a reload doesn't ask for the folder
// again. Folders keep their decoded pixels and their original files (to decode
// again at another size); built-ins keep only how to make them again.
import { openDB, type IDBPDatabase } from 'idb';
import type { SplitItems } from './pool';
import type { SkippedFile } from './skip';
import type { DataSource, FolderFile, LoadSettings, Target } from './source';
import type { ImageDataset } from './types';

export interface SavedDataset {
  dataset: ImageDataset | null;
  items: SplitItems | null;
  skipped: SkippedFile[];
  source: DataSource;
  settings: LoadSettings;
  target: Target;
}

const DB_NAME = 'convnet-lab-data';
const CURRENT = 'current';
let db: Promise<IDBPDatabase> | null = null;
const open = () =>
  (db ??= openDB(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('datasets');
      d.createObjectStore('files');
    },
  }));

/** `files`: a folder's files to keep, null to drop them, undefined to leave the saved ones. */
export async function saveDataset(record: SavedDataset, files: FolderFile[] | null | undefined): Promise<void> {
  const d = await open();
  const tx = d.transaction(['datasets', 'files'], 'readwrite');
  await tx.objectStore('datasets').put(record, CURRENT);
  if (files) await tx.objectStore('files').put(files, CURRENT);
  else if (files === null) await tx.objectStore('files').delete(CURRENT);
  await tx.done;
}

export async function loadSavedDataset(): Promise<SavedDataset | null> {
  const d = await open();
  const saved = (await d.get('datasets', CURRENT)) as SavedDataset | undefined;
  return saved && isUsable(saved) ? saved : null;
}

/** Stale or damaged records are ignored rather than trusted. */
function isUsable(saved: SavedDataset): boolean {
  const { source, settings, dataset, items } = saved;
  if (!source || !settings || !saved.target || !Array.isArray(saved.skipped)) return false;
  if (source.kind === 'builtin') return source.builtin === 'mnist' || source.builtin === 'shapes';
  if (!dataset || !items) return false;
  const size = dataset.height * dataset.width * dataset.channels;
  return (['train', 'val', 'test'] as const).every((s) => {
    const split = dataset[s];
    return split.images instanceof Uint8Array && split.labels instanceof Uint16Array && split.images.length === split.count * size && split.labels.length === split.count && items[s]?.length === split.count;
  });
}

export async function loadSavedFiles(): Promise<FolderFile[] | null> {
  const d = await open();
  return ((await d.get('files', CURRENT)) as FolderFile[] | undefined) ?? null;
}

export async function clearSaved(): Promise<void> {
  const d = await open();
  const tx = d.transaction(['datasets', 'files'], 'readwrite');
  await Promise.all([tx.objectStore('datasets').clear(), tx.objectStore('files').clear(), tx.done]);
}

export const isQuotaError = (e: unknown): boolean => e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'UnknownError');

/** What the student reads when the dataset could not be kept. */
export function saveErrorMessage(e: unknown): string {
  if (isQuotaError(e)) {
    return 'The dataset is loaded, but the browser has no storage space left to keep it for your next visit. Free space (clear old datasets or site data) or load a smaller dataset; until then you will need to pick the folder again after a reload.';
  }
  return `The dataset is loaded, but could not be kept for your next visit (${e instanceof Error ? e.message : String(e)}).`;
}
