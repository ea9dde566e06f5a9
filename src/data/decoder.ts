// Runs the decode workers: a few workers, each decoding small batches, until
// every file is done or the load is cancelled (workers are then terminated).
import * as Comlink from 'comlink';
import type { DecodeApi, DecodeTarget } from './decode.worker';

export type { DecodeTarget };
export interface DecodedFiles {
  /** files.length images; only slots with ok[i] hold pixels. */
  pixels: Uint8Array;
  hashes: string[];
  /** null when decoded, else why not. */
  failures: (string | null)[];
}

const BATCH = 8;

// Decoding is CPU-bound and the main thread mostly waits meanwhile, so one worker per core (at most 4).
export const workerCount = (): number => Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 2));

export async function decodeFiles(blobs: Blob[], target: DecodeTarget, onProgress: (done: number) => void, signal: AbortSignal): Promise<DecodedFiles> {
  const size = target.height * target.width * target.channels;
  const pixels = new Uint8Array(blobs.length * size);
  const hashes = new Array<string>(blobs.length).fill('');
  const failures = new Array<string | null>(blobs.length).fill(null);
  const workers = Array.from({ length: Math.min(workerCount(), Math.ceil(blobs.length / BATCH) || 1) }, () => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' }));
  let next = 0;
  let done = 0;
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(new DOMException('Loading was cancelled.', 'AbortError'));
    if (signal.aborted) fail();
    signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined); // a cancel after the end is not an error
  const run = async (worker: Worker) => {
    const api = Comlink.wrap<DecodeApi>(worker);
    while (next < blobs.length && !signal.aborted) {
      const ids = Array.from({ length: Math.min(BATCH, blobs.length - next) }, (_, k) => next + k);
      next += ids.length;
      const results = await api.decode(ids.map((id) => ({ id, blob: blobs[id]! })), target);
      for (const r of results) {
        if (r.ok) {
          pixels.set(r.pixels, r.id * size);
          hashes[r.id] = r.hash;
        } else failures[r.id] = r.reason;
      }
      done += ids.length;
      onProgress(done);
    }
  };
  try {
    await Promise.race([Promise.all(workers.map(run)), aborted]);
  } finally {
    workers.forEach((w) => w.terminate());
  }
  return { pixels, hashes, failures };
}
