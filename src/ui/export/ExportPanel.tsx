// Export and share, in Train: the Keras script and notebook of the current
// setup (before any run too), a share link, and the current run's results
// (metrics as CSV and JSON, each chart as PNG) once there is a run.
import { useMemo, useState } from 'react';
import { useLab } from '../../store';
import { describeDataset } from '../../export/dataset';
import { exportProblem, kerasSections, sectionsToScript } from '../../export/keras';
import { notebookJson } from '../../export/notebook';
import { fileStem, metricsCsv, runJson } from '../../export/metrics';
import { findPreset } from '../../model/presets';
import { useCurrentRun } from '../train/use-train-view';
import { chartToPng } from './chart-png';
import { downloadBlob, downloadText } from './download';
import { ShareControl } from './ShareControl';
import { ModelIo } from './ModelIo';
import './export.css';

const SCRIPT_NAME = 'convnet_lab';

function useDatasetDescription() {
  const arch = useLab((s) => s.arch);
  const source = useLab((s) => s.dataSource);
  const dataset = useLab((s) => s.dataset);
  const items = useLab((s) => s.dataItems);
  const seed = useLab((s) => s.splitSeed);
  const fractions = useLab((s) => s.splitFractions);
  const maxPerClass = useLab((s) => s.maxPerClass);
  return useMemo(
    () => describeDataset(dataset ? source : null, dataset, items, { seed, fractions, maxPerClass }, arch.input),
    [arch.input, source, dataset, items, seed, fractions, maxPerClass],
  );
}

export function ExportPanel() {
  const arch = useLab((s) => s.arch);
  const settings = useLab((s) => s.trainSettings);
  const presetId = useLab((s) => s.presetId);
  const data = useDatasetDescription();
  const run = useCurrentRun();
  const [error, setError] = useState<string | null>(null);
  const problem = useMemo(() => exportProblem(arch, data), [arch, data]);
  const title = `Convnet Lab: ${findPreset(presetId ?? '')?.label ?? 'my convnet'}`;

  const exportCode = (kind: 'py' | 'ipynb') => {
    setError(null);
    try {
      const sections = kerasSections(arch, settings, data);
      if (kind === 'py') downloadText(`${SCRIPT_NAME}.py`, sectionsToScript(sections), 'text/x-python');
      else downloadText(`${SCRIPT_NAME}.ipynb`, notebookJson(sections, title), 'application/x-ipynb+json');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const exportChart = async (testId: 'loss-chart' | 'accuracy-chart', name: string) => {
    setError(null);
    const figure = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
    try {
      if (!figure) throw new Error('The chart is not on the page.');
      downloadBlob(
        `${fileStem(run?.dataset.name ?? 'run')}-${name}.png`,
        await chartToPng(
          figure,
          `${name === 'loss' ? 'Loss' : 'Accuracy'} per epoch: ${run?.dataset.name ?? ''}`.trim(),
        ),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const stem = run ? `${fileStem(run.dataset.name)}-${run.id}` : '';
  return (
    <section className="panel export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export and share</h2>
      <h3>Keras code</h3>
      <div className="export-row">
        <button
          type="button"
          data-testid="export-python-button"
          disabled={!!problem}
          onClick={() => exportCode('py')}
          title="The same model, data split and training in Keras 3 / TensorFlow 2"
        >
          Python script (.py)
        </button>
        <button
          type="button"
          data-testid="export-notebook-button"
          disabled={!!problem}
          onClick={() => exportCode('ipynb')}
          title="The same program as a Jupyter notebook, each step explained"
        >
          Notebook (.ipynb)
        </button>
      </div>
      {problem && (
        <p className="muted export-problem" data-testid="export-problem">
          {problem}
        </p>
      )}
      <ShareControl />
      <ModelIo />
      {run && (
        <>
          <h3>Results of this run</h3>
          <div className="export-row">
            <button
              type="button"
              data-testid="export-csv-button"
              disabled={run.epochs.length === 0}
              onClick={() => downloadText(`${stem}-metrics.csv`, metricsCsv(run.epochs), 'text/csv')}
            >
              Metrics (.csv)
            </button>
            <button
              type="button"
              data-testid="export-json-button"
              onClick={() => downloadText(`${stem}.json`, runJson(run), 'application/json')}
            >
              Run record (.json)
            </button>
            <button
              type="button"
              data-testid="export-loss-png-button"
              disabled={run.epochs.length === 0}
              onClick={() => void exportChart('loss-chart', 'loss')}
            >
              Loss chart (.png)
            </button>
            <button
              type="button"
              data-testid="export-accuracy-png-button"
              disabled={run.epochs.length === 0}
              onClick={() => void exportChart('accuracy-chart', 'accuracy')}
            >
              Accuracy chart (.png)
            </button>
          </div>
        </>
      )}
      {error && (
        <p className="export-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
