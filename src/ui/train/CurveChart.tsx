// One metric over epochs: training and validation per finished epoch (dots),
// the per-batch training curve of the epoch in progress, the kept (best)
// epoch and where overfitting starts. The y-axis fits the epoch points
// (src/model/curves.ts): the live batch line starts near 2.3 on MNIST, and an
// axis that followed it squashed the epoch points near 0, so val_loss rising
// from 0.097 to 0.129 could not be seen; the live line is clipped instead.
// No animation: updates arrive a few times a second.
import { memo, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import type { EpochMetrics } from '../../worker/protocol';
import type { LivePoint } from '../../store/trainSlice';
import { axisScale, epochValues, overfittingStart } from '../../model/curves';

interface Props {
  metric: 'loss' | 'accuracy';
  epochs: EpochMetrics[];
  live: LivePoint[];
  totalEpochs: number;
  bestEpoch: number | null;
  testId: string;
}

type Row = { x: number; train?: number; val?: number; live?: number };

export const CurveChart = memo(function CurveChart({ metric, epochs, live, totalEpochs, bestEpoch, testId }: Props) {
  const [logScale, setLogScale] = useState(false);
  const log = metric === 'loss' && logScale;
  const rows = useMemo(() => {
    const drawable = (v: number | undefined) => v === undefined || (Number.isFinite(v) && (!log || v > 0));
    const out: Row[] = live.map((p) => ({ x: p.x, live: p[metric] }));
    for (const e of epochs) out.push({ x: e.epoch, train: metric === 'loss' ? e.loss : e.accuracy, val: metric === 'loss' ? e.valLoss : e.valAccuracy });
    return out.filter((r) => [r.train, r.val, r.live].every(drawable)).sort((a, b) => a.x - b.x);
  }, [epochs, live, metric, log]);
  // Fit the epoch points; before the first epoch ends there are only live points to fit.
  const scale = useMemo(() => {
    const fromEpochs = epochValues(epochs, metric);
    return axisScale(fromEpochs.length > 0 ? fromEpochs : live.map((p) => p[metric]), metric, log);
  }, [epochs, live, metric, log]);
  const overfit = useMemo(() => overfittingStart(epochs), [epochs]);
  const title = metric === 'loss' ? 'Loss' : 'Accuracy';
  const lastEpoch = epochs.at(-1)?.epoch ?? 0;

  return (
    <figure
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
            <input type="checkbox" data-testid="loss-log-toggle" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log scale
          </label>
        )}
      </figcaption>
      {rows.length === 0 || !scale ? (
        <p className="chart-empty muted">The curves appear here as the model trains.</p>
      ) : (
        <ResponsiveContainer width="100%" height={230}>
          <LineChart data={rows} margin={{ top: 18, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="x" type="number" domain={[0, Math.max(1, totalEpochs)]} allowDecimals={false} tickCount={Math.min(11, Math.max(2, totalEpochs + 1))} stroke="var(--muted)" fontSize={12} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2, fontSize: 11, fill: 'var(--muted)' }} />
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
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(x) => `epoch ${Number(x).toFixed(2).replace(/\.00$/, '')}`} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {overfit && lastEpoch > overfit.epoch && <ReferenceArea x1={overfit.epoch} x2={lastEpoch} fill="var(--danger)" fillOpacity={0.06} ifOverflow="hidden" />}
            {overfit && (
              <ReferenceLine x={overfit.epoch} stroke="var(--danger)" strokeDasharray="2 3" className="overfit-line" label={{ value: 'overfitting starts here', position: 'insideTopRight', fill: 'var(--danger)', fontSize: 11 }} />
            )}
            {bestEpoch !== null && <ReferenceLine x={bestEpoch} stroke="var(--ok)" strokeDasharray="4 3" label={{ value: 'best', position: 'top', fill: 'var(--ok)', fontSize: 11 }} />}
            <Line name="training (live)" dataKey="live" stroke="var(--accent)" strokeOpacity={0.3} dot={false} isAnimationActive={false} connectNulls />
            <Line name="training" dataKey="train" stroke="var(--accent)" strokeWidth={2} isAnimationActive={false} connectNulls />
            <Line name="validation" dataKey="val" stroke="#e0672a" strokeWidth={2} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
