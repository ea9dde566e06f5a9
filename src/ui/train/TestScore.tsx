// The kept checkpoint and its score on the test split ("Test accuracy: 0.747").
import type { Run } from '../../store/trainRuns';
import { fmt } from './useTrainView';

export function TestScore({ run, evaluating }: { run: Run; evaluating: boolean }) {
  if (run.bestEpoch === null) return null;
  const best = run.epochs.find((e) => e.epoch === run.bestEpoch);
  const test = run.test;
  return (
    <section className="panel test-score" aria-labelledby="test-score-heading">
      <h2 id="test-score-heading">Kept checkpoint</h2>
      <p data-testid="best-epoch" data-epoch={run.bestEpoch}>
        Epoch <strong>{run.bestEpoch}</strong>
        {best && <> · val_loss {fmt(best.valLoss)} · val_accuracy {fmt(best.valAccuracy)}</>}
        <span className="muted"> (lowest val_loss, saved in this browser)</span>
      </p>
      {evaluating && <p className="muted">Evaluating on the test split…</p>}
      {test && test.epoch === run.bestEpoch && (
        <div className="test-result">
          <p className="test-headline" data-testid="test-accuracy" data-value={test.accuracy}>
            Test accuracy: <strong>{test.accuracy.toFixed(3)}</strong>
            <span className="muted"> · test loss {fmt(test.loss)} · {test.count} images</span>
          </p>
          <table className="per-class">
            <thead>
              <tr>
                <th>Class</th>
                <th className="num">Test accuracy</th>
              </tr>
            </thead>
            <tbody>
              {test.perClass.map((acc, c) => (
                <tr key={c} data-testid="test-class-row" data-class={run.dataset.classNames[c] ?? String(c)}>
                  <td>{run.dataset.classNames[c] ?? c}</td>
                  <td className="num">
                    {acc === null ? <span className="muted">no test images</span> : (
                      <span className="meter">
                        <span className="meter-fill" style={{ width: `${acc * 100}%` }} />
                        <span className="meter-text">{acc.toFixed(3)}</span>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
