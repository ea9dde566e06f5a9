// How much memory a dataset takes, and whether it fits comfortably.

const GiB = 1024 ** 3;

/**
 * Bytes the lab allows for pixels: a quarter of the device's memory, at most 1 GiB (one block shared by the
 * page and the trainer, whose batches, weights and activations need room too).
 */
export function memoryBudget(deviceMemoryGiB: number | undefined): number {
  const device = deviceMemoryGiB && deviceMemoryGiB > 0 ? deviceMemoryGiB : 4;
  return Math.min(GiB, (device * GiB) / 4);
}

export const datasetBytes = (count: number, height: number, width: number, channels: number): number =>
  count * height * width * channels;

/** The largest size with the same aspect ratio whose pixels fit the budget, or null when even 8x8 does not. */
export function downscaleToFit(
  count: number,
  height: number,
  width: number,
  channels: number,
  budget: number,
): { height: number; width: number } | null {
  const scale = Math.sqrt(budget / Math.max(1, datasetBytes(count, height, width, channels)));
  if (scale >= 1) return { height, width };
  const h = Math.floor(height * scale);
  const w = Math.floor(width * scale);
  return h >= 8 && w >= 8 ? { height: h, width: w } : null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
