// The pretrained base's weights: whether the model's base has its file in this browser (base-status), the file
// Keras downloads for it (name, URL, size, checksum, all shown before the student clicks Download), the
// download's progress and cancel, the file picker / drop box (base-weights-input), the failure with the link to
// download by hand, and the kept files with their sizes and a way to remove each.
import { useEffect, type DragEvent } from 'react';
import { readableBytes } from '../../model/format';
import { archBaseNeed, type KeptBaseFile } from '../../model/base-files';
import { useLab } from '../../store';
import { basesDownloadPlan, type BasesSlice } from '../../store/bases-slice';

type BaseState = 'none' | 'loading' | 'ready' | 'error';

const baseLabel = (f: Pick<KeptBaseFile, 'ref'>) =>
  f.ref.base === 'vgg16' ? 'VGG16' : `MobileNetV2 (alpha ${f.ref.alpha})`;

export function BaseWeightsPanel() {
  const arch = useLab((s) => s.arch);
  const files = useLab((s) => s.baseFiles);
  const job = useLab((s) => s.baseJob);
  const failure = useLab((s) => s.baseFailure);
  useEffect(() => {
    if (files === null) void useLab.getState().refreshBaseFiles();
  }, [files]);
  const need = archBaseNeed(arch);
  const tfjsBase = arch.layers.some((l) => l.type === 'Base' && l.base === 'tfjs');
  const plan = need ? basesDownloadPlan(need) : null;
  // With a base in the model, its own file decides; without one, the latest file kept.
  const ready = plan ? (files ?? []).find((f) => f.fileName === plan.fileName) : (files ?? []).at(-1);
  const state: BaseState = job || files === null ? 'loading' : failure ? 'error' : ready ? 'ready' : 'none';
  const { addBaseFile, downloadBaseFile, cancelBaseDownload, removeBaseFile } = useLab.getState();
  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    e.stopPropagation(); // the Model section imports dropped TensorFlow.js models
    void addBaseFile(e.dataTransfer.files[0]!);
  };

  return (
    <section
      className="panel base-weights"
      aria-labelledby="base-weights-heading"
      onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()}
      onDrop={onDrop}
    >
      <h2 id="base-weights-heading">Pretrained base weights</h2>
      <p
        data-testid="base-status"
        data-state={state}
        data-base={state === 'ready' && ready ? ready.ref.base : undefined}
        role="status"
      >
        {tfjsBase && state === 'none'
          ? "The model's base is a TensorFlow.js model: its weights are kept with it (below), no Keras file needed."
          : statusText(state, job, ready, plan?.fileName ?? null)}
      </p>
      {plan && !ready && (
        <dl className="base-plan">
          <dt>File</dt>
          <dd>{plan.fileName}</dd>
          <dt>From</dt>
          <dd>
            <code>{plan.url}</code>
          </dd>
          <dt>Size</dt>
          <dd>about {readableBytes(plan.approxBytes)}</dd>
          <dt>MD5</dt>
          <dd>{plan.md5 ?? 'Keras names no checksum for this file; every layer and shape is checked instead.'}</dd>
        </dl>
      )}
      {job?.kind === 'download' ? (
        <div className="base-download">
          <progress
            data-testid="base-download-progress"
            value={job.progress.received}
            max={job.progress.total ?? job.plan.approxBytes}
          />
          <span>
            {readableBytes(job.progress.received)}
            {job.progress.total ? ` of ${readableBytes(job.progress.total)}` : ''}
          </span>
          <button type="button" data-testid="base-download-cancel" onClick={cancelBaseDownload}>
            Cancel
          </button>
        </div>
      ) : (
        plan &&
        !ready && (
          <button
            type="button"
            data-testid="base-download-button"
            disabled={job !== null}
            onClick={() => void downloadBaseFile()}
          >
            Download from Keras' storage
          </button>
        )
      )}
      <label className="field base-drop">
        <span>Or pick (or drop here) the .h5 file Keras downloads</span>
        <input
          type="file"
          accept=".h5,.hdf5"
          data-testid="base-weights-input"
          disabled={job !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void addBaseFile(file);
          }}
        />
      </label>
      {failure && <FailureNote failure={failure} />}
      {files && files.length > 0 && (
        <ul className="base-files">
          {files.map((f) => (
            <li
              key={f.fileName}
              data-testid="base-file-row"
              data-file={f.fileName}
              data-bytes={f.bytes}
              data-where={f.where}
            >
              {baseLabel(f)}
              {f.ref.base === 'mobilenet_v2' ? ` at ${f.rows}x${f.rows}` : ''}: {f.fileName}, {readableBytes(f.bytes)}{' '}
              {checksumText(f)}{' '}
              <button type="button" data-testid="base-file-remove" onClick={() => void removeBaseFile(f.fileName)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FailureNote({ failure }: { failure: NonNullable<BasesSlice['baseFailure']> }) {
  return (
    <div className="error" role="alert" data-testid="base-weights-error">
      <p>{failure.message}</p>
      <p>{failure.fix}</p>
      {failure.byHand && (
        <p>
          <a href={failure.byHand.url} data-testid="base-weights-link" target="_blank" rel="noreferrer">
            {failure.byHand.fileName}
          </a>{' '}
          (about {readableBytes(failure.byHand.approxBytes)}), then pick or drop it above.
        </p>
      )}
    </div>
  );
}

function statusText(
  state: BaseState,
  job: BasesSlice['baseJob'],
  ready: KeptBaseFile | undefined,
  wanted: string | null,
): string {
  if (state === 'loading')
    return job?.kind === 'download'
      ? `Downloading ${job.plan.fileName}…`
      : job
        ? `Checking ${job.fileName}…`
        : 'Looking for kept weight files…';
  if (state === 'ready' && ready) return `${baseLabel(ready)} weights ready (${ready.fileName}, kept in this browser).`;
  if (state === 'error') return 'The weights could not be added.';
  return wanted ? `The base needs ${wanted}.` : 'No pretrained base weights in this browser.';
}

function checksumText(f: KeptBaseFile): string {
  if (f.checksum === 'match') return '(MD5 as Keras names it)';
  if (f.checksum === 'mismatch') return '(every shape fits, but the MD5 is not the one Keras names: another copy)';
  return '(shapes checked; Keras names no MD5)';
}
