// Before training: what the run will hold and how long an epoch will take, from the model's arithmetic and a
// speed the lab measured (useTrainEstimate.ts), and a warning with the fix when it will not fit.
import { BACKEND_LABEL } from '../../model/training';
import { bytesText } from '../../model/train-estimate';
import { formatDuration } from './use-train-view';
import { useTrainEstimate, type TrainEstimate as Estimate } from './use-train-estimate';

export function ModelSizeWarning({ estimate }: { estimate: Estimate }) {
  if (!estimate.warning) return null;
  return (
    <p className={`notice model-size-warning ${estimate.warning.level}`} data-testid="model-size-warning" role="alert">
      {estimate.warning.text}
    </p>
  );
}

export function TrainEstimate() {
  const e = useTrainEstimate();
  const m = e.memory;
  if (!m) return null;
  const optimizerAndGradients = m.gradients + m.optimizer;
  return (
    <div className="train-estimate-box">
      <p
        className="muted train-estimate"
        data-testid="train-estimate"
        data-memory-bytes={Math.round(m.total)}
        data-seconds-per-epoch={e.seconds === null ? '' : Number(e.seconds.toPrecision(3))}
        data-backend={e.backend}
        data-measured={e.speed.measured}
      >
        Before you train: this run will hold about <strong>{bytesText(m.total)}</strong> (weights {bytesText(m.weights)}
        , gradients and optimizer state {bytesText(optimizerAndGradients)}, one step&apos;s layer outputs for{' '}
        {m.imagesAtOnce} image{m.imagesAtOnce === 1 ? '' : 's'} at once {bytesText(m.activations)}
        {m.pixels > 0
          ? `, the pixels ${bytesText(m.pixels)}`
          : e.pixelsOnDisk
            ? '; the pixels stay on disk'
            : ''}).{' '}
        {e.seconds === null ? (
          'Load data to see how long an epoch will take.'
        ) : (
          <>
            An epoch: <strong>{e.seconds < 1 ? 'under a second' : `about ${formatDuration(e.seconds)}`}</strong> on{' '}
            {BACKEND_LABEL[e.backend]}
            {e.backendNote ? ` (${e.backendNote})` : ''}, at a speed {e.speed.source}.
          </>
        )}
      </p>
      <ModelSizeWarning estimate={e} />
    </div>
  );
}
