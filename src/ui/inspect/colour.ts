// Colour scales for the Inspect views (pure, no DOM). Weights use a diverging
// scale centred on 0 (blue negative, white 0, red positive) so a filter's sign
// pattern reads at a glance; activations use a sequential dark-to-bright scale
// from the channel's min to its max.

export type RGB = [number, number, number];

/** v in [-absMax, absMax] -> blue .. white .. red. */
export function diverging(v: number, absMax: number): RGB {
  const t = absMax > 0 ? Math.max(-1, Math.min(1, v / absMax)) : 0;
  const a = Math.abs(t);
  const fade = Math.round(255 * (1 - a));
  return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
}

/** v in [min, max] -> black .. dark violet .. orange .. pale yellow (a small "magma"-like ramp). */
const STOPS: RGB[] = [
  [0, 0, 4],
  [81, 18, 124],
  [183, 55, 121],
  [252, 137, 97],
  [252, 253, 191],
];
export function sequential(v: number, min: number, max: number): RGB {
  const t = max > min ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0;
  const x = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** A value for a tooltip or a data-* attribute: short, plain (no commas). */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return String(Number(v.toFixed(digits)));
}

/** RGBA pixels for an H x W map: colour(value at each pixel). */
export function paint(
  values: ArrayLike<number>,
  height: number,
  width: number,
  colour: (v: number) => RGB,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    const [r, g, b] = colour(values[p]!);
    out[p * 4] = r;
    out[p * 4 + 1] = g;
    out[p * 4 + 2] = b;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/**
 * An RGB kernel (kh x kw x 3) as an image, each channel stretched over the kernel's own range, as the
 * textbook shows first-layer filters.
 */
export function paintRgb(values: ArrayLike<number>, height: number, width: number): Uint8ClampedArray {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < height * width * 3; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const out = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < 3; c++)
      out[p * 4 + c] = max > min ? Math.round((255 * (values[p * 3 + c]! - min)) / (max - min)) : 128;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Lays `count` tiles of h x w out in a near-square grid with 1-pixel gaps: where tile k starts. */
export function tileLayout(
  count: number,
  h: number,
  w: number,
): { cols: number; rows: number; height: number; width: number; origin: (k: number) => [number, number] } {
  const cols = Math.max(1, Math.ceil(Math.sqrt(count)));
  const rows = Math.max(1, Math.ceil(count / cols));
  return {
    cols,
    rows,
    height: rows * (h + 1) - 1,
    width: cols * (w + 1) - 1,
    origin: (k) => [Math.floor(k / cols) * (h + 1), (k % cols) * (w + 1)],
  };
}

/** A number for a data-* attribute: full precision, never in exponent notation (1e-7 -> "0.0000001"). */
export function plain(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = String(v);
  if (!/e/i.test(s)) return s;
  return v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
