// An opened project's dataset, written where the lab keeps its dataset
// (persist-db.ts) in one transaction, so the reload that follows brings it
// back the usual way: a built-in made again from its recipe; a folder's kept
// files decoded again (its record marked pending: no pixels yet) at the saved
// shape with the saved split settings.
import { stopKeepingPixels } from '../persist';
import { CURRENT, open, type StoredDataset } from '../persist-db';
import type { FolderFile } from '../source';
import type { DatasetEntry } from './dataset-entry';

export async function keepOpenedDataset(entry: DatasetEntry | null, files: FolderFile[]): Promise<void> {
  stopKeepingPixels();
  const d = await open();
  const tx = d.transaction(['datasets', 'files', 'pixels'], 'readwrite');
  await tx.objectStore('pixels').clear();
  if (!entry) {
    await tx.objectStore('datasets').delete(CURRENT);
    await tx.objectStore('files').delete(CURRENT);
  } else {
    const folder = entry.source.kind === 'folder';
    const record: StoredDataset = {
      dataset: null,
      // A pending record needs items to come back; its split is made again from the kept files and settings.
      items: folder ? { train: [], val: [], test: [] } : null,
      skipped: entry.skipped,
      source: entry.source,
      settings: entry.settings,
      target: entry.target,
      ...(folder ? { pending: 0 } : {}),
    };
    await tx.objectStore('datasets').put(record, CURRENT);
    if (folder) await tx.objectStore('files').put(files, CURRENT);
    else await tx.objectStore('files').delete(CURRENT);
  }
  await tx.done;
}
