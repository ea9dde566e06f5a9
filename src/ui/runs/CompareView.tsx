// Two or more runs side by side: their curves overlaid, the settings that
// differ, and their best numbers (the A/B's result at a glance).
import { useMemo } from 'react';
import type { Run } from '../../store/trainRuns';
import { comparisonWarning, runScore, settingsDiff } from '../../store/runs/compare';
import { runTitle } from '../../store/runs/list';
import { CompareChart, RUN_COLOURS } from './CompareChart';

const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export function CompareView({ runs, onClear }: { runs: Run[]; onClear: () => void }) {
  const diff = useMemo(() => settingsDiff(runs), [runs]);
  const warning = comparisonWarning(runs);
  const scores = runs.map(runScore);
  const bestTest = Math.max(...scores.map((s) => s.testAccuracy ?? -1));
  return (
    <section className="panel compare-view" aria-labelledby="compare-heading">
      <div className="compare-head">
        <h2 id="compare-heading">Comparing {runs.length} runs</h2>
        <button type="button" onClick={onClear}>Clear selection</button>
      </div>
      {warning && <p className="notice" role="note">{warning}</p>}
      <div className="chart-grid">
        <CompareChart runs={runs} metric="loss" />
        <CompareChart runs={runs} metric="accuracy" />
      </div>
      <div className="compare-tables">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col" className="num">best epoch</th>
              <th scope="col" className="num">best val_loss</th>
              <th scope="col" className="num">best val_accuracy</th>
              <th scope="col" className="num">test accuracy</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => (
              <tr key={run.id} data-testid="compare-score-row" data-run-id={run.id}>
                <th scope="row">
                  <span className="swatch" style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }} aria-hidden />
                  {run.ab?.label ?? runTitle(run)}
                </th>
                <td className="num">{scores[i]!.bestEpoch ?? '–'}</td>
                <td className="num">{f3(scores[i]!.bestValLoss)}</td>
                <td className="num">{f3(scores[i]!.bestValAccuracy)}</td>
                <td className={`num${scores[i]!.testAccuracy !== null && scores[i]!.testAccuracy === bestTest && runs.length > 1 ? ' winner' : ''}`}>{f3(scores[i]!.testAccuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {diff.length === 0 ? (
          <p className="muted">These runs have the same settings (they differ only by chance, e.g. Dropout masks).</p>
        ) : (
          <table className="compare-table">
            <caption>Settings that differ</caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                {runs.map((run, i) => (
                  <th scope="col" key={run.id}>
                    <span className="swatch" style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }} aria-hidden />
                    {run.ab?.label ?? runTitle(run)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {diff.map((row) => (
                <tr key={row.key} data-testid="compare-diff-row" data-key={row.key}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((v, i) => (
                    <td key={i} className="diff-value">{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
