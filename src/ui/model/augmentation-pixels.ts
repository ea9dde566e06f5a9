// Bytes from the worker (height × width × channels, 0-255) to what a canvas
// draws (RGBA). Pure, so it is tested without a browser.

export function toRgba(
  bytes: Uint8Array,
  width: number,
  height: number,
  channels: number,
): Uint8ClampedArray<ArrayBuffer> {
  const n = width * height;
  if (bytes.length !== n * channels)
    throw new Error(`An image of ${width}x${height}x${channels} needs ${n * channels} bytes, not ${bytes.length}.`);
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    const src = p * channels;
    out[p * 4] = bytes[src]!;
    out[p * 4 + 1] = bytes[channels === 1 ? src : src + 1]!;
    out[p * 4 + 2] = bytes[channels === 1 ? src : src + 2]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** A fresh seed for a re-roll: any 31-bit integer other than the current one. */
export function nextSeed(current: number, random: () => number = Math.random): number {
  for (;;) {
    const s = Math.floor(random() * 0x7fffffff);
    if (s !== current) return s;
  }
}
