// Before training: what the run will hold and how long an epoch will take, from the model's arithmetic and a
// speed the lab measured (useTrainEstimate.ts), and a warning with the fix when it will not fit. With fast
// feature extraction: the base's one pass over the images first, then the head's epochs, each at its own speed,
// and where the features are kept (memory or disk, by the pixels' rule).
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

const duration = (seconds: number) => (seconds < 1 ? 'under a second' : `about ${formatDuration(seconds)}`);
const round = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? '' : Number(seconds.toPrecision(3));

function Memory({ e }: { e: Estimate }) {
  const m = e.memory!;
  const f = e.features;
  return (
    <>
      Before you train: this run will hold about <strong>{bytesText(m.total)}</strong> (weights {bytesText(m.weights)},
      gradients and optimizer state {bytesText(m.gradients + m.optimizer)},{' '}
      {m.extract > 0 &&
        `the base's pass over ${m.extractImages} images at a time ${bytesText(m.extract)}, then, in the same memory, `}
      one step&apos;s layer outputs for {m.imagesAtOnce} image{m.imagesAtOnce === 1 ? '' : 's'} at once{' '}
      {bytesText(m.activations)}
      {m.pixels > 0 ? `, the pixels ${bytesText(m.pixels)}` : e.pixelsOnDisk ? '; the pixels stay on disk' : ''}
      {f &&
        f.bytes > 0 &&
        (f.onDisk
          ? `; the base's features (${bytesText(f.bytes)}) on disk`
          : `, the base's features ${bytesText(f.bytes)} in memory`)}
      ).{' '}
    </>
  );
}

function Time({ e }: { e: Estimate }) {
  const on = (
    <>
      on {BACKEND_LABEL[e.backend]}
      {e.backendNote ? ` (${e.backendNote})` : ''}
    </>
  );
  if (e.seconds === null) return <>Load data to see how long an epoch will take.</>;
  const f = e.features;
  if (f && f.seconds !== null)
    return (
      <>
        The base&apos;s features once: <strong>{duration(f.seconds)}</strong> {on}, at a speed {f.speed.source}; then an
        epoch of the layers after it on the features: <strong>{duration(e.seconds)}</strong>, at a speed{' '}
        {e.speed.source}.
      </>
    );
  return (
    <>
      An epoch: <strong>{duration(e.seconds)}</strong> {on}, at a speed {e.speed.source}.
    </>
  );
}

export function TrainEstimate() {
  return <TrainEstimateBody e={useTrainEstimate()} />;
}

export function TrainEstimateBody({ e }: { e: Estimate }) {
  if (!e.memory) return null;
  const f = e.features;
  return (
    <div className="train-estimate-box">
      <p
        className="muted train-estimate"
        data-testid="train-estimate"
        data-memory-bytes={Math.round(e.memory.total)}
        data-seconds-per-epoch={round(e.seconds)}
        data-feature-seconds={round(f?.seconds)}
        data-features-bytes={f ? f.bytes : ''}
        data-features-at={f ? (f.onDisk ? 'disk' : 'memory') : ''}
        data-backend={e.backend}
        data-measured={e.speed.measured}
      >
        <Memory e={e} />
        <Time e={e} />
      </p>
      <ModelSizeWarning estimate={e} />
    </div>
  );
}
