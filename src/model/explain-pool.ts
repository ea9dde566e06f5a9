// Max-pooling of one output pixel, step by step (pure, no tfjs): the window
// over one input channel, the maximum and where it sits, and why the output
// has the size it has. `same` padding never contributes to a maximum (Keras
// pads max-pooling with -infinity, in effect: padded taps are skipped).
import type { Padding, Pair } from './layers';
import { outputLength, padBefore } from './explain-conv';

export interface PoolGeometry {
  inHeight: number;
  inWidth: number;
  poolSize: Pair;
  /** Keras' default strides = poolSize (null). */
  strides: Pair | null;
  padding: Padding;
}

export interface PoolStep {
  row: number;
  col: number;
  top: number;
  left: number;
  /** ph x pw window values; NaN where the window falls in the padding. */
  window: Float32Array;
  /** Position of the maximum inside the window (first one in reading order on ties) and in the input. */
  maxIndex: number;
  maxRow: number;
  maxCol: number;
  value: number;
}

const stridesOf = (g: PoolGeometry): Pair => g.strides ?? g.poolSize;

export function poolOutputShape(g: PoolGeometry): [number, number] {
  const [sh, sw] = stridesOf(g);
  return [
    outputLength(g.inHeight, g.poolSize[0], sh, g.padding),
    outputLength(g.inWidth, g.poolSize[1], sw, g.padding),
  ];
}

/** One sentence per axis: how the output size follows from the input, the window and the stride. */
export function poolShapeReason(g: PoolGeometry): string {
  const [sh, sw] = stridesOf(g);
  const [outH, outW] = poolOutputShape(g);
  const axis = (name: string, input: number, k: number, s: number, out: number) =>
    g.padding === 'same'
      ? `${name}: ceil(${input} / ${s}) = ${out}`
      : `${name}: floor((${input} - ${k}) / ${s}) + 1 = ${out}`;
  return `${axis('height', g.inHeight, g.poolSize[0], sh, outH)}; ${axis('width', g.inWidth, g.poolSize[1], sw, outW)}`;
}

/** `input` is one channel, inHeight x inWidth row-major. */
export function explainPool(input: Float32Array, g: PoolGeometry, row: number, col: number): PoolStep {
  const [ph, pw] = g.poolSize;
  const [sh, sw] = stridesOf(g);
  const [outH, outW] = poolOutputShape(g);
  if (row < 0 || col < 0 || row >= outH || col >= outW)
    throw new RangeError(`Output position (${row}, ${col}) is outside the ${outH}x${outW} output.`);
  if (input.length !== g.inHeight * g.inWidth)
    throw new RangeError(`The channel holds ${input.length} values, not ${g.inHeight}x${g.inWidth}.`);
  const top = row * sh - padBefore(g.inHeight, ph, sh, g.padding);
  const left = col * sw - padBefore(g.inWidth, pw, sw, g.padding);
  const window = new Float32Array(ph * pw);
  let maxIndex = -1;
  for (let i = 0; i < ph; i++)
    for (let j = 0; j < pw; j++) {
      const y = top + i;
      const x = left + j;
      const k = i * pw + j;
      window[k] = y < 0 || x < 0 || y >= g.inHeight || x >= g.inWidth ? NaN : input[y * g.inWidth + x]!;
      if (!Number.isNaN(window[k]) && (maxIndex < 0 || window[k]! > window[maxIndex]!)) maxIndex = k;
    }
  const maxRow = top + Math.floor(maxIndex / pw);
  const maxCol = left + (maxIndex % pw);
  return { row, col, top, left, window, maxIndex, maxRow, maxCol, value: window[maxIndex]! };
}
