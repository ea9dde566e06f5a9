// TensorFlow.js model export (in Train's Export panel) and import (in the
// Model toolbar, and by dropping files onto the Model section), plus the
// fine-tune choices for a run started from imported weights and a one-image
// prediction check (same answer before export and after import).
import { useMemo, useState, type DragEvent } from 'react';
import { useLab } from '../../store';
import { inferSummary } from '../../model/infer';
import { isAugmentation } from '../../model/layers';
import { downloadBlob } from './download';
import { ChoiceField } from '../common/ChoiceField';
import { keptCheckpointText } from '../train/kept-weights';
import './export.css';
import { runTitle } from '../../store/runs/list';
import { KerasFileExport } from './KerasFileExport';

const FORMATS = ['zip', 'files'] as const;
const FORMAT_TEXT = { zip: 'one .zip (model.json + .bin)', files: 'two files (model.json, model.weights.bin)' };

/** The Model toolbar's import control: model.json + .bin files, one .zip, one .keras or Keras 2 .h5 file. */
export function ImportModelInput() {
  const busy = useLab((s) => s.modelIoBusy === 'import');
  const error = useLab((s) => s.modelIoError);
  const notice = useLab((s) => s.modelIoNotice);
  return (
    <div className="model-import">
      <label className="field">
        <span>
          Import a model: TensorFlow.js (model.json + .bin, or .zip), Keras 3 (.keras) or Keras 2 (.h5); or drop them
          here
        </span>
        <input
          type="file"
          multiple
          accept=".json,.bin,.zip,.keras,.h5,application/json,application/zip"
          data-testid="import-model-input"
          disabled={busy}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void useLab.getState().importModel(files);
          }}
        />
      </label>
      {busy && <span className="muted">Reading the model…</span>}
      {error && (
        <p className="export-error" role="alert" data-testid="model-io-error">
          {error}
        </p>
      )}
      {notice && !error && (
        <p className="muted" role="status" data-testid="model-io-notice">
          {notice}
        </p>
      )}
    </div>
  );
}

/** Drop handlers for the Model section: files dropped there import like the input's. */
export const modelDropHandlers = {
  onDragOver: (e: DragEvent) => {
    if (e.dataTransfer.types.includes('Files')) e.preventDefault();
  },
  onDrop: (e: DragEvent) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    void useLab.getState().importModel(Array.from(e.dataTransfer.files));
  },
};

function FineTune() {
  const importedRunId = useLab((s) => s.importedRunId);
  const imported = useLab((s) => s.runs.find((r) => r.id === s.importedRunId) ?? null);
  const fineTune = useLab((s) => s.fineTune);
  const frozen = useLab((s) => s.frozenLayers);
  const arch = useLab((s) => s.arch);
  const rows = useMemo(() => inferSummary(arch).rows, [arch]);
  if (!importedRunId || !imported) return null;
  const { setFineTune, toggleFrozen } = useLab.getState();
  return (
    <div className="fine-tune" data-testid="fine-tune">
      <label>
        <input
          type="checkbox"
          data-testid="fine-tune-toggle"
          checked={fineTune}
          onChange={(e) => setFineTune(e.target.checked)}
        />{' '}
        Continue training from the kept weights of “{runTitle(imported)}”
      </label>
      {fineTune && (
        <fieldset className="freeze-list">
          <legend>Freeze (fine-tune the rest)</legend>
          {rows
            .filter((r) => (r.params ?? 0) > 0)
            .map((r) => (
              <label key={r.id}>
                <input
                  type="checkbox"
                  data-testid="freeze-layer"
                  data-layer={r.name}
                  checked={frozen.includes(r.name)}
                  onChange={() => toggleFrozen(r.name)}
                />{' '}
                {r.name} ({r.type})
              </label>
            ))}
        </fieldset>
      )}
    </div>
  );
}

/** The Train section's model export: the chosen run's kept checkpoint as a TensorFlow.js LayersModel. */
export function ModelIo() {
  const runs = useLab((s) => s.runs);
  const currentRunId = useLab((s) => s.currentRunId);
  const busy = useLab((s) => s.modelIoBusy === 'export');
  const error = useLab((s) => s.modelIoError);
  const kept = runs.filter((r) => r.bestEpoch !== null);
  const [chosen, setChosen] = useState<string | null>(null);
  const runId =
    chosen && kept.some((r) => r.id === chosen)
      ? chosen
      : (kept.find((r) => r.id === currentRunId)?.id ?? kept.at(-1)?.id ?? null);
  const run = kept.find((r) => r.id === runId) ?? null;
  // Augmentation acts only while training, and plain TensorFlow.js cannot load the lab's augmentation layers:
  // by default they are left out, so tf.loadLayersModel reads the export with no custom classes.
  const [strip, setStrip] = useState(true);
  const [zip, setZip] = useState(true);
  const [prediction, setPrediction] = useState<number[] | null>(null);
  const hasAugmentation = !!run?.arch.layers.some((l) => isAugmentation(l.type));

  const exportNow = async () => {
    if (!runId) return;
    const files = await useLab.getState().exportModel({ runId, stripAugmentation: strip, zip });
    for (const f of files ?? [])
      downloadBlob(
        f.name,
        new Blob([f.bytes as BlobPart], {
          type: f.name.endsWith('.json')
            ? 'application/json'
            : f.name.endsWith('.zip')
              ? 'application/zip'
              : 'application/octet-stream',
        }),
      );
  };

  return (
    <div className="model-io" data-testid="model-io">
      <h3>TensorFlow.js model</h3>
      <div className="export-row">
        <ChoiceField
          label="Run"
          testId="export-model-run"
          value={runId ?? ''}
          // With no kept run, one empty choice that says so.
          choices={kept.length ? kept.map((r) => r.id) : ['']}
          text={(id) => {
            const r = kept.find((k) => k.id === id);
            if (!r) return 'No run with a kept checkpoint yet';
            return `${runTitle(r)} (${keptCheckpointText(r)})`;
          }}
          wide={false}
          disabled={kept.length === 0}
          onChange={setChosen}
        />
        <ChoiceField
          label="As"
          testId="export-model-format"
          value={zip ? 'zip' : 'files'}
          choices={FORMATS}
          text={FORMAT_TEXT}
          wide={false}
          onChange={(format) => setZip(format === 'zip')}
        />
      </div>
      <label className="export-strip" title={hasAugmentation ? '' : 'This model has no augmentation layers.'}>
        <input
          type="checkbox"
          data-testid="export-model-strip"
          checked={strip}
          onChange={(e) => setStrip(e.target.checked)}
        />{' '}
        For prediction (the default): the augmentation layers are left out. They act only while training, and plain
        TensorFlow.js (<code>tf.loadLayersModel</code>) cannot load them; Dropout stays (inactive at inference). Untick
        to keep them, for importing back into the lab.
      </label>
      <p className="muted export-note">
        The download holds model.json, its weights and metadata.json with the class names in output order
        {run ? ` (${run.dataset.classNames.join(', ')})` : ''}, as Teachable Machine writes it.
      </p>
      <div className="export-row">
        <button
          type="button"
          data-testid="export-model-button"
          disabled={!run || busy}
          onClick={() => void exportNow()}
          title="The kept (best) checkpoint in the TensorFlow.js LayersModel format; tf.loadLayersModel reads it"
        >
          {busy ? 'Exporting…' : 'Export model (TensorFlow.js)'}
        </button>
        <button
          type="button"
          data-testid="predict-test-image-button"
          disabled={!run}
          onClick={() => void useLab.getState().predictFirstTestImage().then(setPrediction)}
          title="Class probabilities of the first test image, with the current run's kept checkpoint"
        >
          Predict a test image
        </button>
      </div>
      {prediction && (
        <p
          className="muted"
          data-testid="model-io-prediction"
          data-probabilities={prediction.map((p) => p.toFixed(6)).join(',')}
        >
          First test image: class {prediction.indexOf(Math.max(...prediction))} (
          {(Math.max(...prediction) * 100).toFixed(1)}%)
        </p>
      )}
      <KerasFileExport run={run} />
      {error && (
        <p className="export-error" role="alert" data-testid="model-io-export-error">
          {error}
        </p>
      )}
      <FineTune />
    </div>
  );
}
