// What the training charts show of a run: the y-range that fits the epoch
// points, the best epoch, and where overfitting starts. Pure (no React, no
// recharts), so the rules are unit-tested on recorded epoch lists.

/** The per-epoch numbers the charts use (a structural subset of the worker's EpochMetrics). */
export interface EpochPoint {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
}

export type CurveMetric = 'loss' | 'accuracy';

export interface AxisScale {
  /** [low, high] of the y-axis; every value it was made from lies inside. */
  domain: [number, number];
  /** Tick values from low to high, the first and last on the domain's ends. */
  ticks: number[];
  /** Decimals that tell the ticks apart (for the labels). */
  decimals: number;
}

const finite = (v: number) => Number.isFinite(v);

/** Train and validation values of the epochs for one metric (non-finite ones left out). */
export function epochValues(epochs: readonly EpochPoint[], metric: CurveMetric): number[] {
  return epochs.flatMap((e) => (metric === 'loss' ? [e.loss, e.valLoss] : [e.accuracy, e.valAccuracy])).filter(finite);
}

/** 1, 2, 2.5 or 5 times a power of ten: the tick step nearest to `raw` from above. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/** The fewest decimals that write `step` exactly (0.025 -> 3, 5 -> 0). */
function decimalsOf(step: number): number {
  for (let d = 0; d < 8; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 8;
}

/**
 * A y-axis for `values`: a little room above and below, rounded out to nice
 * ticks. Accuracy stays within [0, 1]; a linear loss axis never goes below 0.
 * On a log axis the ticks are spread evenly in log space and rounded to two
 * significant digits (a loss of 0.097 to 0.129 spans far less than a decade,
 * so powers of ten alone would leave no ticks at all).
 */
export function axisScale(
  values: readonly number[],
  metric: CurveMetric,
  log = false,
  tickCount = 5,
): AxisScale | null {
  const vs = values.filter((v) => finite(v) && (!log || v > 0));
  if (vs.length === 0) return null;
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (log) {
    // 10% room in log space, at least a factor of 1.05 either way.
    const span = Math.max(Math.log10(hi / lo), 0.02);
    const a = Math.log10(lo) - span * 0.1;
    const b = Math.log10(hi) + span * 0.1;
    const ticks = Array.from({ length: tickCount }, (_, i) =>
      Number((10 ** (a + ((b - a) * i) / (tickCount - 1))).toPrecision(2)),
    );
    // Rounding may pull an end tick inside the data: the domain is the data's padded range, the ticks within it.
    const domain: [number, number] = [Math.min(ticks[0]!, 10 ** a), Math.max(ticks.at(-1)!, 10 ** b)];
    const uniq = [...new Set(ticks)].filter((t) => t >= domain[0] && t <= domain[1]);
    const decimals = Math.max(...uniq.map((t) => Math.max(0, -Math.floor(Math.log10(t)) + 1)));
    return { domain, ticks: uniq, decimals: Math.min(8, decimals) };
  }
  const range = hi - lo;
  // A flat curve still gets a visible band around it.
  const pad = range > 0 ? range * 0.08 : Math.max(Math.abs(hi) * 0.05, 1e-3);
  lo -= pad;
  hi += pad;
  if (lo < 0 && Math.min(...vs) >= 0) lo = 0;
  if (metric === 'accuracy') {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  const step = niceStep((hi - lo) / (tickCount - 1));
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const decimals = decimalsOf(step);
  const ticks: number[] = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Number(t.toFixed(decimals + 2)));
  return { domain: [ticks[0]!, ticks.at(-1)!], ticks, decimals };
}

/** The kept checkpoint's rule: the epoch with the lowest val_loss (the first of equals), null when none is finite. */
export function bestEpochOf(epochs: readonly EpochPoint[]): number | null {
  let best: EpochPoint | null = null;
  for (const e of epochs) if (finite(e.valLoss) && (best === null || e.valLoss < best.valLoss)) best = e;
  return best?.epoch ?? null;
}

export interface OverfitOptions {
  /** val_loss must stay this fraction above its minimum to count as rising (noise below that is ignored). */
  tolerance?: number;
  /** Epochs at or after the onset needed to call it (one bad epoch is not a trend). */
  confirm?: number;
}

export interface OverfitMark {
  /** The first epoch of the upturn. */
  epoch: number;
  /** The epoch with the lowest val_loss, just before it. */
  bestEpoch: number;
  minValLoss: number;
}

/**
 * Where overfitting starts: the first epoch after the val_loss minimum from
 * which every later val_loss stays more than `tolerance` (2%) above the
 * minimum, for at least `confirm` (2) epochs, while the training loss keeps
 * falling (its last value below its value at the minimum). A single noisy
 * epoch never triggers it: it either falls back near the minimum (so the
 * "stays above" test fails) or it is the last epoch (too few to confirm).
 * Null when the run has not (yet) overfitted.
 */
export function overfittingStart(
  epochs: readonly EpochPoint[],
  { tolerance = 0.02, confirm = 2 }: OverfitOptions = {},
): OverfitMark | null {
  const list = epochs.filter((e) => finite(e.valLoss) && finite(e.loss));
  const best = bestEpochOf(list);
  if (best === null) return null;
  const m = list.findIndex((e) => e.epoch === best);
  const min = list[m]!.valLoss;
  const threshold = min + Math.max(Math.abs(min) * tolerance, 1e-9);
  // Walk back from the end while val_loss stays above the threshold.
  let k = list.length;
  while (k - 1 > m && list[k - 1]!.valLoss > threshold) k--;
  if (k >= list.length || list.length - k < confirm) return null;
  // Training loss keeps falling: lower at the end than at the minimum, and not rising over the upturn.
  const trainAtMin = list[m]!.loss;
  const trainEnd = list.at(-1)!.loss;
  if (!(trainEnd < trainAtMin) || !(trainEnd <= list[k]!.loss)) return null;
  return { epoch: list[k]!.epoch, bestEpoch: best, minValLoss: min };
}
