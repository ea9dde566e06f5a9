// The curves of several runs on one chart: one colour per run, training
// dashed and validation solid, as the textbook plots its A/B.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Run } from '../../store/train-runs';
import { runTitle } from '../../store/runs/list';

export const RUN_COLOURS = ['#4f46e5', '#e0672a', '#157347', '#b8327a', '#0b7fa8', '#8a6d00'];

export const CompareChart = memo(function CompareChart({ runs, metric }: { runs: Run[]; metric: 'loss' | 'accuracy' }) {
  const rows = useMemo(() => {
    const byEpoch = new Map<number, Record<string, number>>();
    runs.forEach((run, i) => {
      for (const e of run.epochs) {
        const row = byEpoch.get(e.epoch) ?? { epoch: e.epoch };
        const train = metric === 'loss' ? e.loss : e.accuracy;
        const val = metric === 'loss' ? e.valLoss : e.valAccuracy;
        if (Number.isFinite(train)) row[`r${i}train`] = train;
        if (Number.isFinite(val)) row[`r${i}val`] = val;
        byEpoch.set(e.epoch, row);
      }
    });
    return [...byEpoch.values()].sort((a, b) => a.epoch! - b.epoch!);
  }, [runs, metric]);
  const title = metric === 'loss' ? 'Loss' : 'Accuracy';
  return (
    <figure
      className="curve-chart"
      data-testid="compare-chart"
      data-metric={metric}
      data-runs={runs.length}
      aria-label={`${title} of the compared runs`}
    >
      <figcaption>{title}: training dashed, validation solid</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[1, 'dataMax']}
            allowDecimals={false}
            stroke="var(--muted)"
            fontSize={12}
          />
          <YAxis
            stroke="var(--muted)"
            fontSize={12}
            width={48}
            domain={metric === 'accuracy' ? ['auto', 'auto'] : [0, 'auto']}
            tickFormatter={(v: number) => String(Math.round(v * 1000) / 1000)}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
            labelFormatter={(x) => `epoch ${x}`}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 8 }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {runs.flatMap((run, i) => {
            const colour = RUN_COLOURS[i % RUN_COLOURS.length];
            const name = runTitle(run);
            return [
              <Line
                key={`${run.id}-t`}
                name={`${name} (training)`}
                dataKey={`r${i}train`}
                stroke={colour}
                strokeDasharray="5 4"
                strokeWidth={1.6}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />,
              <Line
                key={`${run.id}-v`}
                name={`${name} (validation)`}
                dataKey={`r${i}val`}
                stroke={colour}
                strokeWidth={2.2}
                isAnimationActive={false}
                connectNulls
              />,
            ];
          })}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
