// The Runs section: every saved run, newest first, filterable by dataset;
// tick two or more to compare them. Rows are memoised and laid out with
// content-visibility, so hundreds of runs scroll without slowing the page
// while every run stays in the DOM (find-in-page and tests see them all).
import { useMemo } from 'react';
import { useLab } from '../../store';
import { datasetsOfRuns, visibleRuns } from '../../store/runs/list';
import { CompareView } from './CompareView';
import { RunItem } from './RunItem';
import './runs.css';

export function RunsSection() {
  const runs = useLab((s) => s.runs);
  const filter = useLab((s) => s.runFilter);
  const setFilter = useLab((s) => s.setRunFilter);
  const compareIds = useLab((s) => s.compareIds);
  const setCompare = useLab((s) => s.setCompare);
  const pending = useLab((s) => s.pendingDelete);
  const undo = useLab((s) => s.undoDeleteRun);
  const notice = useLab((s) => s.runsNotice);
  const dismiss = useLab((s) => s.dismissRunsNotice);
  const loaded = useLab((s) => s.runsLoaded);
  const storageError = useLab((s) => s.runsStorageError);
  const datasetName = useLab((s) => s.dataset?.name ?? null);
  const currentRunId = useLab((s) => s.currentRunId);

  const shown = useMemo(() => visibleRuns(runs, filter), [runs, filter]);
  const datasets = useMemo(() => datasetsOfRuns(runs), [runs]);
  const compared = useMemo(
    () => compareIds.map((id) => runs.find((r) => r.id === id)).filter((r) => r !== undefined),
    [compareIds, runs],
  );

  return (
    <div className="runs-section">
      {compared.length >= 2 && <CompareView runs={compared} onClear={() => setCompare([])} />}
      <section className="panel" aria-labelledby="runs-heading">
        <div className="runs-head">
          <h2 id="runs-heading">Runs</h2>
          <span className="muted">{runs.length === 1 ? '1 run' : `${runs.length} runs`}, kept in this browser</span>
          {datasets.length > 1 && (
            <label className="field runs-filter">
              <span>Dataset</span>
              <select value={filter ?? ''} onChange={(e) => setFilter(e.target.value || null)} data-testid="run-filter">
                <option value="">All ({runs.length})</option>
                {datasets.map((d) => (
                  <option key={d.name} value={d.name}>
                    {d.name} ({d.count})
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {storageError && (
          <p className="notice error" role="alert">
            {storageError}
          </p>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}{' '}
            <button type="button" className="link" onClick={dismiss}>
              Dismiss
            </button>
          </p>
        )}
        {pending && (
          <p className="notice undo-delete" role="status">
            Deleted “{pending.run.name || pending.run.dataset.name}”.{' '}
            <button type="button" onClick={undo} data-testid="undo-delete-run">
              Undo
            </button>
          </p>
        )}
        {compared.length === 1 && <p className="muted">Tick one more run to compare them.</p>}
        {!loaded ? (
          <p className="muted">Loading saved runs…</p>
        ) : shown.length === 0 ? (
          <p className="muted">
            No runs yet. Train a model (or press A/B in Train) and each run is kept here, with its settings and curves.
          </p>
        ) : (
          <ul className="run-list">
            {shown.map((run) => (
              <RunItem
                key={run.id}
                run={run}
                selected={compareIds.includes(run.id)}
                datasetLoaded={datasetName === run.dataset.name}
                current={run.id === currentRunId}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
