// The background copy of a dataset's pixels (keep-pixels.ts), off the page's
// thread: IndexedDB serialises each put on the thread that calls it, and on
// the page 111 MB of pixels made main-thread tasks of 0.4 and 1.1 s right after
// "ready" (2026-12-02, 2 cores). The pixels arrive as views of the shared block
// (no copy); the page answers clicks while this thread writes them.
import { keepPixels } from './keep-pixels';
import type { PixelsOutcome } from './persist-db';
import type { ImageDataset } from './types';

export interface KeepRequest {
  dataset: ImageDataset;
  token: number | null;
  stop: Int32Array;
}
export type KeepReply = { outcome: PixelsOutcome } | { error: string; name: string };

self.onmessage = async (e: MessageEvent<KeepRequest>) => {
  const { dataset, token, stop } = e.data;
  let reply: KeepReply;
  try {
    reply = { outcome: await keepPixels(dataset, token, stop) };
  } catch (err) {
    reply = {
      error: err instanceof Error ? err.message : String(err),
      name: err instanceof Error ? err.name : 'Error',
    };
  }
  self.postMessage(reply);
};
