// A/B in one click: what the second run changes, how many epochs each arm gets,
// where the pair is (run 1 of 2, run 2 of 2) and, at the end, the comparison.
import { useMemo, useState } from 'react';
import { useLab } from '../../store';
import { planAb } from '../../store/runs/ab';
import { NumberField } from '../common/NumberField';
import { SeriesOutcome } from './SeriesOutcome';
import { isRunning, useReadiness } from './use-train-view';

export function AbPanel() {
  const arch = useLab((s) => s.arch);
  const ab = useLab((s) => s.ab);
  const abEpochs = useLab((s) => s.abEpochs);
  const setAbEpochs = useLab((s) => s.setAbEpochs);
  const startAb = useLab((s) => s.startAb);
  const stopAb = useLab((s) => s.stopAb);
  const dismissAb = useLab((s) => s.dismissAb);
  const trainState = useLab((s) => s.trainState);
  const readiness = useReadiness();
  const plan = useMemo(() => planAb(arch), [arch]);
  const running = ab.phase === 'running';
  const busy = isRunning(trainState);
  // An epochs field showing text that is no number blocks the A/B: it would train on the last valid value.
  const [invalid, setInvalid] = useState<Record<string, string | null>>({});
  const invalidField = Object.entries(invalid).find(([, why]) => why !== null);
  const blocked = invalidField ? `"${invalidField[0]}" ${invalidField[1]}: fix it to run the A/B.` : null;
  const validity = (label: string) => (why: string | null) => setInvalid((v) => ({ ...v, [label]: why }));

  return (
    <section className="panel ab-panel" aria-labelledby="ab-heading">
      <h2 id="ab-heading">A/B: does augmentation help?</h2>
      <p className="muted ab-explain">
        Trains your setup twice on the same data, split and seed: <strong>{plan.a.label}</strong>, then{' '}
        <strong>{plan.b.label}</strong> ({plan.change}). Then both open side by side in Runs.
      </p>
      <p className="muted ab-explain" data-testid="ab-epochs-note">
        Each gets the epochs it needs, as in the textbook (30 without, 100 with): the augmented model sees a new variant
        of every image each epoch and fits more slowly. More epochs would not change the plain run: each run keeps its
        epoch with the lowest validation loss.
      </p>
      <div className="ab-row">
        <NumberField
          label="Epochs without augmentation"
          value={abEpochs.plain}
          min={1}
          max={1000}
          integer
          disabled={running}
          onCommit={(n) => setAbEpochs('plain', n)}
          onValidity={validity('Epochs without augmentation')}
          testId="ab-epochs-input"
        />
        <NumberField
          label="Epochs with augmentation and Dropout"
          value={abEpochs.augmented}
          min={1}
          max={1000}
          integer
          disabled={running}
          onCommit={(n) => setAbEpochs('augmented', n)}
          onValidity={validity('Epochs with augmentation and Dropout')}
          testId="ab-augmented-epochs-input"
        />
        {running ? (
          <button type="button" onClick={stopAb} data-testid="ab-stop-button">
            Stop the A/B
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="ab-button"
            disabled={busy || !readiness.ok || blocked !== null}
            onClick={() => void startAb()}
            title={blocked ?? (readiness.ok ? plan.name : readiness.reason)}
          >
            Run the A/B
          </button>
        )}
      </div>
      {blocked && (
        <p className="field-error" role="alert" data-testid="ab-invalid">
          {blocked}
        </p>
      )}
      {running && (
        <p className="ab-progress" role="status" data-testid="ab-progress" data-step={ab.step + 1}>
          Run {ab.step + 1} of 2: {ab.step === 0 ? ab.plan.a.label : ab.plan.b.label} (progress above)
        </p>
      )}
      <SeriesOutcome state={ab} doneText="Both runs finished." failedTestId="ab-failed" onDismiss={dismissAb} />
    </section>
  );
}
