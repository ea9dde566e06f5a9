// Finished epochs, as Keras prints them, with the kept checkpoint marked.
import type { Run } from '../../store/train-runs';
import { fmt, formatDuration } from './use-train-view';

export function EpochTable({ run }: { run: Run }) {
  if (run.epochs.length === 0) return null;
  return (
    <div className="epoch-table-wrap">
      <table className="epoch-table">
        <thead>
          <tr>
            <th>Epoch</th>
            <th className="num">loss</th>
            <th className="num">accuracy</th>
            <th className="num">val_loss</th>
            <th className="num">val_accuracy</th>
            <th className="num">time</th>
          </tr>
        </thead>
        <tbody>
          {run.epochs.map((e) => (
            <tr
              key={e.epoch}
              data-testid="epoch-row"
              data-epoch={e.epoch}
              data-loss={e.loss}
              data-accuracy={e.accuracy}
              data-val-loss={e.valLoss}
              data-val-accuracy={e.valAccuracy}
              className={e.epoch === run.bestEpoch ? 'best' : undefined}
            >
              <td>
                {e.epoch}
                {e.epoch === run.bestEpoch && <span className="badge best-badge">best</span>}
              </td>
              <td className="num">{fmt(e.loss)}</td>
              <td className="num">{fmt(e.accuracy)}</td>
              <td className="num">{fmt(e.valLoss)}</td>
              <td className="num">{fmt(e.valAccuracy)}</td>
              <td className="num">{formatDuration(e.seconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
