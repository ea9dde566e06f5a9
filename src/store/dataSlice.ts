// The loaded dataset and how it was made. The decisions (which job runs, which
// result counts) are the pure machine in src/data/loader.ts; this slice feeds
// it events, runs its effects (decoding, saving) and mirrors it into state.
// A load replaces the dataset only when complete: a cancel or a failure keeps it.
import type { StateCreator } from 'zustand';
import { healthReport, type HealthIssue } from '../data/health';
import { dataStateOf, initialLoader, isCurrent, loaderStep, type LoadJob, type LoaderEffect, type LoaderEvent } from '../data/loader';
import { clearSaved, saveErrorMessage } from '../data/persist';
import { classCounts, type SplitItems } from '../data/pool';
import type { SkippedFile } from '../data/skip';
import type { BuiltinName, DataSource, FolderFile, Target } from '../data/source';
import { checkFractions, DEFAULT_FRACTIONS, DEFAULT_SEED, type SplitFractions } from '../data/split';
import type { ImageDataset } from '../data/types';
import { SHAPES_NATIVE } from '../data/shapes';
import { runLoadJob, saveCurrent, type DataProgress, type JobHost, type MemoryPrompt } from './dataJobs';
import { resplit } from '../data/ingest';
import type { LabState } from './index';

export type { DataProgress, MemoryPrompt };
export type DataState = 'empty' | 'loading' | 'ready' | 'error';
export interface DataError { message: string; tree: string | null }

export interface DataSlice {
  dataset: ImageDataset | null;
  dataState: DataState;
  dataItems: SplitItems | null;
  dataSource: DataSource | null;
  dataProgress: DataProgress | null;
  dataError: DataError | null;
  /** Something the student should know that is not an error (e.g. not kept for the next visit). */
  dataNotice: string | null;
  skipped: SkippedFile[];
  health: HealthIssue[];
  memoryPrompt: MemoryPrompt | null;
  splitSeed: number;
  splitFractions: SplitFractions;
  /** Images per class at most (0 = all), applied before splitting. */
  maxPerClass: number;
  /** Set while something (training) forbids data edits; refused edits show it. */
  dataLock: string | null;

  loadBuiltinDataset: (name: BuiltinName) => void;
  loadFolder: (files: FolderFile[]) => void;
  /** Makes the dataset again from its source at the model's current input shape. */
  reloadDataset: () => void;
  /** The model's input changed: the dataset is remade at it (no-op when it already is). */
  followModelInput: () => void;
  answerMemoryPrompt: (choice: 'downscale' | 'anyway' | 'cancel') => void;
  cancelLoading: () => void;
  clearDataset: () => void;
  setSplitSeed: (seed: number) => void;
  setSplitFractions: (fractions: SplitFractions) => void;
  setMaxPerClass: (n: number) => void;
  setDataLock: (reason: string | null) => void;
  dismissDataError: () => void;
  restoreDataset: () => Promise<void>;
}

const BUILTIN_SHAPE: Record<BuiltinName, Target> = { mnist: { height: 28, width: 28, channels: 1 }, shapes: SHAPES_NATIVE };
const SAVING: DataProgress = { phase: 'saving', done: 0, total: 0, label: 'Saving for your next visit', bytes: null };
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const createDataSlice: StateCreator<LabState, [], [], DataSlice> = (set, get) => {
  let machine = initialLoader();
  let controller: AbortController | null = null;
  // The files of the folder being loaded or loaded (in memory, or read back from IndexedDB), to decode again later.
  const files: { fresh: FolderFile[] | null; kept: FolderFile[] | null } = { fresh: null, kept: null };
  let pending: { job: LoadJob; natural: boolean } | null = null;

  // With a cap, the seed also chooses which images are kept: it is then part of what must be remade.
  const settingsKey = () => `cap=${get().maxPerClass}${get().maxPerClass > 0 ? ` seed=${get().splitSeed}` : ''}`;
  const modelTarget = (): Target => {
    const { height, width, channels } = get().arch.input;
    return { height, width, channels: channels === 1 ? 1 : 3 };
  };
  /** Refuses an edit while locked; the reason is shown on screen. */
  const refused = (): boolean => {
    const lock = get().dataLock;
    if (lock) set({ dataNotice: lock });
    return !!lock;
  };

  const dispatch = (event: LoaderEvent) => {
    const step = loaderStep(machine, event);
    if (step.state === machine) return;
    const wasLoading = machine.phase === 'loading';
    machine = step.state;
    const loading = machine.phase === 'loading';
    set({
      dataState: dataStateOf(machine),
      dataError: machine.error,
      dataProgress: machine.phase === 'saving' ? SAVING : loading ? (wasLoading ? get().dataProgress : { phase: 'reading', done: 0, total: 0, label: 'Reading', bytes: null }) : null,
      ...(loading && !wasLoading ? { dataNotice: null, memoryPrompt: null } : {}),
    });
    step.effects.forEach(run);
  };

  let lastJob: Promise<void> = Promise.resolve();
  const host: JobHost = {
    get: () => get(),
    set: (patch) => set(patch),
    files,
    current: (generation) => isCurrent(machine, generation),
    dispatch: (e) => dispatch(e),
    prompt: (job, prompt, natural) => {
      pending = { job, natural };
      set({ memoryPrompt: prompt });
      dispatch({ type: 'paused', generation: job.generation });
    },
  };
  const settingsOf = () => ({ seed: get().splitSeed, fractions: get().splitFractions, maxPerClass: get().maxPerClass });

  function run(effect: LoaderEffect) {
    switch (effect.type) {
      case 'abort':
        controller?.abort();
        controller = null;
        return;
      case 'run':
        controller = new AbortController();
        lastJob = runLoadJob(host, effect.job, controller.signal);
        return;
      case 'resplit': {
        const { dataset, dataItems } = get();
        if (!dataset || !dataItems) return;
        const next = resplit(dataset, dataItems, settingsOf());
        return set({ dataset: next.dataset, dataItems: next.items, health: healthReport(next.dataset.classNames, classCounts(next.dataset), next.items) });
      }
      case 'save': {
        const job = machine.job;
        if (job?.options.restored) return dispatch({ type: 'saved', generation: effect.generation });
        // Fresh folder files are stored with the dataset; "ready" waits for IndexedDB, so a reload right after keeps it.
        const fresh = job?.source.kind === 'folder' && job.source.fresh;
        saveCurrent(get(), fresh ? files.kept : 'keep', settingsOf())
          .catch((e: unknown) => set({ dataNotice: saveErrorMessage(e) }))
          .finally(() => dispatch({ type: 'saved', generation: effect.generation }));
      }
    }
  }

  const remake = () => dispatch({ type: 'remake', target: modelTarget(), settingsKey: settingsKey() });
  const currentTarget = (): Target => machine.job?.target ?? machine.target ?? modelTarget();

  return {
    dataset: null,
    dataState: 'empty',
    dataItems: null,
    dataSource: null,
    dataProgress: null,
    dataError: null,
    dataNotice: null,
    skipped: [],
    health: [],
    memoryPrompt: null,
    splitSeed: DEFAULT_SEED,
    splitFractions: DEFAULT_FRACTIONS,
    maxPerClass: 0,
    dataLock: null,

    loadBuiltinDataset: (name) => {
      if (refused()) return;
      dispatch({ type: 'load', source: { kind: 'builtin', name }, target: BUILTIN_SHAPE[name], settingsKey: settingsKey(), options: { adopt: true } });
    },
    loadFolder: (picked) => {
      if (refused()) return;
      files.fresh = picked;
      // The folder's own choice of shape unless the student set the model's input by hand.
      dispatch({ type: 'load', source: { kind: 'folder', fresh: true }, target: get().inputSetByHand ? modelTarget() : null, settingsKey: settingsKey() });
    },
    reloadDataset: () => {
      if (refused()) return;
      // Asked for explicitly (after a refused memory prompt): start again even at the same shape.
      if (machine.hasDataset && machine.phase === 'idle' && machine.source) {
        const source = machine.source.kind === 'folder' ? { kind: 'folder' as const, fresh: false } : machine.source;
        dispatch({ type: 'load', source, target: modelTarget(), settingsKey: settingsKey() });
      }
    },
    followModelInput: () => {
      if (!get().dataLock) remake();
    },
    answerMemoryPrompt: (choice) => {
      const prompt = get().memoryPrompt;
      const held = pending;
      pending = null;
      set({ memoryPrompt: null });
      if (!prompt || !held || choice === 'cancel') return;
      const { job, natural } = held;
      const target = choice === 'downscale' && prompt.downscale ? { ...prompt.target, ...prompt.downscale } : prompt.target;
      dispatch({ type: 'load', source: job.source, target, settingsKey: job.settingsKey, options: { force: true, adopt: choice === 'downscale' || natural } });
    },
    cancelLoading: () => {
      pending = null;
      set({ memoryPrompt: null });
      dispatch({ type: 'cancel' });
    },
    clearDataset: () => {
      if (refused()) return;
      files.fresh = files.kept = null;
      dispatch({ type: 'clear' });
      set({ dataset: null, dataItems: null, dataSource: null, skipped: [], health: [], dataState: 'empty', dataProgress: null, dataError: null, dataNotice: null, memoryPrompt: null });
      clearSaved().catch((e) => set({ dataNotice: `The saved copy could not be removed (${errorText(e)}).` }));
    },
    setSplitSeed: (seed) => {
      if (refused() || !Number.isInteger(seed)) return;
      set({ splitSeed: seed });
      if (get().maxPerClass > 0) dispatch({ type: 'remake', target: currentTarget(), settingsKey: settingsKey() });
      else dispatch({ type: 'resplit', settingsKey: settingsKey() });
    },
    setSplitFractions: (fractions) => {
      if (refused() || checkFractions(fractions)) return;
      set({ splitFractions: fractions });
      dispatch({ type: 'resplit', settingsKey: settingsKey() });
    },
    setMaxPerClass: (n) => {
      if (refused()) return;
      const max = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
      if (max === get().maxPerClass) return;
      set({ maxPerClass: max });
      dispatch({ type: 'remake', target: currentTarget(), settingsKey: settingsKey() });
    },
    setDataLock: (reason) => set({ dataLock: reason, dataNotice: reason ? get().dataNotice : null }),
    dismissDataError: () => dispatch({ type: 'dismiss' }),
    restoreDataset: async () => {
      if (get().dataset || machine.phase === 'loading') return;
      dispatch({ type: 'load', source: { kind: 'saved' }, target: null, settingsKey: settingsKey(), options: { restored: true } });
      const generation = machine.generation;
      await lastJob;
      // Once it is back, the dataset follows the model (which may have changed since it was saved).
      if (machine.generation === generation && machine.phase === 'idle' && machine.hasDataset) remake();
    },
  };
};
