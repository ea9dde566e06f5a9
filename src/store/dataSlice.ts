// The loaded dataset and how it was made. Loading never replaces the current
// dataset until the new one is complete: a cancel or a failure keeps it.
// Pixels never go to localStorage; the dataset is kept in IndexedDB.
import type { StateCreator } from 'zustand';
import { healthReport, type HealthIssue } from '../data/health';
import { decodeFolder, loadBuiltin, planFolder, resplit, type FolderPlan, type Loaded, type Phase } from '../data/ingest';
import { datasetBytes, downscaleToFit, memoryBudget } from '../data/memory';
import { clearSaved, loadSavedDataset, loadSavedFiles, saveDataset, saveErrorMessage } from '../data/persist';
import { classCounts, type SplitItems } from '../data/pool';
import type { SkippedFile } from '../data/skip';
import type { BuiltinName, DataSource, FolderFile, LoadSettings, Target } from '../data/source';
import { checkFractions, DEFAULT_FRACTIONS, DEFAULT_SEED, type SplitFractions } from '../data/split';
import type { ImageDataset } from '../data/types';
import { SHAPES_NATIVE } from '../data/shapes';
import type { LabState } from './index';

export type DataState = 'empty' | 'loading' | 'ready' | 'error';

export interface DataProgress { phase: Phase | 'restoring'; done: number; total: number; label: string; bytes: number | null }
export interface DataError { message: string; tree: string | null }
/** A folder too large for memory at the model's input size: the student chooses. */
export interface MemoryPrompt { count: number; bytes: number; budget: number; target: Target; downscale: { height: number; width: number } | null }

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
const PHASE_LABEL: Record<DataProgress['phase'], string> = { reading: 'Reading', decoding: 'Decoding and resizing', generating: 'Drawing shapes', restoring: 'Restoring the saved dataset' };
const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const createDataSlice: StateCreator<LabState, [], [], DataSlice> = (set, get) => {
  // The current folder's files (in memory, or read back from IndexedDB), to decode again later.
  let folderFiles: FolderFile[] | null = null;
  let generation = 0;
  let controller: AbortController | null = null;
  let pendingPlan: { files: FolderFile[]; plan: Extract<FolderPlan, { ok: true }> } | null = null;

  const settings = (): LoadSettings => ({ seed: get().splitSeed, fractions: get().splitFractions, maxPerClass: get().maxPerClass });
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
  const settle = () => set({ dataState: get().dataset ? 'ready' : 'empty', dataProgress: null });
  const start = (label: string): { id: number; signal: AbortSignal } => {
    controller?.abort();
    controller = new AbortController();
    generation += 1;
    set({ dataState: 'loading', dataError: null, dataNotice: null, memoryPrompt: null, dataProgress: { phase: 'reading', done: 0, total: 0, label, bytes: null } });
    return { id: generation, signal: controller.signal };
  };
  const progress = (id: number, bytesPerImage: number) => (phase: Phase, done: number, total: number) => {
    if (id === generation) set({ dataProgress: { phase, done, total, label: PHASE_LABEL[phase], bytes: total * bytesPerImage } });
  };
  const fail = (id: number, e: unknown, tree: string | null = null) => {
    if (id !== generation) return;
    if (isAbort(e)) return settle();
    set({ dataState: 'error', dataProgress: null, dataError: { message: errorText(e), tree } });
  };

  /** `files`: the folder's files to keep, or 'keep' to leave the saved ones as they are. */
  const persistCurrent = async (files: FolderFile[] | 'keep') => {
    const { dataset, dataItems, skipped, dataSource } = get();
    if (!dataset || !dataItems || !dataSource) return;
    const folder = dataSource.kind === 'folder';
    try {
      // Built-ins are made again on restore; only folders keep pixels and files.
      await saveDataset(
        { dataset: folder ? dataset : null, items: folder ? dataItems : null, skipped, source: dataSource, settings: settings(), target: { height: dataset.height, width: dataset.width, channels: dataset.channels } },
        folder ? (files === 'keep' ? undefined : files) : null,
      );
    } catch (e) {
      set({ dataNotice: saveErrorMessage(e) });
    }
  };

  /** `adoptShape`: the model takes the dataset's image shape (a newly chosen built-in, or a downscale the student accepted). */
  const accept = (id: number, loaded: Loaded, files: FolderFile[] | null, adoptShape = false) => {
    if (id !== generation) return;
    const { dataset, items } = loaded.built;
    folderFiles = files;
    set({
      dataset,
      dataItems: items,
      dataSource: loaded.source,
      skipped: loaded.skipped,
      health: healthReport(dataset.classNames, classCounts(dataset), items),
      dataState: 'ready',
      dataProgress: null,
      dataError: null,
    });
    const input = get().arch.input;
    if (adoptShape && (input.height !== dataset.height || input.width !== dataset.width || input.channels !== dataset.channels)) {
      get().setInputShape({ height: dataset.height, width: dataset.width, channels: dataset.channels });
    }
    get().setNumClasses(dataset.classNames.length);
    void persistCurrent(files ?? 'keep');
  };

  const runBuiltin = (name: BuiltinName, target: Target, adoptShape = false) => {
    const { id, signal } = start(PHASE_LABEL.reading);
    const bytesPer = target.height * target.width * target.channels;
    loadBuiltin(name, target, settings(), progress(id, bytesPer), signal).then((loaded) => accept(id, loaded, null, adoptShape), (e) => fail(id, e));
  };

  const decodePlanned = (files: FolderFile[], plan: Extract<FolderPlan, { ok: true }>, target: Target, adoptShape = false) => {
    const { id, signal } = start(PHASE_LABEL.decoding);
    set({ skipped: plan.layout.skipped });
    const bytesPer = target.height * target.width * target.channels;
    decodeFolder(files, plan, target, settings(), progress(id, bytesPer), signal).then((loaded) => accept(id, loaded, files, adoptShape), (e) => fail(id, e));
  };

  const runFolder = (files: FolderFile[]) => {
    const plan = planFolder(files, settings());
    if (!plan.ok) {
      const { id } = start(PHASE_LABEL.reading);
      set({ skipped: plan.skipped });
      return fail(id, new Error(plan.error), plan.expectedTree);
    }
    const target = modelTarget();
    const count = plan.kept.length;
    const bytes = datasetBytes(count, target.height, target.width, target.channels);
    const budget = memoryBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory);
    if (bytes > budget) {
      pendingPlan = { files, plan };
      return set({ dataState: get().dataset ? 'ready' : 'empty', memoryPrompt: { count, bytes, budget, target, downscale: downscaleToFit(count, target.height, target.width, target.channels, budget) } });
    }
    decodePlanned(files, plan, target);
  };

  /** Makes the dataset again from its source: new input size, cap or seed. */
  const remake = async () => {
    const source = get().dataSource;
    if (!source) return;
    if (source.kind === 'builtin') return runBuiltin(source.builtin, modelTarget());
    if (!folderFiles) {
      set({ dataState: 'loading' });
      folderFiles = await loadSavedFiles().catch(() => null);
    }
    if (folderFiles) runFolder(folderFiles);
    else set({ dataState: 'error', dataError: { message: 'The original image files are no longer available. Pick the folder again.', tree: null } });
  };

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
      runBuiltin(name, BUILTIN_SHAPE[name], true);
    },
    loadFolder: (files) => {
      if (refused()) return;
      runFolder(files);
    },
    reloadDataset: () => {
      if (!refused()) void remake();
    },
    answerMemoryPrompt: (choice) => {
      const prompt = get().memoryPrompt;
      const pending = pendingPlan;
      pendingPlan = null;
      set({ memoryPrompt: null });
      if (!prompt || !pending || choice === 'cancel') return;
      if (choice === 'downscale' && prompt.downscale) {
        return decodePlanned(pending.files, pending.plan, { ...prompt.target, ...prompt.downscale }, true);
      }
      if (choice === 'anyway') decodePlanned(pending.files, pending.plan, prompt.target);
    },
    cancelLoading: () => {
      controller?.abort();
      controller = null;
      generation += 1;
      pendingPlan = null;
      set({ memoryPrompt: null });
      settle();
    },
    clearDataset: () => {
      if (refused()) return;
      controller?.abort();
      generation += 1;
      folderFiles = null;
      set({ dataset: null, dataItems: null, dataSource: null, skipped: [], health: [], dataState: 'empty', dataProgress: null, dataError: null, dataNotice: null, memoryPrompt: null });
      clearSaved().catch((e) => set({ dataNotice: `The saved copy could not be removed (${errorText(e)}).` }));
    },
    setSplitSeed: (seed) => {
      if (refused() || !Number.isInteger(seed)) return;
      set({ splitSeed: seed });
      const { dataset, dataItems, maxPerClass, dataState } = get();
      if (dataState === 'loading') return void remake();
      // With a cap, the seed also chooses which images are kept: make it again.
      if (dataset && dataItems && maxPerClass > 0) return void remake();
      if (dataset && dataItems) applyResplit(dataset, dataItems);
    },
    setSplitFractions: (fractions) => {
      if (refused() || checkFractions(fractions)) return;
      set({ splitFractions: fractions });
      const { dataset, dataItems, dataState } = get();
      if (dataState === 'loading') return void remake();
      if (dataset && dataItems) applyResplit(dataset, dataItems);
    },
    setMaxPerClass: (n) => {
      if (refused()) return;
      const max = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
      if (max === get().maxPerClass) return;
      set({ maxPerClass: max });
      if (get().dataSource) {
        set({ dataState: 'loading' }); // at once, so "ready" always means the new cap
        void remake();
      }
    },
    setDataLock: (reason) => set({ dataLock: reason, dataNotice: reason ? get().dataNotice : null }),
    dismissDataError: () => set({ dataError: null, dataState: get().dataset ? 'ready' : 'empty' }),
    restoreDataset: async () => {
      if (get().dataset || get().dataState === 'loading') return;
      const { id } = start(PHASE_LABEL.restoring);
      set({ dataProgress: { phase: 'restoring', done: 0, total: 0, label: PHASE_LABEL.restoring, bytes: null } });
      const saved = await loadSavedDataset().catch(() => null);
      if (id !== generation) return; // the student started another load meanwhile
      if (!saved) return settle();
      set({ splitSeed: saved.settings.seed, splitFractions: saved.settings.fractions, maxPerClass: saved.settings.maxPerClass, dataSource: saved.source });
      if (saved.source.kind === 'builtin') return runBuiltin(saved.source.builtin, saved.target);
      if (!saved.dataset || !saved.items) return settle();
      const { dataset, items } = saved;
      set({ dataset, dataItems: items, skipped: saved.skipped, health: healthReport(dataset.classNames, classCounts(dataset), items), dataState: 'ready', dataProgress: null });
    },
  };

  function applyResplit(dataset: ImageDataset, items: SplitItems) {
    const { dataset: next, items: nextItems } = resplit(dataset, items, settings());
    set({ dataset: next, dataItems: nextItems, health: healthReport(next.classNames, classCounts(next), nextItems) });
    void persistCurrent(folderFiles ?? 'keep');
  }
};
