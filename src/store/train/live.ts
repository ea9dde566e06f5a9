// The live training curve: one smoothed point per throttled batch event,
// thinned once long so charts stay smooth however long the run.

/** One point of the smoothed per-batch training curve; x is in epochs (1.5 = halfway through epoch 2). */
export interface LivePoint {
  x: number;
  loss: number;
  accuracy: number;
}

const MAX_LIVE_POINTS = 200;

/** Keeps every other point once the curve gets long: same shape, bounded cost. */
export function appendThinned(points: LivePoint[], p: LivePoint): LivePoint[] {
  const next = [...points, p];
  return next.length > MAX_LIVE_POINTS ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}
