// Recording images from the webcam into a class: a mirrored live preview,
// hold the button to record (about 7 images a second) or click for one, a
// counter per class; "Add" puts them in the dataset as the folder's files.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab } from '../../../store';
import { classNameProblem, WEBCAM_ROOT } from '../../../data/webcam-files';
import { addCaptures } from './add-captures';
import { frameGrabber } from './grab';
import { useCamera } from './use-camera';
import './webcam.css';

const HOLD_INTERVAL_MS = 150;

export function WebcamPanel({ initialClass, onClose }: { initialClass: string; onClose: () => void }) {
  const input = useLab((s) => s.arch.input);
  const source = useLab((s) => s.dataSource);
  const dataset = useLab((s) => s.dataset);
  const { state: cameraState, error: cameraError, video, start, stop } = useCamera();
  const [className, setClassName] = useState(initialClass);
  const [captures, setCaptures] = useState<Map<string, Blob[]>>(new Map());
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const holding = useRef<number | null>(null);
  const grab = useMemo(() => frameGrabber(input.height, input.width), [input.height, input.width]);
  const target = className.trim();
  const problem = classNameProblem(className);
  const total = [...captures.values()].reduce((n, b) => n + b.length, 0);
  const count = captures.get(target)?.length ?? 0;

  const takeOne = async () => {
    const element = video.current;
    const blob = element ? await grab(element) : null;
    if (blob) setCaptures((m) => new Map(m).set(target, [...(m.get(target) ?? []), blob]));
  };
  const release = () => {
    if (holding.current !== null) window.clearInterval(holding.current);
    holding.current = null;
  };
  const hold = () => {
    release();
    void takeOne();
    holding.current = window.setInterval(() => void takeOne(), HOLD_INTERVAL_MS);
  };
  const close = () => {
    release();
    stop();
    onClose();
  };
  const add = async () => {
    release();
    stop();
    setAdding(true);
    setAddError(null);
    const why = await addCaptures(captures);
    setAdding(false);
    if (why) setAddError(why);
    else onClose();
  };
  const recording = cameraState === 'on' && !problem;
  // The webcam button means "start the camera for this class".
  useEffect(() => void start(), [start]);

  return (
    <section className="webcam-panel" aria-label="Record images with the webcam" data-testid="webcam-panel">
      <div className="webcam-row">
        <label className="field">
          <span>Class</span>
          <input
            list="webcam-classes"
            value={className}
            onChange={(e) => setClassName(e.target.value)}
            data-testid="webcam-class-input"
            placeholder="e.g. thumbs up"
          />
          <datalist id="webcam-classes">
            {dataset?.classNames.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          {problem && <small className="field-error">{problem}</small>}
        </label>
        <span className="webcam-count" data-testid="webcam-count" data-count={count} data-total={total} role="status">
          {count.toLocaleString('en-US')} image{count === 1 ? '' : 's'} for “{target}” · {total.toLocaleString('en-US')}{' '}
          in all, at {input.height}×{input.width}
        </span>
      </div>
      <div className="webcam-view">
        <video ref={video} className="webcam-video" muted playsInline aria-label="Camera preview (mirrored)" />
        {cameraState !== 'on' && (
          <div className="webcam-placeholder">{cameraState === 'starting' ? 'Starting the camera…' : 'Camera off'}</div>
        )}
      </div>
      {cameraError && (
        <p className="data-error" role="alert" data-testid="error-message" data-source="webcam">
          {cameraError}
        </p>
      )}
      <div className="webcam-row">
        {cameraState === 'on' ? (
          <button
            type="button"
            className="primary"
            data-testid="webcam-capture-button"
            disabled={!recording}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture?.(e.pointerId);
              hold();
            }}
            onPointerUp={release}
            onPointerCancel={release}
            onLostPointerCapture={release}
            onClick={(e) => e.detail === 0 && void takeOne()}
          >
            Hold to record
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()} data-testid="webcam-start-button">
            Start the camera
          </button>
        )}
        <button
          type="button"
          onClick={() => void add()}
          disabled={total === 0 || adding}
          data-testid="webcam-add-button"
        >
          Add {total.toLocaleString('en-US')} image{total === 1 ? '' : 's'} to the dataset
        </button>
        <button type="button" onClick={close} data-testid="webcam-cancel-button">
          {total > 0 ? 'Discard and close' : 'Close'}
        </button>
      </div>
      {addError && (
        <p className="data-error" role="alert" data-testid="error-message" data-source="webcam-add">
          {addError}
        </p>
      )}
      <p className="muted">
        Images are taken at the model’s input size, mirrored as the preview shows them, and join the dataset as files of
        its folder (
        {source?.kind === 'folder' ? `${source.rootName}/<class>/webcam-0001.png` : `${WEBCAM_ROOT}/<class>/…`}): split,
        checked and kept like the others. The camera turns off when you add or close.
        {source?.kind === 'builtin' &&
          ` The built-in ${source.builtin === 'mnist' ? 'MNIST' : 'Shapes'} takes no images of yours: adding starts a new dataset, ${WEBCAM_ROOT}/, of your captures only.`}
      </p>
    </section>
  );
}
