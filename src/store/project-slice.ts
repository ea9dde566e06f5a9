// The project file: save everything the student made into one .zip, and open
// one made in another browser to carry on. Opening reads and checks the whole
// file first (store/project/open.ts) and changes nothing until the student
// confirms replacing the current work; then the worker keeps the runs'
// weights, the runs, the dataset and the setup are written where the lab
// keeps them, and the page reloads, so every part comes back through the
// lab's ordinary start-up (the dataset made again from its recipe or files).
import type { StateCreator } from 'zustand';
import { keepOpenedDataset } from '../data/project/keep-opened';
import { LAB_VERSION } from '../data/project/format';
import type { ZipSink } from '../data/project/zip-stream';
import type { LabDeps } from './deps';
import type { LabState } from './create';
import { openProjectFile, type OpenedProject } from './project/open';
import { writeProject } from './project/save';
import { restoredState, savedState } from './saved';

export interface ProjectProgress {
  kind: 'save' | 'open';
  label: string;
  done: number;
  total: number;
}

export interface ProjectSlice {
  projectProgress: ProjectProgress | null;
  /** Why the last save or open failed (an opened file that was refused: nothing changed). */
  projectError: string | null;
  projectNotice: string | null;
  /** A checked project waiting for the student to confirm replacing the current work. */
  projectPending: { name: string; summary: string } | null;
  /** Writes the project into `sink`; resolves with its size in bytes, or null when it failed (projectError). */
  saveProject: (sink: ZipSink) => Promise<number | null>;
  /** Reads and checks a project file; nothing changes until confirmOpenProject. */
  openProject: (file: File) => Promise<void>;
  /** Replaces the current work with the checked project, then reloads the page (`reload`). */
  confirmOpenProject: (reload?: () => void) => Promise<void>;
  cancelOpenProject: () => void;
}

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
const STORAGE_KEY = 'convnet-lab';

function summary(p: OpenedProject): string {
  const data = p.dataset
    ? `${p.dataset.name} (${p.dataset.source.kind === 'folder' ? `${p.files.length} images` : 'built-in'})`
    : 'no dataset';
  const made = p.created ? `, saved ${p.created.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${p.runs.length} run${p.runs.length === 1 ? '' : 's'}, ${data}${made}`;
}

export const createProjectSlice =
  ({ client, runsDb, storage }: LabDeps): StateCreator<LabState, [], [], ProjectSlice> =>
  (set, get) => {
    let opened: OpenedProject | null = null;
    const busy = (): string | null => {
      const s = get();
      if (s.projectProgress) return 'A project is being saved or opened already.';
      if (['preparing', 'training', 'paused'].includes(s.trainState))
        return 'A run is training: stop it (or let it finish) first.';
      return null;
    };
    return {
      projectProgress: null,
      projectError: null,
      projectNotice: null,
      projectPending: null,
      saveProject: async (sink) => {
        const refused = busy() ?? (get().dataProgress ? 'The dataset is still loading: wait for it first.' : null);
        if (refused) {
          set({ projectError: refused });
          return null;
        }
        set({ projectError: null, projectNotice: null });
        try {
          const { bytes } = await writeProject(get(), client, sink, LAB_VERSION, (p) =>
            set({ projectProgress: { kind: 'save', ...p } }),
          );
          set({ projectNotice: `Project saved (${(bytes / 1e6).toFixed(1)} MB).` });
          return bytes;
        } catch (e) {
          set({ projectError: `The project could not be saved: ${text(e)}` });
          return null;
        } finally {
          set({ projectProgress: null });
        }
      },
      openProject: async (file) => {
        const refused = busy();
        if (refused) return set({ projectError: refused });
        opened = null;
        set({ projectError: null, projectNotice: null, projectPending: null });
        try {
          const p = await openProjectFile(file, (read, total) =>
            set({ projectProgress: { kind: 'open', label: `Reading ${file.name}`, done: read, total } }),
          );
          opened = p;
          set({ projectPending: { name: file.name, summary: summary(p) } });
        } catch (e) {
          set({ projectError: `${file.name} was not opened, nothing changed: ${text(e)}` });
        } finally {
          set({ projectProgress: null });
        }
      },
      cancelOpenProject: () => {
        opened = null;
        set({ projectPending: null });
      },
      confirmOpenProject: async (reload = () => window.location.reload()) => {
        const p = opened;
        const refused = busy();
        if (!p || refused) return set({ projectError: refused ?? 'Pick a project file first.' });
        set({ projectProgress: { kind: 'open', label: 'Replacing the current work', done: 0, total: 4 } });
        try {
          const step = (done: number, label: string) =>
            set({ projectProgress: { kind: 'open', label, done, total: 4 } });
          const forget = get().runs.map((r) => r.id);
          const kept = await client.projectRestoreRuns(forget, p.kept);
          if (!kept.ok) throw new Error(kept.failure.message);
          step(1, 'Runs');
          if (runsDb) {
            for (const id of forget) await runsDb.remove(id);
            for (const run of p.runs) await runsDb.put(run);
          }
          step(2, 'Dataset');
          await keepOpenedDataset(p.dataset, p.files);
          step(3, 'Setup');
          // Through the saved-state table's sanitizers, written as the store's persist writes it, and read
          // back by the reload right after (no store update in between could overwrite it).
          const setup = savedState(restoredState(p.setup, get()));
          await storage.setItem(STORAGE_KEY, JSON.stringify({ state: setup, version: 1 }));
          opened = null;
          reload();
        } catch (e) {
          set({
            projectProgress: null,
            projectError: `The project could not be stored in this browser (${text(e)}). Reload the page: the parts already written may have replaced some of the current work.`,
          });
        }
      },
    };
  };
