// The two live charts. The live curve is selected here, not in TrainSection:
// batch events change it 5 times a second, and selecting it higher up
// re-rendered the whole section (settings, export, A/B panels) each time.
import { useDeferredValue, useMemo } from 'react';
import { useLab } from '../../store';
import type { Run } from '../../store/train-runs';
import type { LivePoint } from '../../store/train-slice';
import { CurveChart } from './CurveChart';
import { useLagged } from './use-lagged';
import { useThrottled } from './use-throttled';

/** The accuracy chart redraws this long after the loss chart: each in its own main-thread task. */
const SECOND_CHART_LAG_MS = 150;

export function TrainCharts({ run }: { run: Run | null }) {
  // Batch events arrive a few times a second; the charts redraw at most once a second.
  const live = useThrottled(
    useLab((s) => s.livePoints),
    1000,
  );
  const epochs = run?.epochs ?? NO_EPOCHS;
  const shown = run ? live : NO_POINTS;
  const total = run?.settings.epochs ?? 0;
  const best = run?.bestEpoch ?? null;
  // Deferred: React renders the charts' updates in the background, in slices between other work, rather than in one long task.
  const now = useDeferredValue(useMemo(() => ({ epochs, live: shown, total, best }), [epochs, shown, total, best]));
  const later = useLagged(now, SECOND_CHART_LAG_MS);
  return (
    <div className="chart-grid">
      <CurveChart
        metric="loss"
        testId="loss-chart"
        epochs={now.epochs}
        live={now.live}
        totalEpochs={now.total}
        bestEpoch={now.best}
      />
      <CurveChart
        metric="accuracy"
        testId="accuracy-chart"
        epochs={later.epochs}
        live={later.live}
        totalEpochs={later.total}
        bestEpoch={later.best}
      />
    </div>
  );
}

// Stable empty values, so a memoised chart with no run is not redrawn by an unrelated update.
const NO_EPOCHS: Run['epochs'] = [];
const NO_POINTS: LivePoint[] = [];
