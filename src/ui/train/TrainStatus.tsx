// Where the run is: state, backend (BackendBadge), a progress bar with epoch, batch, speed and time left.
import { useLab } from '../../store';
import { formatDuration, useCurrentRun } from './use-train-view';
import { BackendBadge } from './BackendBadge';

const STATE_TEXT = {
  idle: 'Ready',
  preparing: 'Preparing',
  training: 'Training',
  paused: 'Paused',
  done: 'Done',
  stopped: 'Stopped',
  error: 'Failed',
} as const;

export function TrainStatus() {
  const state = useLab((s) => s.trainState);
  const message = useLab((s) => s.trainMessage);
  const progress = useLab((s) => s.progress);
  const run = useCurrentRun();
  const epochs = run?.settings.epochs ?? 0;
  const done = run?.epochs.length ?? 0;
  // Overall fraction: finished epochs plus the current epoch's share.
  const fraction =
    epochs === 0
      ? 0
      : state === 'done'
        ? 1
        : progress && progress.epoch > done
          ? (done + progress.batch / progress.batchesPerEpoch) / epochs
          : done / epochs;
  const showRate = progress && (state === 'training' || state === 'paused');

  return (
    <div className="train-status" aria-live="polite">
      <div className="train-status-line">
        <span className={`state-pill state-${state}`} data-testid="training-status" data-state={state}>
          {STATE_TEXT[state]}
        </span>
        {showRate && (
          <span
            className="train-throughput"
            data-testid="train-throughput"
            data-images-per-second={Math.round(progress.imagesPerSecond * 10) / 10}
          >
            {progress.imagesPerSecond >= 10
              ? Math.round(progress.imagesPerSecond)
              : progress.imagesPerSecond.toFixed(1)}{' '}
            images/s
          </span>
        )}
      </div>
      <BackendBadge />
      {state === 'preparing' && message && <p className="muted">{message}</p>}
      {run && (
        <div className="train-progress">
          <div
            className="progress-bar"
            role="progressbar"
            aria-label="Training progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
          >
            <div className="progress-fill" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
          </div>
          <p className="train-progress-text">
            {progress && (state === 'training' || state === 'paused') ? (
              <>
                Epoch {progress.epoch}/{epochs} · batch {progress.batch}/{progress.batchesPerEpoch} · loss{' '}
                {progress.loss.toFixed(4)} · accuracy {progress.accuracy.toFixed(4)} · about{' '}
                {formatDuration(progress.etaSeconds)} left
              </>
            ) : (
              <>
                {done}/{epochs} epochs
                {run.dataset
                  ? ` on ${run.dataset.name} (${run.dataset.counts.train} training, ${run.dataset.counts.val} validation images)`
                  : ''}
              </>
            )}
          </p>
        </div>
      )}
    </div>
  );
}
