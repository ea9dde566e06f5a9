// Training: settings, the runs, and the live state of the one that is going.
// Talks to the training worker through the shared client; worker events become
// store updates (batch events arrive throttled by the worker, and the live
// curve is thinned so charts stay smooth however long the run).
import type { StateCreator } from 'zustand';
import type { ImageDataset } from '../data/types';
import { newJobId, trainClient, WorkerCrashedError } from '../client/client';
import type { BackendChoice } from '../model/training';
import type { BatchProgress, TrainEvent, TrainOutcome, TrainRequest, WorkerMemory } from '../client/types';
import type { TrainSettings, WorkerFailure } from '../model/run-types';
import type { Architecture } from '../model/layers';
import type { MicroBatchPlan } from '../model/step-memory';
import { DEFAULT_SETTINGS, newRunId, trainReadiness, type Run } from './trainRuns';
import { pixelByteCount, pixelsInMemory, wantsDisk, type PixelsWhileTraining } from '../data/spill-file';
import { bringPixelsBack, sendPixelsAway, type PixelsPlace } from './pixelsAway';
import type { LabState } from './index';
import { invalidFieldsOf } from './draftsSlice';

export type TrainState = 'idle' | 'preparing' | 'training' | 'paused' | 'done' | 'stopped' | 'error';

/** One point of the smoothed per-batch training curve; x is in epochs (1.5 = halfway through epoch 2). */
export interface LivePoint {
  x: number;
  loss: number;
  accuracy: number;
}

const MAX_LIVE_POINTS = 200;
const LOCK_REASON = 'Training is running: pause and stop it before changing the model or the data.';

export interface TrainSlice {
  trainSettings: TrainSettings;
  trainState: TrainState;
  /** What "preparing" is doing right now (starting or measuring backends). */
  trainMessage: string | null;
  progress: BatchProgress | null;
  livePoints: LivePoint[];
  trainError: WorkerFailure | null;
  evaluating: boolean;
  /** tfjs memory in the worker when the current run started and when it ended; how its batches run (whole, or in pieces). */
  workerMemory: { atStart: WorkerMemory | null; atEnd: WorkerMemory | null; pieces?: MicroBatchPlan | null };

  setTrainSettings: (patch: Partial<TrainSettings>) => void;
  /**
   * Starts a run of the current setup, or of `options.arch` / settings (the A/B's two runs);
   * returns its id, or null when training cannot start (see trainReadiness).
   */
  startTraining: (options?: StartOptions) => string | null;
  /** Resolves once the run has ended and its kept checkpoint was scored on the test split (null if unknown). */
  awaitRun: (runId: string) => Promise<Run | null>;
  pauseTraining: () => void;
  resumeTraining: () => void;
  stopTraining: () => void;
  /** After a failure: go on from the last finished epoch on another backend. */
  continueTraining: (backend: BackendChoice) => void;
  evaluateBest: () => Promise<void>;
  dismissTrainError: () => void;
  // --- backend trial (issue 10.1) ---
  /** The next `auto` run forgets the remembered backend for its model and measures again. */
  backendRetrial: boolean;
  rerunBackendTrial: () => void;
  /** During "preparing": end the backend trial at once and train on WASM. */
  startOnWasmNow: () => void;
  // --- pixels on disk while training (issue 14.4) ---
  /** Where a run keeps the pixels: `auto` on disk from PIXELS_ON_DISK_FROM bytes (src/data/spill-file.ts). */
  pixelsWhileTraining: PixelsWhileTraining;
  setPixelsWhileTraining: (mode: PixelsWhileTraining) => void;
  /** Where the current (or last) run kept them, and why memory when disk was asked for. */
  pixelsPlace: (PixelsPlace & { bytes: number }) | null;
}

export interface StartOptions {
  arch?: Architecture;
  settings?: Partial<TrainSettings>;
  ab?: Run['ab'];
}

/** Tests swap in a fake worker client (kept here too, where the store tests always found it). */
export { setTrainClientFactory } from '../client/client';
const worker = trainClient;

/** Keeps every other point once the curve gets long: same shape, bounded cost. */
function appendThinned(points: LivePoint[], p: LivePoint): LivePoint[] {
  const next = [...points, p];
  return next.length > MAX_LIVE_POINTS ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

const crashFailure = (e: unknown): WorkerFailure =>
  e instanceof WorkerCrashedError
    ? {
        kind: 'crashed',
        message: `${e.message} (often out of memory).`,
        fix: 'Continue on another backend, or use a smaller batch size or model. The kept checkpoint is safe.',
      }
    : {
        kind: 'unknown',
        message: `Training failed: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'Try again, or continue on another backend.',
      };

/** Events that set the training state (ignored once the job's outcome is in). */
const STATE_EVENTS: ReadonlySet<TrainEvent['type']> = new Set<TrainEvent['type']>([
  'preparing',
  'started',
  'paused',
  'resumed',
]);

export const createTrainSlice: StateCreator<LabState, [], [], TrainSlice> = (set, get) => {
  let jobId: string | null = null;
  let evaluation: AbortController | null = null;
  /** "Start on WASM now" pressed before the worker had the job: sent as soon as it does. */
  let wasmNowPending = false;
  /** Waiters of awaitRun, and when the current launch started (for the run's duration). */
  const settled = new Map<string, ((run: Run | null) => void)[]>();
  let launchedAt = 0;
  /** Set when a run's pixels could not come back from disk: the dataset is then made again. */
  let lostPixels: string | null = null;
  const settle = (runId: string) => {
    const run = get().runs.find((r) => r.id === runId) ?? null;
    for (const resolve of settled.get(runId) ?? []) resolve(run);
    settled.delete(runId);
  };

  const updateRun = (id: string, patch: (run: Run) => Partial<Run>) => get().updateRun(id, patch);
  const lock = (on: boolean) => {
    get().setModelLock(on ? LOCK_REASON : null);
    get().setDataLock(on ? LOCK_REASON : null);
  };

  // `job.over`: the job's outcome has arrived. Its events come through another port than its result
  // (a comlink proxy), so one may arrive after it: a late 'started' turned a run that had failed with
  // NaN back to "Training" (seen once in e2e). After the outcome, events still bring data (an epoch,
  // the backend) but no longer change the training state.
  const onEvent = (runId: string, job: { over: boolean }) => (event: TrainEvent) => {
    if (get().currentRunId !== runId) return;
    if (job.over && STATE_EVENTS.has(event.type)) return;
    switch (event.type) {
      case 'preparing':
        return set({ trainState: 'preparing', trainMessage: event.message });
      case 'backend':
        return updateRun(runId, () => ({ backend: event.info }));
      case 'started':
        return set((s) => ({
          trainState: s.trainState === 'paused' ? 'paused' : 'training',
          trainMessage: null,
          workerMemory: { atStart: event.memory, atEnd: null, pieces: event.pieces },
        }));
      case 'batch': {
        const p = event.progress;
        return set((s) => ({
          progress: p,
          livePoints: appendThinned(s.livePoints, {
            x: p.epoch - 1 + p.batch / p.batchesPerEpoch,
            loss: p.loss,
            accuracy: p.accuracy,
          }),
        }));
      }
      case 'epoch':
        return updateRun(runId, (r) => ({
          epochs: [...r.epochs, event.metrics],
          bestEpoch: event.isBest ? event.metrics.epoch : r.bestEpoch,
        }));
      case 'paused':
        return set({ trainState: 'paused' });
      case 'resumed':
        return set({ trainState: 'training' });
    }
  };

  const finish = (runId: string, outcome: TrainOutcome) => {
    jobId = null;
    lock(false);
    const seconds = launchedAt ? (Date.now() - launchedAt) / 1000 : 0;
    updateRun(runId, (r) => ({
      end: outcome.end,
      failure: outcome.failure ?? null,
      bestEpoch: outcome.bestEpoch ?? r.bestEpoch,
      durationSeconds: (r.durationSeconds ?? 0) + seconds,
    }));
    const state: TrainState =
      outcome.end === 'done' || outcome.end === 'early-stopped'
        ? 'done'
        : outcome.end === 'stopped'
          ? 'stopped'
          : 'error';
    set((s) => ({
      trainState: state,
      trainError: outcome.failure ?? null,
      trainMessage: null,
      workerMemory: { ...s.workerMemory, atEnd: outcome.memory ?? null },
    }));
    // As the textbook does after fit(): score the kept checkpoint on the test split.
    const d = get().dataset;
    if (state === 'done' && d?.test.count && pixelsInMemory(d))
      void get()
        .evaluateBest()
        .finally(() => settle(runId));
    else settle(runId);
  };

  // (model io, issue 13) fineTune: start from an imported run's weights, with frozen layers.
  const launch = (
    run: Run,
    dataset: ImageDataset,
    resumeFromEpoch?: number,
    fineTune: Pick<TrainRequest, 'initialWeights' | 'frozen'> = {},
  ) => {
    evaluation?.abort();
    lock(true);
    get().setCurrentRun(run.id);
    set({
      trainState: 'preparing',
      trainMessage: 'Sending the data to the training worker…',
      trainError: null,
      progress: null,
      evaluating: false,
    });
    const freshBackendTrial = get().backendRetrial && run.settings.backend === 'auto';
    if (freshBackendTrial) set({ backendRetrial: false });
    wasmNowPending = false;
    launchedAt = Date.now();
    const w = worker();
    const job = { over: false };
    let place: PixelsPlace = { at: 'memory', why: null };
    // The pixels back in memory before the outcome unlocks the data (a failure to: made again from the source).
    const pixelsBack = async () => {
      if (place.at !== 'disk') return;
      const layout = place.layout;
      place = { at: 'memory', why: null };
      try {
        await bringPixelsBack(w, dataset, layout);
      } catch (e) {
        lostPixels = `The pixels kept on disk for the run could not be read back (${e instanceof Error ? e.message : String(e)}), so the dataset is being made again from its source.`;
      }
      set({ pixelsAt: 'memory' });
    };
    void (async () => {
      try {
        await w.setDataset(dataset);
        const mode = get().pixelsWhileTraining;
        if (wantsDisk(dataset, mode))
          set({ trainMessage: 'Writing the pixels to disk for the run, to keep memory free…' });
        place = await sendPixelsAway(w, dataset, mode);
        set({ pixelsAt: place.at, pixelsPlace: { ...place, bytes: pixelByteCount(dataset) } });
        // Our own job id, so pause, resume and "start on WASM now" reach this job through control(); stop
        // does too (it ends with the 'stopped' outcome, not an abort).
        const id = newJobId();
        jobId = id;
        const done = w.train(
          {
            runId: run.id,
            arch: run.arch,
            loss: run.loss,
            settings: run.settings,
            datasetId: dataset.id,
            resumeFromEpoch,
            ...(freshBackendTrial ? { freshBackendTrial } : {}),
            ...fineTune,
          },
          onEvent(run.id, job),
          { jobId: id },
        );
        // Pressed while the data was still on its way: sent right after the job, which the worker then knows.
        if (wasmNowPending) control('wasm-now');
        const outcome = await done;
        job.over = true;
        await pixelsBack();
        finish(run.id, outcome);
      } catch (e) {
        job.over = true;
        await pixelsBack();
        finish(run.id, { end: 'failed', epochsDone: run.epochs.length, bestEpoch: null, failure: crashFailure(e) });
      }
      if (lostPixels) {
        const notice = lostPixels;
        lostPixels = null;
        get().reloadDataset();
        set({ dataNotice: notice });
      }
    })();
  };

  const control = (action: 'pause' | 'resume' | 'stop' | 'wasm-now') => {
    if (jobId)
      void worker()
        .control(jobId, action)
        .catch(() => undefined);
  };

  return {
    trainSettings: DEFAULT_SETTINGS,
    trainState: 'idle',
    trainMessage: null,
    progress: null,
    livePoints: [],
    trainError: null,
    evaluating: false,
    workerMemory: { atStart: null, atEnd: null },

    setTrainSettings: (patch) => set((s) => ({ trainSettings: { ...s.trainSettings, ...patch } })),

    startTraining: (options = {}) => {
      const { dataset, trainState, splitSeed, splitFractions, maxPerClass } = get();
      if (trainState === 'preparing' || trainState === 'training' || trainState === 'paused') return null;
      const arch = options.arch ?? get().arch;
      const ready = trainReadiness(arch, dataset, invalidFieldsOf(get()));
      if (!ready.ok || !dataset) return null;
      const fineTune = get().fineTuneRequest(); // (model io, issue 13)
      const run: Run = {
        ...(fineTune.initialWeights
          ? { fineTune: { fromRunId: fineTune.initialWeights.runId, frozen: fineTune.frozen ?? [] } }
          : {}),
        id: newRunId(),
        createdAt: Date.now(),
        arch,
        loss: ready.loss,
        settings: { ...get().trainSettings, ...options.settings },
        // What is needed to get the same data again, and to say which data a run needs once it is gone.
        dataset: {
          id: dataset.id,
          name: dataset.name,
          classNames: dataset.classNames,
          counts: { train: dataset.train.count, val: dataset.val.count, test: dataset.test.count },
          source: dataset.source,
          input: { height: dataset.height, width: dataset.width, channels: dataset.channels },
          split: { seed: splitSeed, fractions: splitFractions, maxPerClass },
        },
        epochs: [],
        bestEpoch: null,
        test: null,
        backend: null,
        end: null,
        failure: null,
        ...(options.ab ? { ab: options.ab, name: `${options.ab.name}: ${options.ab.label}` } : {}),
      };
      // Runs are kept for good (IndexedDB, runsPersist.ts); the student deletes them in Runs, checkpoints with them.
      get().addRun(run);
      set({ livePoints: [] });
      launch(run, dataset, undefined, fineTune);
      return run.id;
    },

    awaitRun: (runId) => {
      const run = get().runs.find((r) => r.id === runId);
      if (!run) return Promise.resolve(null);
      if (run.end !== null && !(get().currentRunId === runId && get().evaluating)) return Promise.resolve(run);
      return new Promise((resolve) => settled.set(runId, [...(settled.get(runId) ?? []), resolve]));
    },

    pauseTraining: () => {
      if (get().trainState === 'training') control('pause');
    },
    resumeTraining: () => {
      if (get().trainState === 'paused') control('resume');
    },
    stopTraining: () => {
      const s = get().trainState;
      if (s === 'training' || s === 'paused' || s === 'preparing') control('stop');
    },

    continueTraining: (backend) => {
      const { runs, currentRunId, dataset } = get();
      const run = runs.find((r) => r.id === currentRunId);
      if (!run || !dataset || dataset.id !== run.dataset.id || jobId) return;
      const settings = { ...run.settings, backend };
      set((s) => ({ trainSettings: { ...s.trainSettings, backend } }));
      // (charts) A continued run is no longer "interrupted by a reload".
      updateRun(run.id, () => ({ settings, end: null, failure: null, interrupted: false }));
      // Drop the partial curve of the unfinished epoch; finished epochs stay.
      set((s) => ({ livePoints: s.livePoints.filter((p) => p.x <= run.epochs.length) }));
      // (model io, issue 13) A fine-tuned run continues with its layers still frozen (the worker uses initialWeights only before epoch 1).
      const fineTune = run.fineTune
        ? { initialWeights: { runId: run.fineTune.fromRunId, which: 'best' as const }, frozen: run.fineTune.frozen }
        : {};
      launch({ ...run, settings }, dataset, run.epochs.length > 0 ? run.epochs.length : undefined, fineTune);
    },

    evaluateBest: async () => {
      const { runs, currentRunId, dataset, evaluating } = get();
      const run = runs.find((r) => r.id === currentRunId);
      if (!run || !dataset || run.bestEpoch === null || evaluating || jobId) return;
      if (dataset.id !== run.dataset.id) {
        set({
          trainError: {
            kind: 'data',
            message: `This run was trained on "${run.dataset.name}", which is not the dataset loaded now.`,
            fix: `Load "${run.dataset.name}" again in Data to evaluate it.`,
          },
        });
        return;
      }
      evaluation = new AbortController();
      set({ evaluating: true, trainError: null });
      try {
        const w = worker();
        await w.setDataset(dataset);
        const answer = await w.evaluate(
          {
            runId: run.id,
            arch: run.arch,
            loss: run.loss,
            datasetId: dataset.id,
            split: 'test',
            batchSize: run.settings.batchSize,
            backend: run.backend?.name ?? run.settings.backend,
          },
          { signal: evaluation.signal },
        );
        if (answer.ok) updateRun(run.id, () => ({ test: answer.result }));
        else set({ trainError: answer.failure });
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'AbortError')) set({ trainError: crashFailure(e) });
      } finally {
        evaluation = null;
        set({ evaluating: false });
      }
    },

    dismissTrainError: () => set({ trainError: null }),

    backendRetrial: false,
    rerunBackendTrial: () => set({ backendRetrial: true }),
    pixelsWhileTraining: 'auto',
    setPixelsWhileTraining: (mode) => set({ pixelsWhileTraining: mode }),
    pixelsPlace: null,
    startOnWasmNow: () => {
      if (get().trainState !== 'preparing') return;
      if (jobId) control('wasm-now');
      else wasmNowPending = true;
    },
  };
};
