// Any failure, with what to do about it; after a crash, lost GPU or lack of
// memory, the run can go on from its last finished epoch on another backend.
import { useLab } from '../../store';
import { BACKEND_LABEL, BACKEND_PREFERENCE } from '../../model/training';
import { useCurrentRun } from './use-train-view';

const CONTINUABLE = new Set(['device-lost', 'out-of-memory', 'crashed', 'unknown', 'backend-unavailable']);

export function TrainError() {
  const error = useLab((s) => s.trainError);
  const state = useLab((s) => s.trainState);
  const { continueTraining, dismissTrainError } = useLab.getState();
  const run = useCurrentRun();
  if (!error) return null;
  const current = run?.backend?.name ?? run?.settings.backend;
  const others = BACKEND_PREFERENCE.filter((b) => b !== current);
  const canContinue = state === 'error' && run && CONTINUABLE.has(error.kind);
  // The worker's advice may promise a kept checkpoint; a run that failed in its first epoch has none (RunNotices says so).
  const fix =
    run && run.bestEpoch === null
      ? error.fix.replace(/\s*The (last good|kept) checkpoint is (kept|safe)\./g, '')
      : error.fix;

  return (
    <div className="train-error" role="alert" data-testid="error-message" data-kind={error.kind}>
      <p>
        <strong>{error.message}</strong>
      </p>
      <p>{fix}</p>
      <div className="train-error-actions">
        {canContinue &&
          others.map((b) => (
            <button key={b} type="button" data-testid={`continue-${b}`} onClick={() => continueTraining(b)}>
              {run.epochs.length > 0 ? `Continue from epoch ${run.epochs.length} on` : 'Train on'} {BACKEND_LABEL[b]}
            </button>
          ))}
        <button type="button" className="link" onClick={dismissTrainError}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
