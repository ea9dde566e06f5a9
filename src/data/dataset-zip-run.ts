// Makes the dataset zip in zip.worker.ts: the plan (names, split folders)
// from dataset-zip.ts, the bytes in the worker. Cancel: the worker is ended.
import { cancellation } from './cancel';
import { planZip, type ZipPlan } from './dataset-zip';
import type { ZipReply, ZipRequest } from './zip.worker';
import type { SplitItems } from './split-pixels';
import type { FolderFile } from './source';
import type { ImageDataset } from './types';

export interface DatasetZipInput {
  root: string;
  dataset: ImageDataset;
  items: SplitItems;
  /** A folder's files with its layout; null for a built-in. */
  folder: { layout: 'classes' | 'splits'; files: FolderFile[] } | null;
}

/** The plan for what is loaded (throws when original files are gone: the zip would not be the lab's data). */
export function planDatasetZip({ root, dataset, items, folder }: DatasetZipInput): ZipPlan {
  const plan = planZip({
    root,
    classNames: dataset.classNames,
    items,
    labels: { train: dataset.train.labels, val: dataset.val.labels, test: dataset.test.labels },
    folder: folder && { layout: folder.layout, paths: folder.files.map((f) => f.path) },
  });
  if (plan.missing.length > 0)
    throw new Error(
      `${plan.missing.length.toLocaleString('en-US')} images no longer have their original file (${plan.missing[0]}${plan.missing.length > 1 ? ', …' : ''}). Load the folder again, then download.`,
    );
  return plan;
}

export function zipDataset(
  input: DatasetZipInput,
  plan: ZipPlan,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<Blob> {
  const { dataset, folder } = input;
  const request: ZipRequest = {
    dirs: plan.dirs,
    entries: plan.entries,
    files: folder ? folder.files.map((f) => f.blob) : null,
    pixels: folder
      ? null
      : {
          images: { train: dataset.train.images, val: dataset.val.images, test: dataset.test.images },
          height: dataset.height,
          width: dataset.width,
          channels: dataset.channels,
        },
  };
  const worker = new Worker(new URL('./zip.worker.ts', import.meta.url), { type: 'module', name: 'dataset zip' });
  const { cancelled, release } = cancellation(signal);
  const made = new Promise<Blob>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ZipReply>) => {
      const reply = e.data;
      if (reply.type === 'progress') onProgress(reply.done, reply.total);
      else if (reply.type === 'done') resolve(reply.blob);
      else reject(new Error(reply.message));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the worker writing the zip failed'));
    };
    worker.postMessage(request);
  });
  return Promise.race([made, cancelled]).finally(() => {
    release();
    worker.terminate();
  });
}
