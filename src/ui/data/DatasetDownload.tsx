// The loaded dataset out, as a zip of train/, validation/ and test/ folders of
// class folders (the layout Keras' image_dataset_from_directory reads): the
// original files of a folder, PNGs of a built-in's pixels. Written in a
// worker (src/data/zip.worker.ts) with progress; cancellable.
import { useRef, useState } from 'react';
import { useLab } from '../../store';
import { planDatasetZip, zipDataset } from '../../data/dataset-zip-run';
import { SPLIT_DIRS, safeSegment } from '../../data/dataset-zip';
import { loadSavedFiles } from '../../data/persist';
import { downloadBlob } from '../export/download';

type Progress = { done: number; total: number } | null;

export function DatasetDownload() {
  const dataset = useLab((s) => s.dataset);
  const ready = useLab((s) => s.dataState === 'ready');
  const onDisk = useLab((s) => s.pixelsAt === 'disk');
  const source = useLab((s) => s.dataSource);
  const [progress, setProgress] = useState<Progress>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  if (!dataset || !source) return null;
  const root = source.kind === 'folder' ? source.rootName : source.builtin;

  const start = async () => {
    const { dataset: d, dataItems: items, dataSource: src } = useLab.getState();
    if (!d || !items || !src) return;
    setError(null);
    const own = new AbortController();
    controller.current = own;
    setProgress({ done: 0, total: 0 });
    try {
      // A folder's own files, as kept for the next visit (saved before the dataset was shown as ready).
      const files = src.kind === 'folder' ? await loadSavedFiles() : null;
      if (src.kind === 'folder' && !files)
        throw new Error('The original image files are not kept in this browser. Load the folder again, then download.');
      const input = {
        root,
        dataset: d,
        items,
        folder: src.kind === 'folder' ? { layout: src.layout, files: files! } : null,
      };
      const plan = planDatasetZip(input);
      const blob = await zipDataset(input, plan, (done, total) => setProgress({ done, total }), own.signal);
      downloadBlob(`${safeSegment(root)}.zip`, blob);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (controller.current === own) controller.current = null;
      setProgress(null);
    }
  };

  return (
    <div className="dataset-download">
      <div className="dataset-download-row">
        <button
          type="button"
          data-testid="dataset-download-button"
          disabled={!ready || onDisk || progress !== null}
          title={onDisk ? 'The pixels are on disk while the run trains: download once it ends.' : undefined}
          onClick={() => void start()}
        >
          Download the dataset (.zip)
        </button>
        {progress && (
          <span className="load-progress" data-testid="dataset-download-progress" role="status">
            <progress value={progress.done} max={progress.total || undefined} />
            <span className="load-progress-text">
              {progress.total > 0
                ? `${progress.done.toLocaleString('en-US')} / ${progress.total.toLocaleString('en-US')} images`
                : 'Preparing…'}
            </span>
            <button type="button" onClick={() => controller.current?.abort()}>
              Cancel
            </button>
          </span>
        )}
      </div>
      <p className="muted">
        The lab’s own split as folders: <code>{SPLIT_DIRS.train}/</code>, <code>{SPLIT_DIRS.val}/</code> and{' '}
        <code>{SPLIT_DIRS.test}/</code>, each with one folder per class (
        {source.kind === 'folder' ? 'your original files' : 'PNG images'}). Keras’{' '}
        <code>image_dataset_from_directory</code> reads this layout as it is: load the unzipped folder here and the
        exported Keras script reads exactly these images.
      </p>
      {error && (
        <p className="data-error" role="alert" data-testid="error-message" data-source="dataset-download">
          {error}
        </p>
      )}
    </div>
  );
}
