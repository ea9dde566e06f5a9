// The kept checkpoint and its score on the test split ("Test accuracy: 0.747"),
// with a bar per class: the number beside the bar, the bar on a visible 0-1 scale.
// `previous` shows an earlier run's result (after a run that kept nothing),
// without the contract's test ids, which belong to the current run.
import type { Run } from '../../store/train-runs';
import { keptImportedWeights } from './kept-weights';
import { fmt } from './use-train-view';

interface Props {
  run: Run;
  evaluating: boolean;
  previous?: boolean;
}

const SCALE = [0, 0.25, 0.5, 0.75, 1];

export function TestScore({ run, evaluating, previous = false }: Props) {
  if (run.bestEpoch === null) return null;
  const best = run.epochs.find((e) => e.epoch === run.bestEpoch);
  const test = run.test;
  const id = previous ? 'previous-' : '';
  const headingId = `${id}test-score-heading`;
  return (
    <section
      className="panel test-score"
      aria-labelledby={headingId}
      data-testid={previous ? 'previous-run' : undefined}
    >
      <h2 id={headingId}>
        {previous
          ? `Previous run's kept checkpoint (${new Date(run.createdAt).toLocaleTimeString()})`
          : 'Kept checkpoint'}
      </h2>
      <p data-testid={`${id}best-epoch`} data-epoch={run.bestEpoch}>
        {keptImportedWeights(run) ? (
          <strong>Imported weights</strong>
        ) : (
          <>
            Epoch <strong>{run.bestEpoch}</strong>
          </>
        )}
        {best && (
          <>
            {' '}
            · val_loss {fmt(best.valLoss)} · val_accuracy {fmt(best.valAccuracy)}
          </>
        )}
        <span className="muted">
          {keptImportedWeights(run)
            ? ' (as the file holds them, no epoch trained here; saved in this browser)'
            : ' (lowest val_loss, saved in this browser)'}
        </span>
      </p>
      {evaluating && <p className="muted">Evaluating on the test split…</p>}
      {test && test.epoch === run.bestEpoch && (
        <div className="test-result">
          <p className="test-headline" data-testid={`${id}test-accuracy`} data-value={test.accuracy}>
            Test accuracy: <strong>{test.accuracy.toFixed(3)}</strong>
            <span className="muted">
              {' '}
              · test loss {fmt(test.loss)} · {test.count} images
            </span>
          </p>
          <table className="per-class">
            <thead>
              <tr>
                <th>Class</th>
                <th className="num">Accuracy</th>
                <th className="meter-head" aria-label="Bar scale from 0 to 1">
                  <span className="meter-scale" aria-hidden="true">
                    {SCALE.map((t) => (
                      <span key={t} style={{ left: `${t * 100}%` }}>
                        {t}
                      </span>
                    ))}
                  </span>
                </th>
              </tr>
            </thead>
            <tbody>
              {test.perClass.map((acc, c) => (
                <tr
                  key={c}
                  data-testid={previous ? undefined : 'test-class-row'}
                  data-class={run.dataset.classNames[c] ?? String(c)}
                  data-accuracy={acc ?? ''}
                >
                  <td>{run.dataset.classNames[c] ?? c}</td>
                  {acc === null ? (
                    <td className="muted" colSpan={2}>
                      no test images
                    </td>
                  ) : (
                    <>
                      <td className="num">{acc.toFixed(3)}</td>
                      <td>
                        <span
                          className="meter"
                          role="meter"
                          aria-valuemin={0}
                          aria-valuemax={1}
                          aria-valuenow={acc}
                          aria-label={`Test accuracy of ${run.dataset.classNames[c] ?? c}`}
                        >
                          <span className="meter-fill" style={{ width: `${acc * 100}%` }} />
                        </span>
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
