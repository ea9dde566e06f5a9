// Scratch vs feature extraction vs fine-tuning in one click: what each of the three runs is, one epochs field,
// where the three are (run i of 3 and its epoch) and, at the end, their comparison in Runs. Disabled, with the
// reason beside it, until data is loaded and the model has a pretrained base whose weights are kept.
import { useEffect, useMemo, useState } from 'react';
import { useLab } from '../../store';
import { armTitle, planThree } from '../../store/runs/three';
import { NumberField } from '../common/NumberField';
import { SeriesOutcome } from './SeriesOutcome';
import { isRunning, useReadiness } from './use-train-view';

export function ThreePanel() {
  // Text in the epochs field that is no number blocks the three: they would train on the last valid value.
  const [epochsError, setEpochsError] = useState<string | null>(null);
  const arch = useLab((s) => s.arch);
  const dataset = useLab((s) => s.dataset);
  const baseFiles = useLab((s) => s.baseFiles);
  const three = useLab((s) => s.three);
  const epochs = useLab((s) => s.threeEpochs);
  const setEpochs = useLab((s) => s.setThreeEpochs);
  const startThree = useLab((s) => s.startThree);
  const stopThree = useLab((s) => s.stopThree);
  const dismissThree = useLab((s) => s.dismissThree);
  const busy = isRunning(useLab((s) => s.trainState));
  const readiness = useReadiness();
  const planned = useMemo(() => planThree(arch, baseFiles), [arch, baseFiles]);
  const running = three.phase === 'running';
  const currentId = three.phase === 'running' ? three.runIds[three.step] : undefined;
  const current = useLab((s) => (currentId ? s.runs.find((r) => r.id === currentId) : undefined));
  const arm = three.phase === 'running' ? three.plan.arms[three.step] : undefined;
  useEffect(() => {
    if (baseFiles === null) void useLab.getState().refreshBaseFiles();
  }, [baseFiles]);

  const reason = !dataset
    ? 'Load data first (Data): the three runs train on it.'
    : !planned.ok
      ? planned.reason
      : !readiness.ok
        ? readiness.reason
        : null;

  return (
    <section className="panel ab-panel" aria-labelledby="three-heading">
      <h2 id="three-heading">From scratch, feature extraction or fine-tuning?</h2>
      <p className="muted ab-explain">
        Three runs on the same data, split and seed: the textbook&apos;s small convnet <strong>from scratch</strong>{' '}
        (augmentation and Dropout), your model&apos;s head on the <strong>frozen</strong> pretrained base (features
        computed once), and <strong>{planned.ok ? planned.plan.arms[2].label : 'fine-tuning'}</strong> (the base&apos;s
        top layers train with the head) with augmentation at RMSprop 1e-5. As in the textbook, fine-tuning starts from
        the classifier run 2 trained (on the ImageNet base): a fresh classifier&apos;s large errors would wreck the
        pretrained filters it unfreezes. Then the three open together in Runs.
      </p>
      <div className="ab-row">
        <NumberField
          label="Epochs of each run"
          value={epochs}
          min={1}
          max={1000}
          integer
          disabled={running}
          onCommit={setEpochs}
          onValidity={setEpochsError}
          testId="compare-three-epochs-input"
        />
        {running ? (
          <button type="button" onClick={stopThree} data-testid="compare-three-stop-button">
            Stop the three
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="compare-three-button"
            disabled={busy || reason !== null || epochsError !== null}
            title={epochsError ? `"Epochs of each run" ${epochsError}: fix it first.` : undefined}
            onClick={() => void startThree()}
          >
            Compare the three
          </button>
        )}
      </div>
      {!running && reason && (
        <p className="muted" data-testid="compare-three-reason">
          {reason}
        </p>
      )}
      {running && (
        <p className="ab-progress" role="status" data-testid="compare-three-progress" data-step={three.step + 1}>
          Run {three.step + 1} of 3: {arm && armTitle(arm)}
          {current ? `, epoch ${Math.min(current.epochs.length + 1, epochs)} of ${epochs}` : ''} (progress above)
        </p>
      )}
      <SeriesOutcome
        state={three}
        doneText="The three runs finished."
        failedTestId="compare-three-failed"
        onDismiss={dismissThree}
      />
    </section>
  );
}
