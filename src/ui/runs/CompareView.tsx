// Two or more runs side by side: their curves overlaid, the settings that
// differ, and their best numbers (the A/B's result at a glance).
import { useMemo, useRef, useState } from 'react';
import { comparisonToPng } from '../export/compare-png';
import { downloadBlob } from '../export/download';
import type { Run } from '../../store/train-runs';
import { comparisonWarning, runScore, settingsDiff } from '../../store/runs/compare';
import { runTitle } from '../../store/runs/list';
import { CompareChart, RUN_COLOURS } from './CompareChart';

const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export function CompareView({ runs, onClear }: { runs: Run[]; onClear: () => void }) {
  const diff = useMemo(() => settingsDiff(runs), [runs]);
  const warning = comparisonWarning(runs);
  const scores = runs.map(runScore);
  const bestTest = Math.max(...scores.map((s) => s.testAccuracy ?? -1));
  const charts = useRef<HTMLDivElement>(null);
  const [pngError, setPngError] = useState<string | null>(null);
  const title = (run: Run) => runTitle(run);
  const savePng = async () => {
    setPngError(null);
    try {
      const figures = [...(charts.current?.querySelectorAll<HTMLElement>('[data-testid=compare-chart]') ?? [])];
      const blob = await comparisonToPng(
        figures,
        ['Loss (training dashed, validation solid)', 'Accuracy'],
        [
          {
            title: 'Runs',
            header: [
              'run',
              'kept epoch',
              'its val_loss',
              'its val_accuracy',
              'test accuracy',
              'overfits from epoch',
              'collapsed',
            ],
            rows: runs.map((r, i) => [
              title(r),
              String(scores[i]!.bestEpoch ?? '–'),
              f3(scores[i]!.bestValLoss),
              f3(scores[i]!.bestValAccuracy),
              f3(scores[i]!.testAccuracy),
              String(scores[i]!.overfitEpoch ?? 'not yet'),
              scores[i]!.collapse ? `at epoch ${scores[i]!.collapse!.epoch}` : 'no',
            ]),
          },
          ...(diff.length
            ? [
                {
                  title: 'Settings that differ',
                  header: ['setting', ...runs.map(title)],
                  rows: diff.map((d) => [d.label, ...d.values]),
                },
              ]
            : []),
        ],
      );
      downloadBlob('comparison.png', blob);
    } catch (e) {
      setPngError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="panel compare-view" aria-labelledby="compare-heading">
      <div className="compare-head">
        <h2 id="compare-heading">Comparing {runs.length} runs</h2>
        <div className="compare-actions">
          <button type="button" data-testid="export-compare-png-button" onClick={() => void savePng()}>
            Save as PNG
          </button>
          <button type="button" onClick={onClear}>
            Clear selection
          </button>
        </div>
      </div>
      {warning && (
        <p className="notice" role="note">
          {warning}
        </p>
      )}
      {pngError && (
        <p className="notice error" role="alert">
          {pngError}
        </p>
      )}
      <div className="chart-grid" ref={charts}>
        <CompareChart runs={runs} metric="loss" />
        <CompareChart runs={runs} metric="accuracy" />
      </div>
      <div className="compare-tables">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col" className="num" title="The checkpoint kept: the epoch with the lowest val_loss">
                kept epoch
              </th>
              <th scope="col" className="num">
                its val_loss
              </th>
              <th scope="col" className="num">
                its val_accuracy
              </th>
              <th scope="col" className="num">
                test accuracy
              </th>
              <th scope="col" className="num">
                overfits from epoch
              </th>
              <th scope="col">collapsed</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => (
              <tr key={run.id} data-testid="compare-score-row" data-run-id={run.id}>
                <th scope="row">
                  <span className="swatch" style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }} aria-hidden />
                  {runTitle(run)}
                </th>
                <td className="num">{scores[i]!.bestEpoch ?? '–'}</td>
                <td className="num">{f3(scores[i]!.bestValLoss)}</td>
                <td className="num">{f3(scores[i]!.bestValAccuracy)}</td>
                <td
                  className={`num${scores[i]!.testAccuracy !== null && scores[i]!.testAccuracy === bestTest && runs.length > 1 ? ' winner' : ''}`}
                >
                  {f3(scores[i]!.testAccuracy)}
                </td>
                <td className="num" data-testid="compare-overfit" data-epoch={scores[i]!.overfitEpoch ?? ''}>
                  {scores[i]!.overfitEpoch ?? 'not yet'}
                </td>
                <td
                  className={scores[i]!.collapse ? 'collapsed' : undefined}
                  data-testid="compare-collapse"
                  data-epoch={scores[i]!.collapse?.epoch ?? ''}
                >
                  {scores[i]!.collapse ? `at epoch ${scores[i]!.collapse!.epoch}` : 'no'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {runs.map((run, i) => {
          const collapse = scores[i]!.collapse;
          return collapse ? (
            <p
              key={run.id}
              className="notice error"
              role="note"
              data-testid="compare-collapse-note"
              data-run-id={run.id}
            >
              <strong>{title(run)}:</strong> {collapse.message} {collapse.fix} Its numbers say little about the settings
              it is compared on.
            </p>
          ) : null;
        })}
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
                    {runTitle(run)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {diff.map((row) => (
                <tr key={row.key} data-testid="compare-diff-row" data-key={row.key}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((v, i) => (
                    <td key={i} className="diff-value">
                      {v}
                    </td>
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
