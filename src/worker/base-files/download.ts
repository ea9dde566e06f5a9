// The one request the lab makes beyond its own origin, and only on the student's click: a base's weight file from
// Keras' storage, read as it streams (progress, MD5 as the bytes come), cancellable. Every way it can fail becomes
// one sentence (offline, refused by the server or a school's filter, blocked by the browser's cross-origin rules,
// cut short, not the file Keras names); the page then offers the link to download by hand and the file drop.
import { DOWNLOAD_CANCELLED, type BaseDownloadPlan, type BaseDownloadProgress } from '../../model/base-files';
import { Md5 } from '../h5/md5';

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** Progress reaches the page at most this often (a 58.9 MB file arrives in ~4,000 chunks). */
const PROGRESS_EVERY_MS = 100;

export async function downloadFile(
  plan: BaseDownloadPlan,
  onProgress: (p: BaseDownloadProgress) => void,
  signal: AbortSignal,
): Promise<{ bytes: Uint8Array; md5: string }> {
  let response: Response;
  try {
    response = await fetch(plan.url, { signal, mode: 'cors', credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (signal.aborted) throw new DownloadError(DOWNLOAD_CANCELLED, true);
    throw new DownloadError(
      `The download did not start (${e instanceof Error ? e.message : String(e)}): the browser is offline, ` +
        'a network filter blocked the storage, or the storage refused this page.',
    );
  }
  if (!response.ok)
    throw new DownloadError(`The storage answered ${response.status} ${response.statusText || ''}`.trim() + '.');
  const header = Number(response.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : null;
  const reader = response.body?.getReader();
  if (!reader) throw new DownloadError('The browser gave no readable body for the download.');
  const chunks: Uint8Array[] = [];
  const md5 = new Md5();
  let received = 0;
  let last = 0;
  onProgress({ received, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      md5.update(value);
      received += value.length;
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        onProgress({ received, total });
      }
    }
  } catch (e) {
    if (signal.aborted) throw new DownloadError(DOWNLOAD_CANCELLED, true);
    throw new DownloadError(
      `The download broke off after ${received.toLocaleString('en-US')} bytes (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  onProgress({ received, total });
  if (total !== null && received !== total)
    throw new DownloadError(
      `The download ended after ${received.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} bytes.`,
    );
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  const digest = md5.hex();
  if (plan.md5 !== null && digest !== plan.md5)
    throw new DownloadError(
      `The downloaded file's MD5 is ${digest}; Keras names ${plan.md5} for ${plan.fileName}. It is damaged or not that file.`,
    );
  return { bytes, md5: digest };
}
