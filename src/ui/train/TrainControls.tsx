// Train / pause / resume / stop / evaluate, and why training cannot start when it cannot.
import { useLab } from '../../store';
import { isRunning, useCurrentRun, useReadiness } from './use-train-view';

export function TrainControls() {
  const state = useLab((s) => s.trainState);
  const evaluating = useLab((s) => s.evaluating);
  const backendChoice = useLab((s) => s.trainSettings.backend);
  const { startTraining, pauseTraining, resumeTraining, stopTraining, evaluateBest, continueTraining, setSection } =
    useLab.getState();
  const readiness = useReadiness();
  const run = useCurrentRun();
  const datasetId = useLab((s) => s.dataset?.id ?? null);
  const running = isRunning(state);
  // The kept checkpoint is scored on the test split of the data it was trained on.
  const canEvaluate = !running && !evaluating && run?.bestEpoch != null && datasetId === run.dataset.id;
  // A stopped (or reload-interrupted) run can go on from its last finished epoch.
  // (A run cut off by a reload offers this in its own notice, RunNotices.)
  const canContinue =
    !running &&
    !evaluating &&
    run?.end === 'stopped' &&
    !run.interrupted &&
    run.epochs.length > 0 &&
    run.epochs.length < run.settings.epochs &&
    datasetId === run.dataset.id;

  return (
    <div className="train-controls">
      <div className="train-buttons">
        <button
          type="button"
          className="primary"
          data-testid="train-button"
          disabled={running || !readiness.ok}
          onClick={() => startTraining()}
        >
          {run && !running ? 'Train again' : 'Train'}
        </button>
        {state === 'paused' ? (
          <button type="button" data-testid="pause-button" onClick={resumeTraining} aria-pressed="true">
            Resume
          </button>
        ) : (
          <button
            type="button"
            data-testid="pause-button"
            disabled={state !== 'training'}
            onClick={pauseTraining}
            aria-pressed="false"
          >
            Pause
          </button>
        )}
        <button type="button" className="danger" data-testid="stop-button" disabled={!running} onClick={stopTraining}>
          Stop
        </button>
        {canContinue && (
          <button
            type="button"
            data-testid="continue-button"
            onClick={() => continueTraining(backendChoice)}
            title="Go on from the last finished epoch with the run's settings"
          >
            Continue from epoch {run.epochs.length}
          </button>
        )}
        <button
          type="button"
          data-testid="evaluate-button"
          disabled={!canEvaluate}
          onClick={() => void evaluateBest()}
          title="Score the kept checkpoint (lowest val_loss) on the test split"
        >
          {evaluating ? 'Evaluating…' : 'Evaluate on test'}
        </button>
      </div>
      {!readiness.ok && !running && (
        <p className="notice train-blocked" data-testid="train-blocked" role="status">
          {readiness.reason}{' '}
          {readiness.goTo !== 'train' && (
            <button type="button" className="link" onClick={() => setSection(readiness.goTo)}>
              Open {readiness.goTo === 'data' ? 'Data' : 'Model'}
            </button>
          )}
        </p>
      )}
      {running && <p className="muted train-lock-note">The model and the data are locked while training runs.</p>}
    </div>
  );
}
