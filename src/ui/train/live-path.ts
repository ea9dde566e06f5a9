// The live (per-batch) training curve as one SVG path, drawn by LiveLine on
// the chart's own scales instead of as recharts data: recharts recomputes and
// re-renders its whole chart (selectors, every point of every line) when its
// data changes, which was 100-900 ms of main thread a second on this loaded
// 2-core machine (bench/calm.bench.mjs); one path string costs well under 1 ms.
import type { LivePoint } from '../../store/train-slice';

type Scale = (v: number) => number | undefined;

/** "M x,y L x,y …" of the points that can be drawn (finite, > 0 on a log axis); '' when fewer than two. */
export function livePath(
  points: readonly LivePoint[],
  metric: 'loss' | 'accuracy',
  x: Scale,
  y: Scale,
  log: boolean,
): string {
  const parts: string[] = [];
  for (const p of points) {
    const v = p[metric];
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    const px = x(p.x);
    const py = y(v);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`);
  }
  return parts.length < 2 ? '' : parts.join(' ');
}

/** The live point nearest to epoch position `x` (for the tooltip), or null. */
export function nearestLive(points: readonly LivePoint[], x: number): LivePoint | null {
  let best: LivePoint | null = null;
  for (const p of points) if (best === null || Math.abs(p.x - x) < Math.abs(best.x - x)) best = p;
  return best;
}
