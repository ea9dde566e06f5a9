// One metric over epochs: training and validation per finished epoch (dots),
// the smoothed per-batch training curve of the epochs in progress, and the
// kept (best) epoch marked. No animation: updates arrive a few times a second.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochMetrics } from '../../worker/protocol';
import type { LivePoint } from '../../store/trainSlice';

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
  const rows = useMemo(() => {
    const out: Row[] = live.map((p) => ({ x: p.x, live: p[metric] }));
    for (const e of epochs) out.push({ x: e.epoch, train: metric === 'loss' ? e.loss : e.accuracy, val: metric === 'loss' ? e.valLoss : e.valAccuracy });
    return out.filter((r) => [r.train, r.val, r.live].every((v) => v === undefined || Number.isFinite(v))).sort((a, b) => a.x - b.x);
  }, [epochs, live, metric]);
  const title = metric === 'loss' ? 'Loss' : 'Accuracy';

  return (
    <figure className="curve-chart" data-testid={testId} data-points={epochs.length} aria-label={`${title} per epoch`}>
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="chart-empty muted">The curves appear here as the model trains.</p>
      ) : (
        <ResponsiveContainer width="100%" height={230}>
          <LineChart data={rows} margin={{ top: 18, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="x" type="number" domain={[0, Math.max(1, totalEpochs)]} allowDecimals={false} tickCount={Math.min(11, Math.max(2, totalEpochs + 1))} stroke="var(--muted)" fontSize={12} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2, fontSize: 11, fill: 'var(--muted)' }} />
            <YAxis stroke="var(--muted)" fontSize={12} width={48} domain={metric === 'accuracy' ? [0, 1] : [0, 'auto']} tickFormatter={(v: number) => (Math.abs(v) >= 100 ? v.toExponential(0) : String(Math.round(v * 100) / 100))} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(x) => `epoch ${Number(x).toFixed(2).replace(/\.00$/, '')}`} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {bestEpoch !== null && <ReferenceLine x={bestEpoch} stroke="var(--ok)" strokeDasharray="4 3" label={{ value: 'best', position: 'top', fill: 'var(--ok)', fontSize: 11 }} />}
            <Line name="training (live)" dataKey="live" stroke="var(--accent)" strokeOpacity={0.35} dot={false} isAnimationActive={false} connectNulls />
            <Line name="training" dataKey="train" stroke="var(--accent)" strokeWidth={2} isAnimationActive={false} connectNulls />
            <Line name="validation" dataKey="val" stroke="#e0672a" strokeWidth={2} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
