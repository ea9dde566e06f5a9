// A TensorFlow.js LayersModel as the base: the student picks (or drops) model.json with its .bin files
// (Teachable Machine's export: model.json, weights.bin, metadata.json) or one .zip; the worker reads it with tfjs,
// takes its feature model and keeps it in this browser. Each kept base shows what it is, its size, a button that
// puts it at the start of the stack and one that removes it; a bad file is named with what is wrong.
import { useEffect, type DragEvent } from 'react';
import { kerasShape, readableBytes, withCommas } from '../../model/format';
import type { KeptTfjsBase } from '../../model/bases/tfjs-types';
import { useLab } from '../../store';

const SOURCE_TEXT: Record<KeptTfjsBase['source'], string> = {
  'teachable-machine': "Teachable Machine's feature model (its trained head left out)",
  nested: 'the nested feature model (the layers after it left out)',
  whole: 'the whole functional model',
};

export function TfjsBasePanel() {
  const bases = useLab((s) => s.tfjsBases);
  const job = useLab((s) => s.tfjsBaseJob);
  const failure = useLab((s) => s.tfjsBaseFailure);
  const inUse = useLab((s) => s.arch.layers.find((l) => l.type === 'Base' && l.base === 'tfjs'));
  useEffect(() => {
    if (bases === null) void useLab.getState().refreshTfjsBases();
  }, [bases]);
  const { addTfjsBase, removeTfjsBase, putTfjsBase, cutTfjsBase } = useLab.getState();
  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    e.stopPropagation(); // the Model section imports dropped TensorFlow.js models as a whole
    void addTfjsBase([...e.dataTransfer.files]);
  };
  const usedFile = inUse?.type === 'Base' && inUse.base === 'tfjs' ? inUse.tfjs.file : null;

  return (
    <section
      className="panel tfjs-base"
      aria-labelledby="tfjs-base-heading"
      data-testid="tfjs-base-panel"
      onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()}
      onDrop={onDrop}
    >
      <h2 id="tfjs-base-heading">TensorFlow.js model as a base</h2>
      <p className="muted">
        A TensorFlow.js LayersModel, e.g. Teachable Machine&apos;s image model (model.json, weights.bin): its feature
        model becomes the base, frozen, with its own input size; the lab puts the pixels into the range it expects
        (Teachable Machine: [-1, 1]). Kept in this browser, so it is added once.
      </p>
      <label className="field base-drop">
        <span>Pick (or drop here) model.json with its .bin files, or one .zip</span>
        <input
          type="file"
          multiple
          accept=".json,.bin,.zip"
          data-testid="tfjs-base-input"
          disabled={job !== null}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void addTfjsBase(files);
          }}
        />
      </label>
      {usedFile && bases && !bases.some((b) => b.fileName === usedFile) && (
        <p className="error" role="alert" data-testid="tfjs-base-missing">
          The model&apos;s base &apos;{usedFile}&apos; is not kept in this browser (a project file or link made
          elsewhere): drop the same model.json and weight files here to train it.
        </p>
      )}
      {job && (
        <p role="status" data-testid="tfjs-base-status">
          Reading {job.join(', ')}…
        </p>
      )}
      {failure && (
        <div className="error" role="alert" data-testid="tfjs-base-error">
          <p>{failure.message}</p>
          <p>{failure.fix}</p>
        </div>
      )}
      {bases && bases.length > 0 && (
        <ul className="base-files">
          {bases.map((b) => (
            <li
              key={b.fileName}
              data-testid="tfjs-base-row"
              data-file={b.fileName}
              data-bytes={b.bytes}
              data-where={b.where}
            >
              <strong>{b.model.name}</strong> from {b.picked.join(' + ')}: {SOURCE_TEXT[b.source]}, input{' '}
              {kerasShape(b.model.input)}, output {kerasShape(b.model.outputShape)},{' '}
              {withCommas(b.model.layers.reduce((n, l) => n + l.params, 0))} parameters, {readableBytes(b.bytes)} kept.{' '}
              {usedFile === b.fileName ? (
                <span data-testid="tfjs-base-in-use">In the model.</span>
              ) : (
                <button type="button" data-testid="tfjs-base-use" onClick={() => putTfjsBase(b.fileName)}>
                  Use as the base
                </button>
              )}{' '}
              <select
                data-testid="tfjs-base-cut"
                aria-label={`Keep ${b.model.name} cut after one of its layers, as another base`}
                value=""
                disabled={job !== null}
                onChange={(e) => e.target.value && void cutTfjsBase(b.fileName, e.target.value)}
              >
                <option value="">Cut after a layer…</option>
                {b.model.layers.slice(0, -1).map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name} ({l.className})
                  </option>
                ))}
              </select>{' '}
              <button type="button" data-testid="tfjs-base-remove" onClick={() => void removeTfjsBase(b.fileName)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
