// The live training curve inside a recharts chart: it reads the chart's
// scales and plot area (recharts' hooks) and the live points from a context,
// so a new batch redraws this one path, never the memoised chart around it.
import { createContext, useContext, useId } from 'react';
import { DefaultTooltipContent, usePlotArea, useXAxisScale, useYAxisScale, type TooltipContentProps } from 'recharts';
import type { LivePoint } from '../../store/train-slice';
import { livePath, nearestLive } from './live-path';

export const LivePointsContext = createContext<readonly LivePoint[]>([]);

export const LIVE_NAME = 'training (live)';
/** Dashed, unlike the solid per-epoch training curve of the same colour (line and legend). */
export const LIVE_DASH = '4 3';

export function LiveLine({ metric, log }: { metric: 'loss' | 'accuracy'; log: boolean }) {
  const points = useContext(LivePointsContext);
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  const clip = useId();
  if (!x || !y || !area) return null;
  const d = livePath(
    points,
    metric,
    x as (v: number) => number | undefined,
    y as (v: number) => number | undefined,
    log,
  );
  if (!d) return null;
  return (
    <g className="live-line" data-points={points.length}>
      <defs>
        {/* The axis fits the epoch points: the live line (near 2.3 at the start on MNIST) is clipped to the plot. */}
        <clipPath id={clip}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <path
        d={d}
        fill="none"
        stroke="var(--accent)"
        strokeOpacity={0.3}
        strokeWidth={1}
        strokeDasharray={LIVE_DASH}
        clipPath={`url(#${clip})`}
      />
    </g>
  );
}

/** recharts' own tooltip, plus the live curve's value nearest the hovered epoch. */
export function LiveTooltip({ metric, ...props }: TooltipContentProps & { metric: 'loss' | 'accuracy' }) {
  const points = useContext(LivePointsContext);
  const at = typeof props.label === 'number' ? nearestLive(points, props.label) : null;
  const payload = (props.payload ?? []).filter((p) => p.name !== LIVE_NAME);
  const withLive =
    at && props.active
      ? [
          ...payload,
          {
            name: `${LIVE_NAME} at ${at.x.toFixed(2)}`,
            value: at[metric],
            color: 'var(--accent)',
            graphicalItemId: 'live-line',
          },
        ]
      : payload;
  return <DefaultTooltipContent {...props} payload={withLive} />;
}
