// Is a folder colour or grayscale? Decided from a few decoded images: a
// folder of gray scans (even saved as RGB JPEGs) is grayscale by nature.

/** A pixel counts as coloured when its channels differ by more than this: JPEG's chroma noise in gray photos stays within a few levels. */
export const CHANNEL_SPREAD = 24;
/** Share of coloured pixels above which the images are colour (a gray scan with a coloured stamp is still colour). */
export const COLOUR_SHARE = 0.005;

/** `rgb`: RGB bytes (any number of images, 3 bytes a pixel). */
export function looksColour(rgb: Uint8Array): boolean {
  const pixels = Math.floor(rgb.length / 3);
  if (pixels === 0) return false;
  let coloured = 0;
  for (let p = 0; p < pixels; p++) {
    const r = rgb[p * 3]!;
    const g = rgb[p * 3 + 1]!;
    const b = rgb[p * 3 + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > CHANNEL_SPREAD) coloured++;
  }
  return coloured / pixels > COLOUR_SHARE;
}

/** Up to `n` indices spread evenly over `count` items (every class gets sampled, files are grouped by class). */
export function sampleIndices(count: number, n: number): number[] {
  if (count <= n) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: n }, (_, k) => Math.floor(((k + 0.5) * count) / n));
}
