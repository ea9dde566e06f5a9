// The textbook's next step after feature extraction in one click: "Fine-tune this run from block5_conv1" on a
// feature-extraction run (in Runs and under Train's controls), and the line in Train that says which run's
// weights the next run starts from (a fine-tuned run's or an import's), with the way back to fresh weights.
import { useMemo } from 'react';
import { useLab } from '../../store';
import type { Run } from '../../store/train-runs';
import { runFineTune } from '../../store/runs/fine-tune-run';
import { runTitle } from '../../store/runs/list';
import { keptCheckpointText } from './kept-weights';
import { isRunning } from './use-train-view';

export function FineTuneRunButton({ run }: { run: Run }) {
  const tune = useMemo(() => runFineTune(run), [run]);
  const busy = isRunning(useLab((s) => s.trainState));
  const chosen = useLab((s) => s.fineTune && s.importedRunId === run.id);
  if (!tune || chosen) return null;
  return (
    <button
      type="button"
      data-testid="fine-tune-run-button"
      disabled={busy}
      onClick={() => useLab.getState().fineTuneRun(run.id)}
      title={`Its layers with the base trainable from ${tune.from} (undo with Ctrl+Z in Model), RMSprop 1e-5, starting from this run's kept weights: the textbook's next step`}
    >
      Fine-tune this run from {tune.from}
    </button>
  );
}

export function StartWeightsNote() {
  const from = useLab((s) => (s.fineTune ? s.runs.find((r) => r.id === s.importedRunId) : undefined));
  if (!from) return null;
  return (
    <p className="muted" role="status" data-testid="start-weights-note" data-run-id={from.id}>
      The next run starts from the kept weights of “{runTitle(from)}” ({keptCheckpointText(from)}).{' '}
      <button type="button" className="link" onClick={() => useLab.getState().setFineTune(false)}>
        Start from fresh weights
      </button>
    </p>
  );
}
