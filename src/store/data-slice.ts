// The loaded dataset and how it was made. The decisions (which job runs, which
// result counts) are the pure machine in src/data/loader.ts; this slice feeds
// it events, runs its effects (decoding, saving) and mirrors it into state.
// A load replaces the dataset only when complete: a cancel or a failure keeps it.
import type { StateCreator } from 'zustand';
import type { HealthIssue } from '../data/health';
import {
  dataStateOf,
  initialLoader,
  isCurrent,
  loaderStep,
  type LoadJob,
  type LoaderEffect,
  type LoaderEvent,
  type LoaderState,
} from '../data/loader';
import { clearSaved } from '../data/persist';
import { withoutPixels } from '../data/spill-file';
import type { SplitItems } from '../data/split-pixels';
import type { SkippedFile } from '../data/skip';
import { BUILTIN_SHAPES, type BuiltinName, type DataSource, type FolderFile, type Target } from '../data/source';
import { checkFractions, DEFAULT_FRACTIONS, DEFAULT_SEED, type SplitFractions } from '../data/split';
import type { ImageDataset, SplitName } from '../data/types';
import {
  modelTargetOf,
  progressOf,
  resplitCurrent,
  runLoadJob,
  settingsKeyOf,
  type DataProgress,
  type JobHost,
  type MemoryPrompt,
} from './data-jobs';
import { saveForJob } from './data-save';
import type { LabState } from './index';
import type { ClientDeps } from './deps';
import { readImage } from './images';

export type { DataProgress, MemoryPrompt };
export type DataState = 'empty' | 'loading' | 'ready' | 'error';
export type DataError = { message: string; tree: string | null };

export interface DataSlice {
  /** The loader machine's state (src/data/loader.ts): which job runs, which result counts. */
  dataLoader: LoaderState;
  dataset: ImageDataset | null;
  dataState: DataState;
  dataItems: SplitItems | null;
  dataSource: DataSource | null;
  dataProgress: DataProgress | null;
  dataError: DataError | null;
  /** Something the student should know that is not an error (e.g. not kept for the next visit). */
  dataNotice: string | null;
  /** True while the decoded pixels are written to IndexedDB after "ready" (a reload before then decodes the kept files again). */
  dataKeeping: boolean;
  skipped: SkippedFile[];
  health: HealthIssue[];
  memoryPrompt: MemoryPrompt | null;
  splitSeed: number;
  splitFractions: SplitFractions;
  /** Images per class at most (0 = all), applied before splitting. */
  maxPerClass: number;
  /** Set while something (training) forbids data edits; refused edits show it. */
  dataLock: string | null;
  /** Where the pixels are: 'disk' while a run keeps them there (src/data/spill-file.ts); components re-render on the move. */
  pixelsAt: 'memory' | 'disk';

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
  /** The one way to tell the student something about the data (the other slices call it). */
  showDataNotice: (notice: string | null) => void;
  /** A run keeps the pixels on disk: the dataset is kept without them (src/store/pixels-away.ts). */
  pixelsAway: () => void;
  /** The run is over: the dataset with its pixels back, or null when they were lost (it is then made again). */
  pixelsReturned: (dataset: ImageDataset | null) => void;
  /** A copy of one image: from memory, else (pixels on disk for a run) read by the training worker. */
  readDatasetImage: (dataset: ImageDataset, split: SplitName, index: number) => Promise<Uint8Array>;
  dismissDataError: () => void;
  restoreDataset: () => Promise<void>;
}

const NOTHING_LOADED = {
  dataset: null,
  dataState: 'empty',
  dataItems: null,
  dataSource: null,
  dataProgress: null,
  dataError: null,
  dataNotice: null,
  dataKeeping: false,
  skipped: [],
  health: [],
  memoryPrompt: null,
} satisfies Partial<DataSlice>;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const createDataSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], DataSlice> =>
  (set, get) => {
    let controller: AbortController | null = null;
    // The files of the folder being loaded or loaded (in memory, or read back from IndexedDB), to decode again later.
    const files: { fresh: FolderFile[] | null; kept: FolderFile[] | null } = { fresh: null, kept: null };
    let pending: { job: LoadJob; natural: boolean } | null = null;

    const settingsKey = () => settingsKeyOf(get());
    const modelTarget = () => modelTargetOf(get());
    /** Refuses an edit while locked; the reason is shown on screen. */
    const refused = (lock = get().dataLock): boolean => {
      if (lock) set({ dataNotice: lock });
      return lock !== null;
    };

    const dispatch = (event: LoaderEvent) => {
      const step = loaderStep(get().dataLoader, event);
      if (step.state === get().dataLoader) return;
      const wasLoading = get().dataLoader.phase === 'loading';
      const machine = step.state;
      const loading = machine.phase === 'loading';
      set({
        dataLoader: machine,
        dataState: dataStateOf(machine),
        dataError: machine.error,
        dataProgress: progressOf(machine.phase, wasLoading ? get().dataProgress : null),
        ...(loading && !wasLoading ? { dataNotice: null, memoryPrompt: null } : {}),
      });
      step.effects.forEach(run);
    };

    let lastJob: Promise<void> = Promise.resolve();
    let versions = 0; // datasets kept by this store, for their versions
    const host: JobHost = {
      get,
      set,
      files,
      keeping: { now: null },
      stamp: (dataset) => ({ ...dataset, version: ++versions }),
      dispatch,
      current: (generation) => isCurrent(get().dataLoader, generation),
      prompt: (job, prompt, natural) => {
        pending = { job, natural };
        set({ memoryPrompt: prompt });
        dispatch({ type: 'paused', generation: job.generation });
      },
    };

    function run(effect: LoaderEffect) {
      switch (effect.type) {
        case 'abort':
          controller?.abort();
          controller = null;
          return;
        case 'run': {
          const own = new AbortController();
          controller = own;
          // Let go of it once the job is over: what a job left on its signal would otherwise live as long as the page.
          lastJob = runLoadJob(host, effect.job, own.signal).finally(() => {
            if (controller === own) controller = null;
          });
          return;
        }
        case 'resplit':
          return resplitCurrent(host);
        case 'save':
          return saveForJob(host, get().dataLoader.job, effect.generation);
      }
    }

    const remake = () => dispatch({ type: 'remake', target: modelTarget(), settingsKey: settingsKey() });
    const currentTarget = (): Target => {
      const machine = get().dataLoader;
      return machine.job?.target ?? machine.target ?? modelTarget();
    };

    return {
      ...NOTHING_LOADED,
      dataLoader: initialLoader(),
      splitSeed: DEFAULT_SEED,
      splitFractions: DEFAULT_FRACTIONS,
      maxPerClass: 0,
      dataLock: null,
      pixelsAt: 'memory',

      loadBuiltinDataset: (name) => {
        if (refused()) return;
        dispatch({
          type: 'load',
          source: { kind: 'builtin', name },
          target: BUILTIN_SHAPES[name],
          settingsKey: settingsKey(),
          options: { adopt: true },
        });
      },
      loadFolder: (picked) => {
        if (refused()) return;
        files.fresh = picked;
        // The folder's own choice of shape unless the student set the model's input by hand.
        dispatch({
          type: 'load',
          source: { kind: 'folder', fresh: true },
          target: get().inputSetByHand ? modelTarget() : null,
          settingsKey: settingsKey(),
        });
      },
      reloadDataset: () => {
        if (refused()) return;
        // Asked for explicitly (after a refused memory prompt): start again even at the same shape.
        const machine = get().dataLoader;
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
        const target =
          choice === 'downscale' && prompt.downscale ? { ...prompt.target, ...prompt.downscale } : prompt.target;
        dispatch({
          type: 'load',
          source: job.source,
          target,
          settingsKey: job.settingsKey,
          options: { force: true, adopt: choice === 'downscale' || natural },
        });
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
        set(NOTHING_LOADED);
        clearSaved().catch((e) => get().showDataNotice(`The saved copy could not be removed (${errorText(e)}).`));
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
      showDataNotice: (dataNotice) => set({ dataNotice }),
      pixelsAway: () => set((s) => (s.dataset ? { dataset: withoutPixels(s.dataset), pixelsAt: 'disk' } : {})),
      pixelsReturned: (back) =>
        set(back && back.id === get().dataset?.id ? { dataset: back, pixelsAt: 'memory' } : { pixelsAt: 'memory' }),
      readDatasetImage: (dataset, split, index) => readImage(client, dataset, split, index),
      dismissDataError: () => dispatch({ type: 'dismiss' }),
      restoreDataset: async () => {
        if (get().dataset || get().dataLoader.phase === 'loading') return;
        dispatch({
          type: 'load',
          source: { kind: 'saved' },
          target: null,
          settingsKey: settingsKey(),
          options: { restored: true },
        });
        const { generation } = get().dataLoader;
        await lastJob;
        // Once it is back, the dataset follows the model (which may have changed since it was saved).
        const machine = get().dataLoader;
        if (machine.generation === generation && machine.phase === 'idle' && machine.hasDataset) remake();
      },
    };
  };
