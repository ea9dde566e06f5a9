// Where a dataset comes from: a folder (picker or drag and drop anywhere on
// the page) or a built-in dataset.
import { useRef } from 'react';
import { useLab } from '../../store';
import { BUILTINS, type BuiltinName } from '../../data/source';
import { fromFileList } from './folder-files';

export function SourcePicker() {
  const folderInput = useRef<HTMLInputElement>(null);
  const source = useLab((s) => s.dataSource);
  const locked = useLab((s) => s.dataLock !== null);
  const { loadFolder, loadBuiltinDataset } = useLab.getState();
  const builtin = source?.kind === 'builtin' ? source.builtin : '';

  return (
    <div className="data-source">
      <div className="drop-target">
        <div>
          <strong>Your images</strong>
          <p className="muted">
            One sub-folder per class, or <code>train/</code>, <code>validation/</code>, <code>test/</code> each with
            class folders. Drop a folder anywhere on this page, or:
          </p>
        </div>
        <button
          type="button"
          className="primary"
          onClick={() => folderInput.current?.click()}
          disabled={locked}
          data-testid="choose-folder-button"
        >
          Choose a folder…
        </button>
        <input
          ref={folderInput}
          className="visually-hidden"
          type="file"
          multiple
          data-testid="folder-input"
          aria-label="Image folder"
          tabIndex={-1}
          disabled={locked}
          {...{ webkitdirectory: '', directory: '' }}
          onChange={(e) => {
            const files = fromFileList(e.target.files);
            e.target.value = '';
            if (files.length) loadFolder(files);
          }}
        />
      </div>
      <label className="field builtin-field">
        <span>Or a built-in dataset (works offline)</span>
        <select
          data-testid="builtin-select"
          value={builtin}
          disabled={locked}
          onChange={(e) => e.target.value && loadBuiltinDataset(e.target.value as BuiltinName)}
        >
          <option value="">Choose a built-in dataset…</option>
          {BUILTINS.map((b) => (
            <option key={b.id} value={b.id} title={b.description}>
              {b.label}
            </option>
          ))}
        </select>
        {builtin && (
          <small className="muted" data-testid="builtin-description">
            {BUILTINS.find((b) => b.id === builtin)?.description}
          </small>
        )}
      </label>
    </div>
  );
}
