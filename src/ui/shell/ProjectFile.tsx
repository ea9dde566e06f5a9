// The header's project file controls: save everything into one .zip, open one
// (checked whole before anything changes, then confirmed), with progress and
// the reason when a file is refused. A save streams into a file the student
// picks where the browser offers it (showSaveFilePicker), else into Blob parts
// downloaded at the end: never one giant buffer.
import { useRef } from 'react';
import { useLab } from '../../store';
import { blobSink, type ZipSink } from '../../data/project/zip-stream';
import { downloadBlob } from '../export/download';
import './project.css';

interface Writable {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
type SavePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<{ createWritable(): Promise<Writable> }>;

const fileName = () => `convnet-lab-project-${new Date().toISOString().slice(0, 10)}.zip`;

async function save(saveProject: (sink: ZipSink) => Promise<number | null>): Promise<void> {
  const picker = (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker) {
    let handle;
    try {
      handle = await picker({
        suggestedName: fileName(),
        types: [{ description: 'Convnet Lab project', accept: { 'application/zip': ['.zip'] } }],
      });
    } catch {
      return; // the student closed the dialog
    }
    const out = await handle.createWritable();
    const bytes = await saveProject((chunk) => out.write(chunk));
    await (bytes === null ? out.abort() : out.close());
    return;
  }
  const { sink, blob } = blobSink();
  if ((await saveProject(sink)) !== null) downloadBlob(fileName(), blob());
}

export function ProjectFile() {
  const progress = useLab((s) => s.projectProgress);
  const error = useLab((s) => s.projectError);
  const notice = useLab((s) => s.projectNotice);
  const pending = useLab((s) => s.projectPending);
  const saveProject = useLab((s) => s.saveProject);
  const openProject = useLab((s) => s.openProject);
  const confirm = useLab((s) => s.confirmOpenProject);
  const cancel = useLab((s) => s.cancelOpenProject);
  const input = useRef<HTMLInputElement>(null);
  const shown = progress || error || notice || pending;
  return (
    <div className="project-file">
      <button
        type="button"
        data-testid="project-save-button"
        disabled={!!progress}
        title="Save the data, model, settings, runs and their checkpoints as one .zip"
        onClick={() => void save(saveProject)}
      >
        Save project
      </button>
      <label className={`project-open${progress ? ' disabled' : ''}`}>
        Open project
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          className="visually-hidden"
          data-testid="project-open-input"
          disabled={!!progress}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void openProject(file);
          }}
        />
      </label>
      {shown && (
        <div className="project-status" data-testid="project-status" role="status">
          {progress && (
            <div data-testid="project-progress" data-kind={progress.kind}>
              {progress.kind === 'save' ? 'Saving' : 'Opening'}: {progress.label}
              <progress max={Math.max(progress.total, 1)} value={progress.done} />
            </div>
          )}
          {error && (
            <p className="project-error" data-testid="project-error" role="alert">
              {error}
            </p>
          )}
          {notice && !progress && <p data-testid="project-notice">{notice}</p>}
          {pending && !progress && (
            <div data-testid="project-confirm">
              <p>
                Open <strong>{pending.name}</strong> ({pending.summary})? It replaces your current data, model, settings
                and runs in this browser; save your project first to keep them.
              </p>
              <button type="button" data-testid="project-confirm-button" onClick={() => void confirm()}>
                Replace and open
              </button>
              <button type="button" data-testid="project-cancel-button" onClick={cancel}>
                Cancel
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
