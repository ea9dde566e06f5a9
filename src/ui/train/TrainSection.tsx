// The Train section: settings and controls on the left, the live run on the right.
import { useLab } from '../../store';
import { TrainSettingsPanel } from './TrainSettingsPanel';
import { TrainControls } from './TrainControls';
import { TrainStatus } from './TrainStatus';
import { TrainError } from './TrainError';
import { TrainCharts } from './TrainCharts';
import { EpochTable } from './EpochTable';
import { TestScore } from './TestScore';
import { OverfitNote } from './OverfitNote';
import { CollapseNote } from './CollapseNote';
import { RunNotices, usePreviousKeptRun } from './RunNotices';
import { TrainDetails } from './TrainDetails';
import { isRunning, useCurrentRun } from './use-train-view';
import { ExportPanel } from '../export/ExportPanel';
import { AbPanel } from './AbPanel';
import { ThreePanel } from './ThreePanel';
import { TrainEstimate } from './TrainEstimate';
import { FeatureWayNote } from './FeatureWayNote';
import { FineTuneRunButton, StartWeightsNote } from './FineTuneRun';
import './train.css';

export function TrainSection() {
  const state = useLab((s) => s.trainState);
  const evaluating = useLab((s) => s.evaluating);
  const run = useCurrentRun();
  const running = isRunning(state);
  const previous = usePreviousKeptRun(run);

  return (
    <div className="train-section">
      <div className="train-side">
        <TrainSettingsPanel disabled={running} />
        <section className="panel" aria-label="Training controls">
          <TrainControls />
          <StartWeightsNote />
          {run && !running && <FineTuneRunButton run={run} />}
          {!running && <TrainEstimate />}
          <FeatureWayNote />
        </section>
        <AbPanel />
        <ThreePanel />
        <ExportPanel />
      </div>
      <div className="train-main">
        <section className="panel" aria-labelledby="run-heading">
          <h2 id="run-heading">Run</h2>
          <TrainStatus />
          <TrainError />
          {run && <RunNotices run={run} />}
          <TrainCharts run={run} />
          {run && <CollapseNote run={run} />}
          {run && <OverfitNote epochs={run.epochs} />}
          {run && <EpochTable run={run} />}
          <TrainDetails />
        </section>
        {run && <TestScore run={run} evaluating={evaluating} />}
        {previous && <TestScore run={previous} evaluating={false} previous />}
      </div>
    </div>
  );
}
