// The live training curve: one smoothed point per throttled batch event,
// thinned once long so charts stay smooth however long the run.
import type { BatchProgress } from '../../client/types';

/** One point of the smoothed per-batch training curve; x is in epochs (1.5 = halfway through epoch 2). */
export interface LivePoint {
  x: number;
  loss: number;
  accuracy: number;
}

const MAX_LIVE_POINTS = 200;

/** The batch's point added; every other point kept once the curve gets long: same shape, bounded cost. */
export function appendBatch(points: LivePoint[], b: BatchProgress): LivePoint[] {
  const next = [...points, { x: b.epoch - 1 + b.batch / b.batchesPerEpoch, loss: b.loss, accuracy: b.accuracy }];
  return next.length > MAX_LIVE_POINTS ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}
