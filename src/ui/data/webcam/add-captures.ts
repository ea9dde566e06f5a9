// Captured images into the dataset, as files of the loaded folder: the kept
// files plus the new PNGs are loaded as the folder again, so ingestion, the
// split, the health report and keeping for the next visit are the folder's own.
import { useLab } from '../../../store';
import { detectLayout } from '../../../data/folder-layout';
import { loadSavedFiles } from '../../../data/persist';
import type { FolderFile } from '../../../data/source';
import { captureFolder, capturePaths } from '../../../data/webcam-files';

/** Loads the folder with the captures added; returns why not (the captures are then kept for another try). */
export async function addCaptures(captures: Map<string, Blob[]>): Promise<string | null> {
  const { dataSource } = useLab.getState();
  const folder = dataSource?.kind === 'folder' ? dataSource : null;
  const existing = folder ? await loadSavedFiles() : null;
  if (folder && !existing)
    return 'The loaded folder’s files are not kept in this browser, so images cannot be added to it. Load the folder again, then record.';
  const where = captureFolder(existing, folder?.layout ?? null);
  const added: FolderFile[] = [...captures].flatMap(([cls, blobs]) =>
    capturePaths(where, cls, blobs.length).map((path, i) => ({ path, blob: blobs[i]! })),
  );
  const files = [...(existing ?? []), ...added];
  const layout = detectLayout(files.map((f) => ({ path: f.path, size: f.blob.size })));
  if (!layout.ok) return `${layout.error} Record images for another class too.`;
  useLab.getState().loadFolder(files);
  return null;
}
