// One metric over epochs: training and validation per finished epoch (dots),
// the per-batch training curve of the epoch in progress, the kept (best)
// epoch and where overfitting starts. The y-axis fits the epoch points
// (src/model/curves.ts): the live batch line starts near 2.3 on MNIST, and an
// axis that followed it squashed the epoch points near 0, so val_loss rising
// from 0.097 to 0.129 could not be seen; the live line is clipped instead.
// No animation. A calm page (bench/calm.bench.mjs): recharts only redraws
// when the epochs, the axis or the marks change (a few times a run); the live
// curve, new every second, is one path drawn by LiveLine on the chart's scales.
import { memo, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
} from 'recharts';
import type { EpochMetrics } from '../../model/run-types';
import type { LivePoint } from '../../store/train-slice';
import { axisScale, epochValues, overfittingStart, type AxisScale, type OverfitMark } from '../../model/curves';
import { LIVE_DASH, LIVE_NAME, LiveLine, LivePointsContext, LiveTooltip } from './LiveLine';

interface Props {
  metric: 'loss' | 'accuracy';
  epochs: EpochMetrics[];
  live: LivePoint[];
  totalEpochs: number;
  bestEpoch: number | null;
  testId: string;
}

type Row = { x: number; train?: number; val?: number };

const PROVISIONAL = [0, 1];

export const CurveChart = memo(function CurveChart({ metric, epochs, live, totalEpochs, bestEpoch, testId }: Props) {
  const [logScale, setLogScale] = useState(false);
  const log = metric === 'loss' && logScale;
  // Fit the epoch points; before the first epoch ends there are only live points to fit.
  // Kept by value: a new live point that leaves the axis as it was must not redraw the chart.
  // With a run but no point yet, a provisional 0-1 axis: the charts mount while the worker prepares, not
  // when the first point arrives during training (their first mount was the page's longest task then).
  const values = epochs.length > 0 ? epochValues(epochs, metric) : live.map((p) => p[metric]);
  const scaleKey = JSON.stringify(
    axisScale(values.length === 0 && totalEpochs > 0 ? PROVISIONAL : values, metric, log),
  );
  const scale = useMemo(() => JSON.parse(scaleKey) as AxisScale | null, [scaleKey]);
  const overfit = useMemo(() => overfittingStart(epochs), [epochs]);
  const title = metric === 'loss' ? 'Loss' : 'Accuracy';
  // The tooltip joins the chart once a pointer or the keyboard comes to it: until then each epoch's
  // redraw skips its part of recharts' store (calm bench: the epoch-end redraw was a 50-60 ms task).
  const [pointed, setPointed] = useState(false);
  const point = () => setPointed(true);

  return (
    <figure
      onPointerEnter={point}
      onFocus={point}
      className="curve-chart"
      data-testid={testId}
      data-points={epochs.length}
      data-y-min={scale?.domain[0] ?? ''}
      data-y-max={scale?.domain[1] ?? ''}
      data-y-scale={log ? 'log' : 'linear'}
      data-overfit-epoch={overfit?.epoch ?? ''}
      aria-label={`${title} per epoch`}
    >
      <figcaption>
        <span>{title}</span>
        {metric === 'loss' && (
          <label className="chart-toggle">
            <input
              type="checkbox"
              data-testid="loss-log-toggle"
              checked={logScale}
              onChange={(e) => setLogScale(e.target.checked)}
            />{' '}
            log scale
          </label>
        )}
      </figcaption>
      {!scale ? (
        <p className="chart-empty muted">The curves appear here as the model trains.</p>
      ) : (
        // The live points reach LiveLine through context: the memoised Plot (recharts) redraws only when the epochs, axis or marks change.
        <LivePointsContext.Provider value={live}>
          <Plot
            metric={metric}
            log={log}
            epochs={epochs}
            scale={scale}
            overfit={overfit}
            totalEpochs={totalEpochs}
            bestEpoch={bestEpoch}
            tooltip={pointed}
          />
        </LivePointsContext.Provider>
      )}
    </figure>
  );
});

interface PlotProps {
  metric: 'loss' | 'accuracy';
  log: boolean;
  epochs: EpochMetrics[];
  scale: AxisScale;
  overfit: OverfitMark | null;
  totalEpochs: number;
  bestEpoch: number | null;
  tooltip: boolean;
}

const Plot = memo(function Plot({ metric, log, epochs, scale, overfit, totalEpochs, bestEpoch, tooltip }: PlotProps) {
  const rows = useMemo(() => {
    const drawable = (v: number | undefined) => v === undefined || (Number.isFinite(v) && (!log || v > 0));
    const out: Row[] = epochs.map((e) => ({
      x: e.epoch,
      train: metric === 'loss' ? e.loss : e.accuracy,
      val: metric === 'loss' ? e.valLoss : e.valAccuracy,
    }));
    // x = 0 anchors the axes (and the tooltip) before the first epoch ends.
    return [{ x: 0 }, ...out.filter((r) => drawable(r.train) && drawable(r.val))];
  }, [epochs, metric, log]);
  const lastEpoch = epochs.at(-1)?.epoch ?? 0;
  return (
    <ResponsiveContainer width="100%" height={230}>
      <LineChart data={rows} margin={{ top: 18, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey="x"
          type="number"
          domain={[0, Math.max(1, totalEpochs)]}
          allowDecimals={false}
          tickCount={Math.min(11, Math.max(2, totalEpochs + 1))}
          stroke="var(--muted)"
          fontSize={12}
          label={{ value: 'epoch', position: 'insideBottomRight', offset: -2, fontSize: 11, fill: 'var(--muted)' }}
        />
        <YAxis
          stroke="var(--muted)"
          fontSize={12}
          width={52}
          scale={log ? 'log' : 'linear'}
          domain={scale.domain}
          ticks={scale.ticks}
          interval={0}
          // Clips the live batch line (and anything else) to the epoch points' range.
          allowDataOverflow
          // Own tick labels (class y-tick) so checks can read the axis range as a student sees it.
          tick={({ x, y, payload }: YAxisTickContentProps) => (
            <text x={x} y={y} dy={4} textAnchor="end" fill="var(--muted)" fontSize={12} className="y-tick">
              {Number(payload.value).toFixed(scale.decimals)}
            </text>
          )}
        />
        {tooltip && (
          <Tooltip
            content={(p) => <LiveTooltip {...p} metric={metric} />}
            formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
            labelFormatter={(x) => `epoch ${Number(x).toFixed(2).replace(/\.00$/, '')}`}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8 }}
          />
        )}
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {overfit && lastEpoch > overfit.epoch && (
          <ReferenceArea
            x1={overfit.epoch}
            x2={lastEpoch}
            fill="var(--danger)"
            fillOpacity={0.06}
            ifOverflow="hidden"
          />
        )}
        {overfit && (
          <ReferenceLine
            x={overfit.epoch}
            stroke="var(--danger)"
            strokeDasharray="2 3"
            className="overfit-line"
            label={{
              value: 'overfitting starts here',
              position: 'insideTopRight',
              fill: 'var(--danger)',
              fontSize: 11,
            }}
          />
        )}
        {bestEpoch !== null && (
          <ReferenceLine
            x={bestEpoch}
            stroke="var(--ok)"
            strokeDasharray="4 3"
            label={{ value: 'best', position: 'top', fill: 'var(--ok)', fontSize: 11 }}
          />
        )}
        {/* No data of its own (LiveLine draws the curve): it keeps the legend entry. */}
        <Line
          name={LIVE_NAME}
          dataKey="live"
          stroke="var(--accent)"
          strokeOpacity={0.3}
          strokeDasharray={LIVE_DASH}
          legendType="plainline"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
        <LiveLine metric={metric} log={log} />
        <Line
          name="training"
          dataKey="train"
          stroke="var(--accent)"
          strokeWidth={2}
          // Same colour as the live curve: a dot per epoch in the legend against its dashed line.
          legendType="circle"
          isAnimationActive={false}
          connectNulls
        />
        <Line name="validation" dataKey="val" stroke="#e0672a" strokeWidth={2} isAnimationActive={false} connectNulls />
      </LineChart>
    </ResponsiveContainer>
  );
});
