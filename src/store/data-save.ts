// Keeping the dataset for the next visit (src/data/persist.ts): the loader's
// `save` effect, and the background copy of the decoded pixels, shown while it
// is written. Part of the data slice (its JobHost); failures go to its notice.
import { saveDataset, saveErrorMessage, type PixelsOutcome } from '../data/persist';
import type { FolderFile, LoadSettings } from '../data/source';
import type { LoadJob } from '../data/loader';
import { settingsOf, type JobHost } from './data-jobs';
import type { LabState } from './index';

/**
 * The dataset as it now is, to IndexedDB. `files`: the folder's files to keep, or 'keep' to leave the saved
 * ones. Resolves when a reload keeps it; `pixels`: the quick-reload copy, written after.
 */
export async function saveCurrent(
  s: LabState,
  files: FolderFile[] | null | 'keep',
  settings: LoadSettings,
): Promise<{ pixels: Promise<PixelsOutcome> } | null> {
  const { dataset, dataItems, skipped, dataSource } = s;
  if (!dataset || !dataItems || !dataSource) return null;
  const folder = dataSource.kind === 'folder';
  // Built-ins are made again on restore; only folders keep pixels and files.
  return saveDataset(
    {
      dataset: folder ? dataset : null,
      items: folder ? dataItems : null,
      skipped,
      source: dataSource,
      settings,
      target: { height: dataset.height, width: dataset.width, channels: dataset.channels },
    },
    folder ? (files === 'keep' || files === null ? undefined : files) : null,
  );
}

/** Shows a background copy of the pixels while it is written (`dataKeeping`); a failure is said, and costs only a slower reload. */
export function watchKeeping(host: JobHost, pixels: Promise<PixelsOutcome>): void {
  host.keeping.now = pixels;
  host.set({ dataKeeping: true });
  const settle = (notice?: string) => {
    if (host.keeping.now !== pixels) return;
    host.keeping.now = null;
    host.set({ dataKeeping: false });
    if (notice) host.get().showDataNotice(notice);
  };
  pixels.then(
    () => settle(),
    (e: unknown) =>
      settle(
        `The dataset is kept for your next visit, but its decoded pixels could not be (${e instanceof Error ? e.message : String(e)}): a reload will decode the kept images again.`,
      ),
  );
}

/**
 * The loader's `save` effect. "Ready" waits for the record and the folder's
 * files, so a reload right after keeps the dataset; the pixels follow in the
 * background (src/data/persist.ts). Fresh folder files are stored with it.
 */
export function saveForJob(host: JobHost, job: LoadJob | null, generation: number): void {
  const saved = () => host.dispatch({ type: 'saved', generation });
  if (job?.options.restored) return saved();
  const fresh = job?.source.kind === 'folder' && job.source.fresh;
  const s = host.get();
  saveCurrent(s, fresh ? host.files.kept : 'keep', settingsOf(s))
    .then((r) => r && watchKeeping(host, r.pixels))
    .catch((e: unknown) => host.get().showDataNotice(saveErrorMessage(e)))
    .finally(saved);
}
