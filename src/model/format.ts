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
  return `${fixed2(value)} ${units[unit]}`;
}

/**
 * Two decimals as Python's `{:.2f}` writes them: correctly rounded, ties to
 * even. JS's toFixed breaks exact ties upwards (1.125 → "1.13"; Python: "1.12").
 * An exact tie at two decimals is a multiple of 1/8 (x·100 = k + 0.5 exactly).
 */
export function fixed2(value: number): string {
  const scaled = value * 100;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 100).toFixed(2);
  }
  return value.toFixed(2);
}

/** "991,041 (3.78 MB)": a parameter count and its float32 size. */
export const paramsWithSize = (n: number): string => `${withCommas(n)} (${readableBytes(n * 4)})`;

/** (None, 26, 26, 32) as Keras prints an output shape. */
export const kerasShape = (shape: readonly number[]): string => `(None, ${shape.join(', ')})`;
