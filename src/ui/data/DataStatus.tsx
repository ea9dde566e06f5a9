// What the data section is doing now: loading (with progress and cancel),
// ready, or failed (with what to do), plus prompts that need an answer.
import { useLab } from '../../store';
import { formatBytes } from '../../data/memory';
import { pixelByteCount } from '../../data/spill-file';
import { checkCompatibility } from '../../model/compat';

const STATE_TEXT = { empty: 'No dataset loaded', loading: 'Loading…', ready: 'Ready', error: 'Problem' } as const;

export function DataStatus() {
  const state = useLab((s) => s.dataState);
  const dataset = useLab((s) => s.dataset);
  const progress = useLab((s) => s.dataProgress);
  const keeping = useLab((s) => s.dataKeeping);
  const total = dataset ? dataset.train.count + dataset.val.count + dataset.test.count : 0;
  const pixelsAt = useLab((s) => s.pixelsAt);
  // Bytes of the dataset: pixels (in memory, or on disk while a run keeps them there) plus labels of every split.
  const held = dataset
    ? pixelByteCount(dataset) +
      (['train', 'val', 'test'] as const).reduce((n, s) => n + dataset[s].labels.byteLength, 0)
    : 0;

  return (
    <div className="data-status-bar">
      <span
        className={`status-pill status-${state}`}
        data-testid="dataset-status"
        data-state={state}
        data-images={total}
        data-bytes={held}
        data-pixels={pixelsAt}
        role="status"
        aria-live="polite"
      >
        {STATE_TEXT[state]}
        {(state === 'ready' || state === 'error') && dataset && (
          <span className="status-detail">
            {state === 'error' ? ' · still loaded: ' : ' · '}
            {dataset.name} · {total.toLocaleString('en-US')} images · {dataset.height}×{dataset.width}×
            {dataset.channels} · {formatBytes(held)}
            {pixelsAt === 'disk' && ' (pixels on disk while the run trains)'}
          </span>
        )}
      </span>
      {state === 'loading' && <LoadingProgress progress={progress} />}
      {/* Already kept for the next visit (its files); this copy only makes that reload quicker. */}
      {state === 'ready' && keeping && (
        <span className="data-keeping" data-testid="data-keeping">
          Saving a copy of the decoded images, for a quicker reload…
        </span>
      )}
    </div>
  );
}

function LoadingProgress({ progress }: { progress: ReturnType<typeof useLab.getState>['dataProgress'] }) {
  const cancel = useLab((s) => s.cancelLoading);
  const determinate = progress && progress.total > 0;
  return (
    <div className="load-progress">
      <div className="load-progress-text">
        <span>{progress?.label ?? 'Loading'}</span>
        {determinate && (
          <span data-testid="load-progress-count">
            {progress.done.toLocaleString('en-US')} / {progress.total.toLocaleString('en-US')} images
            {progress.bytes !== null && ` · ${formatBytes(progress.bytes)} in memory`}
          </span>
        )}
      </div>
      <progress
        data-testid="load-progress"
        max={determinate ? progress.total : undefined}
        value={determinate ? progress.done : undefined}
      />
      {/* The images are in; only the copy for the next visit is being written, which a cancel could not undo. */}
      {progress?.phase !== 'saving' && (
        <button type="button" onClick={cancel} data-testid="cancel-load-button">
          Cancel
        </button>
      )}
    </div>
  );
}

export function DataMessages() {
  const error = useLab((s) => s.dataError);
  const notice = useLab((s) => s.dataNotice);
  const lock = useLab((s) => s.dataLock);
  const prompt = useLab((s) => s.memoryPrompt);
  const { dismissDataError, answerMemoryPrompt } = useLab.getState();
  return (
    <>
      {lock && (
        <p className="notice" data-testid="data-lock">
          Data changes are paused: {lock}
        </p>
      )}
      {notice && notice !== lock && (
        <p className="notice" role="status" data-testid="data-notice">
          {notice}
        </p>
      )}
      {error && (
        <div className="data-error" role="alert" data-testid="data-error">
          <strong>Could not load this dataset.</strong> <span data-testid="error-message">{error.message}</span>
          {error.tree && (
            <>
              <p>The lab expects one of these layouts:</p>
              <pre className="tree" data-testid="expected-tree">
                {error.tree}
              </pre>
            </>
          )}
          <button type="button" onClick={dismissDataError}>
            Dismiss
          </button>
        </div>
      )}
      {prompt && (
        <div
          className="data-error memory-prompt"
          role="alertdialog"
          aria-label="Dataset too large"
          data-testid="memory-prompt"
        >
          <strong>This dataset would not fit comfortably in memory.</strong>
          <p>
            {prompt.count.toLocaleString('en-US')} images at {prompt.target.height}×{prompt.target.width}×
            {prompt.target.channels} take {formatBytes(prompt.bytes)}; the lab keeps at most{' '}
            {formatBytes(prompt.budget)} of pixels (one copy, shared by the page and the training worker; training needs
            room of its own too). Use fewer images per class, or smaller images:
          </p>
          <div className="row-actions">
            {prompt.downscale && (
              <button
                type="button"
                className="primary"
                onClick={() => answerMemoryPrompt('downscale')}
                data-testid="downscale-button"
              >
                Resize to {prompt.downscale.height}×{prompt.downscale.width} and load
              </button>
            )}
            {prompt.bytes < prompt.budget * 2 && (
              <button type="button" onClick={() => answerMemoryPrompt('anyway')}>
                Load anyway
              </button>
            )}
            <button type="button" onClick={() => answerMemoryPrompt('cancel')}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}

/** The dataset no longer matches the model's input or classes: say so, and offer the fix. */
export function MismatchBanner() {
  const dataset = useLab((s) => s.dataset);
  const input = useLab((s) => s.arch.input);
  const numClasses = useLab((s) => s.arch.numClasses);
  const arch = useLab((s) => s.arch);
  const state = useLab((s) => s.dataState);
  const { reloadDataset, setNumClasses } = useLab.getState();
  if (!dataset || state === 'loading') return null;
  const compat = checkCompatibility(arch, dataset, { splits: [] });
  const shapeOff = !compat.ok && compat.problems.some((p) => p.what === 'size' || p.what === 'channels');
  const classesOff = !compat.ok && compat.problems.some((p) => p.what === 'classes');
  if (!shapeOff && !classesOff) return null;
  return (
    <div className="notice mismatch" role="status" data-testid="data-mismatch">
      {shapeOff && (
        <p>
          The images are {dataset.height}×{dataset.width}×{dataset.channels}, but the model expects {input.height}×
          {input.width}×{input.channels}. Training needs them to match.{' '}
          <button type="button" className="primary" onClick={reloadDataset} data-testid="redecode-button">
            Resize the dataset to {input.height}×{input.width}×{input.channels}
          </button>
        </p>
      )}
      {classesOff && (
        <p>
          The dataset has {dataset.classNames.length} classes, the model’s last layer {numClasses}.{' '}
          <button
            type="button"
            onClick={() => setNumClasses(dataset.classNames.length)}
            data-testid="match-classes-button"
          >
            Use {dataset.classNames.length} classes
          </button>
        </p>
      )}
    </div>
  );
}

/** After a failed load: which dataset is still loaded (and what Train would use), its view hidden until the error is dismissed. */
export function KeptDatasetNote() {
  const dataset = useLab((s) => s.dataset);
  const locked = useLab((s) => s.dataLock !== null);
  const { dismissDataError, clearDataset } = useLab.getState();
  if (!dataset) return null;
  const total = dataset.train.count + dataset.val.count + dataset.test.count;
  return (
    <div className="notice" role="status" data-testid="kept-dataset-note" data-dataset={dataset.name}>
      <p>
        Still loaded, and what training would use: <strong>{dataset.name}</strong> ({total.toLocaleString('en-US')}{' '}
        images, {dataset.height}×{dataset.width}×{dataset.channels}). The folder above was not loaded.
      </p>
      <div className="row-actions">
        <button type="button" onClick={dismissDataError} data-testid="show-kept-dataset-button">
          Show {dataset.name}
        </button>
        <button type="button" className="danger" onClick={clearDataset} disabled={locked}>
          Clear it
        </button>
      </div>
    </div>
  );
}
