// Pixel memory that the page and the training worker share instead of each
// holding a copy: a SharedArrayBuffer where the page is cross-origin isolated
// (the app always is; Node too), else an ordinary ArrayBuffer. Posting a
// dataset over shared memory to a worker shares it (no clone): the 5,000-image
// 180x180 colour folder (486 MB of pixels) is then one 486 MB block, not two.

/** Whether shared memory can be made and posted here. */
export const canShare = (): boolean =>
  typeof SharedArrayBuffer === 'function' &&
  (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/** Zeroed bytes, over shared memory where possible. */
export function pixelBytes(length: number): Uint8Array {
  return canShare() ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
}

export const isShared = (bytes: Uint8Array): boolean =>
  typeof SharedArrayBuffer === 'function' && bytes.buffer instanceof SharedArrayBuffer;
