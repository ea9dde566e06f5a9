// What a student needs to know about the current run before anything else:
// it was cut off by a reload (and can go on from its last checkpoint), or it
// blew up before keeping any checkpoint (the previous run's result stays in view).
import { useLab } from '../../store';
import type { Run } from '../../store/train-runs';
import { isRunning } from './use-train-view';

function Interrupted({ run }: { run: Run }) {
  const datasetId = useLab((s) => s.dataset?.id ?? null);
  const dataState = useLab((s) => s.dataState);
  const { continueTraining, setSection } = useLab.getState();
  const done = run.epochs.length;
  const total = run.settings.epochs;
  const sameData = datasetId === run.dataset.id;
  return (
    <div className="notice run-notice" data-testid="interrupted-run" data-epoch={done} role="status">
      <p>
        <strong>
          {done > 0
            ? `This run was interrupted after epoch ${done} of ${total}`
            : 'This run was interrupted before its first epoch finished'}
        </strong>{' '}
        (the page was closed or reloaded while it trained).{' '}
        {done === 0
          ? 'No checkpoint was kept; train again.'
          : sameData
            ? `The checkpoint of epoch ${done} is kept in this browser: continue from there.`
            : dataState === 'loading'
              ? `Bringing back "${run.dataset.name}"…`
              : `It continues on the images it was trained on: load "${run.dataset.name}" again in Data (same source, split seed, split and cap).`}
      </p>
      {done > 0 && done < total && sameData && (
        <button
          type="button"
          className="primary"
          data-testid="continue-interrupted"
          onClick={() => continueTraining(run.settings.backend)}
        >
          Continue from epoch {done}
        </button>
      )}
      {done > 0 && !sameData && dataState !== 'loading' && (
        <button type="button" className="link" onClick={() => setSection('data')}>
          Open Data
        </button>
      )}
    </div>
  );
}

const keptNothing = (run: Run) => (run.end === 'nan' || run.end === 'failed') && run.bestEpoch === null;

/** After a run that kept nothing: the latest earlier run that kept a checkpoint, to keep its result in view. */
export function usePreviousKeptRun(run: Run | null): Run | null {
  return useLab((s) => {
    if (!run || !keptNothing(run)) return null;
    const i = s.runs.findIndex((r) => r.id === run.id);
    return (
      s.runs
        .slice(0, Math.max(0, i))
        .reverse()
        .find((r) => r.bestEpoch !== null) ?? null
    );
  });
}

export function RunNotices({ run }: { run: Run }) {
  const state = useLab((s) => s.trainState);
  const previous = usePreviousKeptRun(run);
  if (isRunning(state)) return null;
  if (run.interrupted && run.end === 'stopped') return <Interrupted run={run} />;
  if (keptNothing(run))
    return (
      <p className="notice run-notice" data-testid="no-checkpoint" role="status">
        <span>
          <strong>No checkpoint was kept:</strong> this run failed before its first epoch finished, so it has no weights
          to evaluate, inspect or export.
          {previous ? " The previous run's result stays below." : ''}
        </span>
      </p>
    );
  return null;
}
