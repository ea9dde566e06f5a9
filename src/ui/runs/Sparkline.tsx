// A run's loss curves as a tiny inline SVG: cheap enough for hundreds of rows
// (recharts costs ~5 ms a chart), and drawn from the saved epochs alone, so a
// run whose dataset is gone still shows how it went.
import { memo } from 'react';
import type { EpochMetrics } from '../../model/run-types';

const W = 120;
const H = 34;

function path(values: number[], lo: number, hi: number, n: number): string {
  const span = hi - lo || 1;
  return values
    .map(
      (v, i) =>
        `${i === 0 ? 'M' : 'L'}${((i / Math.max(1, n - 1)) * (W - 4) + 2).toFixed(1)},${(H - 2 - ((v - lo) / span) * (H - 4)).toFixed(1)}`,
    )
    .join(' ');
}

export const Sparkline = memo(function Sparkline({
  epochs,
  bestEpoch,
}: {
  epochs: EpochMetrics[];
  bestEpoch: number | null;
}) {
  const finite = epochs.filter((e) => Number.isFinite(e.loss) && Number.isFinite(e.valLoss));
  if (finite.length < 2)
    return <span className="sparkline-empty muted">{finite.length === 1 ? '1 epoch' : 'no epochs'}</span>;
  const all = finite.flatMap((e) => [e.loss, e.valLoss]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const best = finite.findIndex((e) => e.epoch === bestEpoch);
  return (
    <svg
      className="sparkline"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`loss from ${finite[0]!.loss.toFixed(3)} to ${finite.at(-1)!.loss.toFixed(3)}, val_loss from ${finite[0]!.valLoss.toFixed(3)} to ${finite.at(-1)!.valLoss.toFixed(3)}`}
    >
      <path
        d={path(
          finite.map((e) => e.loss),
          lo,
          hi,
          finite.length,
        )}
        fill="none"
        stroke="var(--accent)"
        strokeWidth={1.5}
        strokeDasharray="3 2"
      />
      <path
        d={path(
          finite.map((e) => e.valLoss),
          lo,
          hi,
          finite.length,
        )}
        fill="none"
        stroke="#e0672a"
        strokeWidth={1.5}
      />
      {best >= 0 && (
        <circle
          cx={(best / Math.max(1, finite.length - 1)) * (W - 4) + 2}
          cy={H - 2 - ((finite[best]!.valLoss - lo) / (hi - lo || 1)) * (H - 4)}
          r={2.5}
          fill="var(--ok)"
        />
      )}
    </svg>
  );
});
