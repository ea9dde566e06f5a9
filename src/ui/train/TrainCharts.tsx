// The two live charts. The live curve is selected here, not in TrainSection:
// batch events change it 5 times a second, and selecting it higher up
// re-rendered the whole section (settings, export, A/B panels) each time.
import { useLab } from '../../store';
import type { Run } from '../../store/trainRuns';
import { CurveChart } from './CurveChart';
import { useThrottled } from './useThrottled';

export function TrainCharts({ run }: { run: Run | null }) {
  // Batch events arrive a few times a second; the charts redraw at most once a second.
  const live = useThrottled(useLab((s) => s.livePoints), 1000);
  const epochs = run?.epochs ?? NO_EPOCHS;
  const shown = run ? live : NO_POINTS;
  const total = run?.settings.epochs ?? 0;
  const best = run?.bestEpoch ?? null;
  return (
    <div className="chart-grid">
      <CurveChart metric="loss" testId="loss-chart" epochs={epochs} live={shown} totalEpochs={total} bestEpoch={best} />
      <CurveChart metric="accuracy" testId="accuracy-chart" epochs={epochs} live={shown} totalEpochs={total} bestEpoch={best} />
    </div>
  );
}

// Stable empty values, so a memoised chart with no run is not redrawn by an unrelated update.
const NO_EPOCHS: Run['epochs'] = [];
const NO_POINTS: never[] = [];
