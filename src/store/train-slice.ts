// Training: settings and the live state of the run that is going. The
// lifecycle is the pure machine in train/machine.ts and the launch's steps are
// train/launch.ts; this slice maps the student's intents, the launch's reports
// and the worker's events to machine events and state (batch events arrive
// throttled by the worker; the live curve is thinned so charts stay smooth).
import type { StateCreator } from 'zustand';
import type { ImageDataset } from '../data/types';
import { newJobId } from '../client/client';
import type { ClientDeps } from './deps';
import type { BatchProgress, TrainEvent, TrainOutcome, TrainRequest, WorkerMemory } from '../client/types';
import type { TrainSettings, WorkerFailure } from '../model/run-types';
import type { BackendChoice } from '../model/training';
import type { Architecture } from '../model/layers';
import type { MicroBatchPlan } from '../model/step-memory';
import { DEFAULT_SETTINGS, fineTuneAgain, fineTuneRecord, trainReadiness, type Run } from './train-runs';
import { pixelsInMemory, type PixelsWhileTraining } from '../data/spill-file';
import type { PixelsPlace } from './pixels-away';
import {
  initialTraining,
  isRunning,
  phaseOfEnd,
  trainStateOf,
  trainStep,
  type TrainMachine,
  type TrainMachineEvent,
  type TrainState,
} from './train/machine';
import { failedOutcome, handOver, runJob, type RunReports } from './train/launch';
import { cannotScore, scoreKept } from './train/evaluate';
import { newRun, requestOf } from './train/new-run';
import { settledRun } from './train/settled';
import { invalidFieldsOf } from './drafts-slice';
import { appendBatch, type LivePoint } from './train/live';
import type { LabState } from './index';

export type { TrainState, LivePoint };

const LOCK_REASON = 'Training is running: pause and stop it before changing the model or the data.';

export interface TrainSlice {
  trainSettings: TrainSettings;
  /** The lifecycle (train/machine.ts); trainState and trainMessage mirror it for the components. */
  training: TrainMachine;
  trainState: TrainState;
  /** What "preparing" is doing right now (starting or measuring backends). */
  trainMessage: string | null;
  progress: BatchProgress | null;
  livePoints: LivePoint[];
  trainError: WorkerFailure | null;
  evaluating: boolean;
  /** Cancels the evaluation going on (a new launch does). */
  evaluation: AbortController | null;
  /** tfjs memory in the worker when the current run started and when it ended; how its batches run (whole, or in pieces). */
  workerMemory: { atStart: WorkerMemory | null; atEnd: WorkerMemory | null; pieces?: MicroBatchPlan | null };

  setTrainSettings: (patch: Partial<TrainSettings>) => void;
  /** Starts a run of the current setup or of `options` (the A/B's arms): its id, or null (see trainReadiness). */
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
  /** Another run is shown: the live curve of the last one goes. */
  clearLiveCurve: () => void;
  /** At start-up: the run shown was cut short by a reload. */
  trainInterrupted: (runId: string) => void;
  /** The next `auto` run forgets the remembered backend for its model and measures again. */
  backendRetrial: boolean;
  rerunBackendTrial: () => void;
  /** During "preparing": end the backend trial at once and train on WASM. */
  startOnWasmNow: () => void;
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
  /** The weights to start from, instead of what Model's import chose (fineTuneRequest): {} for fresh ones. */
  fineTune?: Pick<TrainRequest, 'initialWeights' | 'frozen'>;
}

export const createTrainSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], TrainSlice> =>
  (set, get, api) => {
    const dispatch = (event: TrainMachineEvent) => {
      const step = trainStep(get().training, event);
      if (step.state !== get().training)
        set({ training: step.state, trainState: trainStateOf(step.state), trainMessage: step.state.message });
      for (const e of step.effects) void client.control(e.jobId, e.action).catch(() => undefined);
    };
    const updateRun = (id: string, patch: (run: Run) => Partial<Run>) => get().updateRun(id, patch);
    const lock = (on: boolean) => {
      get().setModelLock(on ? LOCK_REASON : null);
      get().setDataLock(on ? LOCK_REASON : null);
    };
    /** Whether an event of this job still sets state (its outcome has not come). */
    const live = (jobId: string) => get().training.jobId === jobId && isRunning(get().training);

    const onEvent = (runId: string, jobId: string) => (event: TrainEvent) => {
      if (get().currentRunId !== runId) return;
      switch (event.type) {
        case 'preparing':
          return dispatch({ type: 'worker', jobId, event: 'preparing', message: event.message });
        case 'backend':
          return updateRun(runId, () => ({ backend: event.info }));
        case 'started':
          if (live(jobId)) set({ workerMemory: { atStart: event.memory, atEnd: null, pieces: event.pieces } });
          return dispatch({ type: 'worker', jobId, event: 'started' });
        case 'batch':
          return set((s) => ({ progress: event.progress, livePoints: appendBatch(s.livePoints, event.progress) }));
        case 'epoch':
          return updateRun(runId, (r) => ({
            epochs: [...r.epochs, event.metrics],
            bestEpoch: event.isBest ? event.metrics.epoch : r.bestEpoch,
          }));
        case 'paused':
        case 'resumed':
          return dispatch({ type: 'worker', jobId, event: event.type });
      }
    };

    /** Scores the run's kept checkpoint on the test split; `evaluating` is already set by the caller. */
    const evaluateRun = async (runId: string) => {
      const { runs, dataset } = get();
      const run = runs.find((r) => r.id === runId);
      const abort = new AbortController();
      try {
        if (!run || !dataset || run.bestEpoch === null) return;
        const refused = cannotScore(run, dataset);
        if (refused) return set({ trainError: refused });
        set({ evaluation: abort, trainError: null });
        const score = await scoreKept(client, run, dataset, abort.signal);
        if (score.ok) updateRun(run.id, () => ({ test: score.test }));
        else set({ trainError: score.failure });
      } catch {
        // Aborted by a new launch, which has reset the evaluation's state.
      } finally {
        if (!get().evaluation || get().evaluation === abort) set({ evaluating: false, evaluation: null });
      }
    };

    const finish = (runId: string, jobId: string, outcome: TrainOutcome) => {
      lock(false);
      const { launchedAt } = get().training;
      const seconds = get().training.jobId === jobId && launchedAt ? (Date.now() - launchedAt) / 1000 : 0;
      dispatch({ type: 'outcome', jobId, end: outcome.end });
      // As the textbook does after fit(): score the kept checkpoint on the test split. Set before the run's end,
      // so awaitRun waits for the score.
      const d = get().dataset;
      const score = phaseOfEnd(outcome.end) === 'done' && !!d?.test.count && pixelsInMemory(d);
      set((s) => ({
        trainError: outcome.failure ?? null,
        workerMemory: { ...s.workerMemory, atEnd: outcome.memory ?? null },
        ...(score ? { evaluating: true } : {}),
      }));
      updateRun(runId, (r) => ({
        end: outcome.end,
        failure: outcome.failure ?? null,
        bestEpoch: outcome.bestEpoch ?? r.bestEpoch,
        durationSeconds: (r.durationSeconds ?? 0) + seconds,
      }));
      if (score) void evaluateRun(runId);
    };

    const launch = (
      run: Run,
      dataset: ImageDataset,
      resumeFromEpoch?: number,
      fineTune: Pick<TrainRequest, 'initialWeights' | 'frozen'> = {}, // from an imported run's weights
    ) => {
      get().evaluation?.abort();
      lock(true);
      get().setCurrentRun(run.id);
      const jobId = newJobId();
      dispatch({ type: 'launch', runId: run.id, jobId, at: Date.now() });
      set({ trainError: null, progress: null, evaluating: false, evaluation: null });
      const freshBackendTrial = get().backendRetrial && run.settings.backend === 'auto';
      if (freshBackendTrial) set({ backendRetrial: false });
      const request = {
        ...requestOf(run, resumeFromEpoch),
        datasetId: dataset.id,
        ...(freshBackendTrial ? { freshBackendTrial } : {}),
        ...fineTune,
        pixelsWhileTraining: get().pixelsWhileTraining, // a base's features follow the pixels' rule
      };
      // No closure here holds `dataset`: once its pixels are on disk, the page keeps no view of them.
      const step = (message: string) => dispatch({ type: 'step', jobId, message });
      void handOver(client, dataset, get().pixelsWhileTraining, step)
        .then(
          (place) => {
            set({ pixelsPlace: place });
            if (place.at === 'disk') get().pixelsAway();
            return runJob(client, { request, jobId, place }, reports(run.id, jobId));
          },
          (e: unknown) => ({ outcome: failedOutcome(e, resumeFromEpoch ?? 0), lostPixels: null }),
        )
        .then(({ outcome, lostPixels }) => {
          finish(run.id, jobId, outcome);
          if (lostPixels) {
            get().reloadDataset();
            get().showDataNotice(lostPixels);
          }
        });
    };
    const reports = (runId: string, jobId: string): RunReports => ({
      sent: () => dispatch({ type: 'sent', jobId }),
      event: onEvent(runId, jobId),
      current: () => get().dataset,
      back: (dataset) => get().pixelsReturned(dataset),
    });

    return {
      trainSettings: DEFAULT_SETTINGS,
      training: initialTraining(),
      trainState: 'idle',
      trainMessage: null,
      progress: null,
      livePoints: [],
      trainError: null,
      evaluating: false,
      evaluation: null,
      workerMemory: { atStart: null, atEnd: null },

      setTrainSettings: (patch) => set((s) => ({ trainSettings: { ...s.trainSettings, ...patch } })),

      startTraining: (options = {}) => {
        const { dataset, splitSeed, splitFractions, maxPerClass } = get();
        if (isRunning(get().training)) return null;
        const arch = options.arch ?? get().arch;
        const ready = trainReadiness(arch, dataset, invalidFieldsOf(get()));
        if (!ready.ok || !dataset) return null;
        const fineTune = options.fineTune ?? get().fineTuneRequest();
        const run = newRun({
          arch,
          loss: ready.loss,
          settings: { ...get().trainSettings, ...options.settings },
          dataset,
          split: { seed: splitSeed, fractions: splitFractions, maxPerClass },
          ...fineTuneRecord(fineTune),
          ...(options.ab ? { ab: options.ab } : {}),
        });
        // Runs are kept for good (IndexedDB, runsPersist.ts); the student deletes them in Runs, checkpoints with them.
        get().addRun(run);
        set({ livePoints: [] });
        launch(run, dataset, undefined, fineTune);
        return run.id;
      },

      awaitRun: (runId) => settledRun(api, runId),

      pauseTraining: () => dispatch({ type: 'ask', action: 'pause' }),
      resumeTraining: () => dispatch({ type: 'ask', action: 'resume' }),
      stopTraining: () => dispatch({ type: 'ask', action: 'stop' }),
      startOnWasmNow: () => dispatch({ type: 'ask', action: 'wasm-now' }),
      clearLiveCurve: () => set({ livePoints: [] }),
      trainInterrupted: (runId) => dispatch({ type: 'interrupted', runId }),

      continueTraining: (backend) => {
        const { runs, currentRunId, dataset } = get();
        const run = runs.find((r) => r.id === currentRunId);
        if (!run || !dataset || dataset.id !== run.dataset.id || isRunning(get().training)) return;
        const settings = { ...run.settings, backend };
        set((s) => ({ trainSettings: { ...s.trainSettings, backend } }));
        // A continued run is no longer "interrupted by a reload".
        updateRun(run.id, () => ({ settings, end: null, failure: null, interrupted: false }));
        // Drop the partial curve of the unfinished epoch; finished epochs stay.
        set((s) => ({ livePoints: s.livePoints.filter((p) => p.x <= run.epochs.length) }));
        // A fine-tuned run continues with its layers still frozen (the worker uses initialWeights only before epoch 1).
        const resume = run.epochs.length > 0 ? run.epochs.length : undefined;
        launch({ ...run, settings }, dataset, resume, fineTuneAgain(run));
      },

      evaluateBest: async () => {
        const { currentRunId, evaluating } = get();
        if (!currentRunId || evaluating || isRunning(get().training)) return;
        set({ evaluating: true });
        await evaluateRun(currentRunId);
      },

      dismissTrainError: () => set({ trainError: null }),

      backendRetrial: false,
      rerunBackendTrial: () => set({ backendRetrial: true }),
      pixelsWhileTraining: 'auto',
      setPixelsWhileTraining: (mode) => set({ pixelsWhileTraining: mode }),
      pixelsPlace: null,
    };
  };
