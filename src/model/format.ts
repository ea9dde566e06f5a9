// Number formatting as Keras prints it in model.summary().

/** 991041 -> "991,041" */
export const withCommas = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Keras' readable_memory_size: 1024-based, two decimals, B/KB/MB/GB. */
export function readableBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

/** "991,041 (3.78 MB)": a parameter count and its float32 size. */
export const paramsWithSize = (n: number): string => `${withCommas(n)} (${readableBytes(n * 4)})`;

/** (None, 26, 26, 32) as Keras prints an output shape. */
export const kerasShape = (shape: readonly number[]): string => `(None, ${shape.join(', ')})`;
