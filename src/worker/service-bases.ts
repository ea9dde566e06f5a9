// The worker API's entries for pretrained bases' weight files: list what is kept, add a picked file, download
// Keras' file on the student's click (progress, cancel), remove one. Every file is read and checked in full
// (src/worker/h5) before it is kept; a file that fails changes nothing. Not queued behind training: they touch
// no model, only the HDF5 reader and the browser's storage.
import type { BaseNeed, KeptBaseFile } from '../model/base-files';
import type { WorkerFailure } from '../model/run-types';
import { downloadFile, DownloadError } from './base-files/download';
import { keepBaseFile, keptBaseFiles, removeBaseFile } from './base-files/keep';
import { BaseWeightsError, readBaseWeights, type CheckedBaseWeights } from './h5/base-weights';
import type { ShortResult, TrainWorkerApi } from './protocol';
import { tfjsBaseEntries } from './service-tfjs-bases';

type BaseEntries = Pick<
  TrainWorkerApi,
  | 'baseFiles'
  | 'addBaseFile'
  | 'downloadBaseFile'
  | 'cancelBaseDownload'
  | 'removeBaseFile'
  | 'tfjsBases'
  | 'addTfjsBase'
  | 'removeTfjsBase'
  | 'cutTfjsBase'
>;

const HAND_FIX = 'Download the file by hand with the link shown, then drop it on the weights box (or pick it there).';

function failed(message: string, fix: string): { ok: false; failure: WorkerFailure } {
  return { ok: false, failure: { kind: 'data', message, fix } };
}

async function keep(checked: CheckedBaseWeights, bytes: Uint8Array): Promise<ShortResult<KeptBaseFile>> {
  const { ref, rows, fileName, md5, checksum } = checked;
  try {
    return { ok: true, value: await keepBaseFile({ fileName, ref, rows, bytes: bytes.length, md5, checksum }, bytes) };
  } catch (e) {
    return failed(
      `The file checked out but the browser would not keep it (${e instanceof Error ? e.message : String(e)}).`,
      'Free some space for this site (or leave private browsing) and add the file again.',
    );
  }
}

async function check(bytes: Uint8Array, fileName: string, meant: BaseNeed | null) {
  try {
    return { ok: true as const, checked: await readBaseWeights(bytes, { fileName, meant }) };
  } catch (e) {
    if (e instanceof BaseWeightsError) return { ok: false as const, message: e.message };
    throw e;
  }
}

/** `ready`: a backend for tfjs to build a TF.js base on (the session's; tests run on the CPU backend as set). */
export function baseEntries(ready?: () => Promise<void>): BaseEntries {
  const downloads = new Map<string, AbortController>();
  return {
    async baseFiles() {
      try {
        return { ok: true, value: await keptBaseFiles() };
      } catch (e) {
        return failed(
          `The kept weight files could not be listed (${e instanceof Error ? e.message : String(e)}).`,
          'Reload the page; if it persists, add the file again.',
        );
      }
    },
    async addBaseFile(file, meant) {
      const bytes = new Uint8Array(await file.blob.arrayBuffer());
      const result = await check(bytes, file.name, meant);
      if (!result.ok)
        return failed(result.message, `Pick the *_no_top.h5 / *_notop.h5 file Keras downloads for this base.`);
      return keep(result.checked, bytes);
    },
    async downloadBaseFile(plan, meant, downloadId, onProgress) {
      const controller = new AbortController();
      downloads.set(downloadId, controller);
      try {
        const { bytes } = await downloadFile(plan, onProgress, controller.signal);
        const result = await check(bytes, plan.fileName, meant);
        if (!result.ok) return failed(`The downloaded file does not check out: ${result.message}`, HAND_FIX);
        return await keep(result.checked, bytes);
      } catch (e) {
        if (e instanceof DownloadError)
          return failed(e.message, e.cancelled ? 'Download it again when you are ready.' : HAND_FIX);
        throw e;
      } finally {
        downloads.delete(downloadId);
      }
    },
    async cancelBaseDownload(downloadId) {
      downloads.get(downloadId)?.abort();
    },
    async removeBaseFile(fileName) {
      await removeBaseFile(fileName);
      return { ok: true, value: null };
    },
    ...tfjsBaseEntries(ready),
  };
}
