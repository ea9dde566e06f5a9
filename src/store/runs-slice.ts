// The runs and the Runs section's state: which runs are listed (filter),
// selected for comparison, and a deletion that can still be undone. This slice
// is the one writer of `runs` and `currentRunId`: training and model import add
// and update runs through its actions; runsPersist.ts saves them in IndexedDB.
// Runs are kept for good: only the student's own delete removes one.
import type { StateCreator } from 'zustand';
import { sanitizeArchitecture } from '../model/sanitize';
import type { LabState } from './index';
import type { Run } from './train-runs';
import type { ClientDeps } from './deps';
import { runFineTune } from './runs/fine-tune-run';

/** How long a deleted run can be brought back before its checkpoints are deleted too. */
export const UNDO_DELETE_MS = 8000;

export interface RunsSlice {
  /** Every run, oldest first, kept until the student deletes one. */
  runs: Run[];
  /** The run shown in Train (the one training, or the one opened). */
  currentRunId: string | null;
  runFilter: string | null;
  compareIds: string[];
  /** The last deleted run, restorable until its timer ends. */
  pendingDelete: { run: Run; index: number } | null;
  /** What "load this setup again" did, or why it could not do all of it. */
  runsNotice: string | null;
  /** False until the saved runs have been read from IndexedDB. */
  runsLoaded: boolean;
  /** Set when saved runs cannot be read or written (storage full, private mode). */
  runsStorageError: string | null;

  /** The one way a run is created: added at the end, never trimming older runs. */
  addRun: (run: Run) => void;
  /** Changes one run's record (the training's epochs and outcome, a rename). */
  updateRun: (id: string, patch: (run: Run) => Partial<Run>) => void;
  /** Which run Train shows (no checks: openRun is the student's way). */
  setCurrentRun: (id: string | null) => void;
  /** The saved runs, read at start-up, joined with any already here (older versions' localStorage, early runs). */
  runsRestored: (saved: Run[]) => void;
  /** Saved runs cannot be read or written: said, and runs last for the page. */
  runsStorageFailed: (message: string) => void;
  renameRun: (id: string, name: string) => void;
  setRunNotes: (id: string, notes: string) => void;
  deleteRun: (id: string) => void;
  undoDeleteRun: () => void;
  toggleCompare: (id: string) => void;
  setCompare: (ids: string[]) => void;
  setRunFilter: (datasetName: string | null) => void;
  loadRunSetup: (id: string) => void;
  /**
   * A feature-extraction run fine-tuned (runs/fine-tune-run.ts): its layers with the base's top trainable (one
   * undo step), RMSprop 1e-5, the next run starting from its kept weights; then Train.
   */
  fineTuneRun: (id: string) => void;
  /** Shows a saved run in Train (its curves, kept checkpoint and test score). */
  openRun: (id: string) => void;
  dismissRunsNotice: () => void;
}

export const createRunsSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], RunsSlice> =>
  (set, get) => {
    /** Forgets a run's checkpoints in the worker's IndexedDB once a delete is final. */
    const forgetCheckpoints = (runId: string) => void client.deleteRun(runId).catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finalize = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const pending = get().pendingDelete;
      if (!pending) return;
      set({ pendingDelete: null });
      forgetCheckpoints(pending.run.id);
    };
    const patch = (id: string, p: Partial<Run>) => get().updateRun(id, () => p);

    return {
      runs: [],
      currentRunId: null,
      runFilter: null,
      compareIds: [],
      pendingDelete: null,
      runsNotice: null,
      runsLoaded: false,
      runsStorageError: null,

      addRun: (run) => set((s) => ({ runs: [...s.runs, run] })),
      updateRun: (id, change) => set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change(r) } : r)) })),
      setCurrentRun: (currentRunId) => set({ currentRunId }),
      runsRestored: (saved) => {
        const known = new Set(saved.map((r) => r.id));
        const runs = [...saved, ...get().runs.filter((r) => !known.has(r.id))].sort(
          (a, b) => a.createdAt - b.createdAt,
        );
        const current = runs.find((r) => r.id === get().currentRunId) ?? null;
        set({ runs, runsLoaded: true, currentRunId: current?.id ?? null });
        // The run shown was still training when the page closed.
        if (current?.interrupted) get().trainInterrupted(current.id);
      },
      runsStorageFailed: (runsStorageError) => set({ runsLoaded: true, runsStorageError }),

      renameRun: (id, name) => patch(id, { name: name.slice(0, 120) }),
      setRunNotes: (id, notes) => patch(id, { notes: notes.slice(0, 5000) }),

      deleteRun: (id) => {
        const { runs, currentRunId, trainState } = get();
        const index = runs.findIndex((r) => r.id === id);
        if (index < 0) return;
        const running =
          currentRunId === id && (trainState === 'preparing' || trainState === 'training' || trainState === 'paused');
        if (running) return set({ runsNotice: 'This run is training: stop it before deleting it.' });
        finalize(); // one undo at a time: an earlier deletion becomes final now
        set((s) => ({
          runs: s.runs.filter((r) => r.id !== id),
          compareIds: s.compareIds.filter((c) => c !== id),
          currentRunId: s.currentRunId === id ? null : s.currentRunId,
          pendingDelete: { run: runs[index]!, index },
        }));
        timer = setTimeout(finalize, UNDO_DELETE_MS);
      },

      undoDeleteRun: () => {
        const pending = get().pendingDelete;
        if (!pending) return;
        if (timer) clearTimeout(timer);
        timer = null;
        set((s) => {
          const runs = [...s.runs];
          runs.splice(Math.min(pending.index, runs.length), 0, pending.run);
          return { runs, pendingDelete: null };
        });
      },

      toggleCompare: (id) =>
        set((s) => ({
          compareIds: s.compareIds.includes(id) ? s.compareIds.filter((c) => c !== id) : [...s.compareIds, id],
        })),
      setCompare: (ids) => set({ compareIds: ids }),
      setRunFilter: (runFilter) => set({ runFilter }),

      loadRunSetup: (id) => {
        const run = get().runs.find((r) => r.id === id);
        if (!run) return;
        if (get().modelLock) return set({ runsNotice: get().modelLock });
        // The arch goes through the model slice's commit, so "load setup" is one undo step.
        get().replaceArchitecture(sanitizeArchitecture(run.arch, run.arch));
        get().setTrainSettings(run.settings);
        const notes: string[] = [
          `Loaded the setup of "${run.name || run.dataset.name}": its layers and training settings (undo with Ctrl+Z in Model).`,
        ];
        const { dataset } = get();
        if (run.dataset.split && !get().dataLock) {
          const { seed, fractions, maxPerClass } = run.dataset.split;
          if (get().splitSeed !== seed) get().setSplitSeed(seed);
          if (JSON.stringify(get().splitFractions) !== JSON.stringify(fractions)) get().setSplitFractions(fractions);
          if (get().maxPerClass !== maxPerClass) get().setMaxPerClass(maxPerClass);
        }
        if (!dataset || dataset.name !== run.dataset.name) {
          if (run.dataset.source === 'builtin' && (run.dataset.id === 'mnist' || run.dataset.id === 'shapes')) {
            get().loadBuiltinDataset(run.dataset.id);
            notes.push(`Loading the built-in "${run.dataset.name}" it trained on.`);
          } else
            notes.push(
              `It trained on the folder "${run.dataset.name}" (${run.dataset.classNames.length} classes: ${run.dataset.classNames.slice(0, 6).join(', ')}${run.dataset.classNames.length > 6 ? ', …' : ''}): load it in Data to train on the same images.`,
            );
        }
        set({ runsNotice: notes.join(' ') });
      },

      fineTuneRun: (id) => {
        const run = get().runs.find((r) => r.id === id);
        const tune = run && runFineTune(run);
        if (!run || !tune) return;
        if (get().modelLock) return set({ runsNotice: get().modelLock });
        get().replaceArchitecture(tune.arch);
        get().setTrainSettings({ ...run.settings, ...tune.settings });
        // Model's fine-tune choice (model-io-slice.ts): the next run starts from this run's best checkpoint's
        // classifier, on the base's ImageNet weights (what its frozen base held).
        set({ importedRunId: run.id, importedHeadOnly: true, fineTune: true, frozenLayers: [] });
        get().setSection('train');
      },

      openRun: (id) => {
        const { trainState, currentRunId } = get();
        const busy = trainState === 'preparing' || trainState === 'training' || trainState === 'paused';
        if (busy && currentRunId !== id)
          return set({ runsNotice: 'A run is training: its curves stay in Train until it ends.' });
        // Another run's live curve is not this one's.
        if (currentRunId !== id) get().clearLiveCurve();
        set({ currentRunId: id });
        get().setSection('train');
      },

      dismissRunsNotice: () => set({ runsNotice: null }),
    };
  };
