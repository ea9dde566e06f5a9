// One saved run in the list: what it trained, how it went, and what can be
// done with it (compare, rename, notes, load its setup again, delete).
import { memo, useState } from 'react';
import { useLab } from '../../store';
import type { Run } from '../../store/train-runs';
import { runScore } from '../../store/runs/compare';
import { runTitle } from '../../store/runs/list';
import { abArm } from '../../store/runs/names';
import { keptCheckpointText } from '../train/kept-weights';
import { formatDuration } from '../train/use-train-view';
import { Sparkline } from './Sparkline';
import { FineTuneRunButton } from '../train/FineTuneRun';

const END_LABEL: Record<string, string> = {
  done: 'finished',
  stopped: 'stopped',
  'early-stopped': 'stopped early',
  nan: 'loss blew up',
  failed: 'failed',
};
const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

export const RunItem = memo(function RunItem({
  run,
  selected,
  datasetLoaded,
  current,
}: {
  run: Run;
  selected: boolean;
  datasetLoaded: boolean;
  current: boolean;
}) {
  const toggleCompare = useLab((s) => s.toggleCompare);
  const renameRun = useLab((s) => s.renameRun);
  const setRunNotes = useLab((s) => s.setRunNotes);
  const deleteRun = useLab((s) => s.deleteRun);
  const loadRunSetup = useLab((s) => s.loadRunSetup);
  const openRun = useLab((s) => s.openRun);
  const [editing, setEditing] = useState(false);
  const score = runScore(run);
  const title = runTitle(run);
  const end = run.end === null ? (current ? 'training' : 'interrupted') : (END_LABEL[run.end] ?? run.end);

  return (
    <li
      className={`run-item${selected ? ' selected' : ''}`}
      data-testid="run-item"
      data-run-id={run.id}
      data-test-accuracy={run.test?.accuracy ?? ''}
      data-best-epoch={score.bestEpoch ?? ''}
      data-val-loss={score.bestValLoss ?? ''}
      data-val-accuracy={score.bestValAccuracy ?? ''}
      data-ab-arm={abArm(run)}
      data-name={title}
      data-collapsed={score.collapse ? score.collapse.epoch : ''}
    >
      <label className="run-compare">
        <input
          type="checkbox"
          data-testid="run-compare-toggle"
          checked={selected}
          onChange={() => toggleCompare(run.id)}
          aria-label={`Compare ${title}`}
        />
      </label>
      <div className="run-body">
        <div className="run-head">
          {editing ? (
            <input
              className="run-name-input"
              aria-label="Run name"
              autoFocus
              defaultValue={run.name ?? ''}
              placeholder={title}
              onBlur={(e) => {
                renameRun(run.id, e.currentTarget.value.trim());
                setEditing(false);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
                if (e.key === 'Escape') setEditing(false);
              }}
            />
          ) : (
            <button
              type="button"
              className="link run-title"
              onClick={() => openRun(run.id)}
              title="Show this run in Train"
            >
              {title}
            </button>
          )}
          {run.ab && <span className="run-tag">{run.ab.label}</span>}
          <span className={`run-end end-${run.end ?? 'none'}`}>{end}</span>
        </div>
        <p className="run-facts muted">
          {run.dataset.name} · {run.epochs.length}/{run.settings.epochs} epochs · {run.settings.optimizer}{' '}
          {run.settings.learningRate} · batch {run.settings.batchSize}
          {run.backend && <> · {run.backend.name}</>}
          {run.durationSeconds !== undefined && <> · {formatDuration(run.durationSeconds)}</>}
        </p>
        <p className="run-scores">
          <span title="The checkpoint kept: the epoch with the lowest val_loss; both numbers are that epoch's">
            kept {keptCheckpointText(run)}: val_loss {f3(score.bestValLoss)} · val_acc {f3(score.bestValAccuracy)}
          </span>{' '}
          · <strong>test {f3(score.testAccuracy)}</strong>
        </p>
        {score.collapse && (
          <p className="run-collapse" role="note">
            Collapsed at epoch {score.collapse.epoch}: {score.collapse.message}
          </p>
        )}
        {!datasetLoaded && (
          <p className="run-needs muted">
            Needs {run.dataset.source === 'builtin' ? 'the built-in' : 'the folder'} “{run.dataset.name}” (
            {run.dataset.classNames.length} classes
            {run.dataset.input
              ? `, ${run.dataset.input.width}x${run.dataset.input.height}x${run.dataset.input.channels}`
              : ''}
            ) to evaluate or continue it.
          </p>
        )}
        <details className="run-notes">
          <summary>{run.notes ? 'Notes' : 'Add notes'}</summary>
          <textarea
            aria-label="Notes"
            defaultValue={run.notes ?? ''}
            rows={3}
            onBlur={(e) => setRunNotes(run.id, e.currentTarget.value)}
          />
        </details>
      </div>
      <Sparkline epochs={run.epochs} bestEpoch={run.bestEpoch} />
      <div className="run-actions">
        <button type="button" onClick={() => setEditing(true)}>
          Rename
        </button>
        <button
          type="button"
          onClick={() => loadRunSetup(run.id)}
          title="Put this run's layers and settings back in Model and Train"
        >
          Load setup
        </button>
        <FineTuneRunButton run={run} />
        <button type="button" className="danger" onClick={() => deleteRun(run.id)} aria-label={`Delete ${title}`}>
          Delete
        </button>
      </div>
    </li>
  );
});
