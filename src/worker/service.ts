// The worker's side of the protocol: one Session (session.ts) holding the dataset, the active backend and
// the current model between calls, and the API's entries put together from files of one concern each:
// the long jobs (service-train.ts), short questions about a model (service-questions.ts), what the worker
// keeps (service-store.ts), Inspect (service-inspect.ts), model files (service-io.ts), pixels on disk
// (service-pixels.ts) and pretrained bases' weight files (service-bases.ts). Plain functions and state, so
// it also runs under Vitest (train.worker.ts only exposes it).
import type { CheckpointStore } from './checkpoints';
import { wasmKernelThreads } from './backend-start';
import { defaultBackendMemory, type BackendMemory } from './backend-memory';
import type { KernelThreadControl } from './kernel-threads';
import { memorySnapshots, type SnapshotStore } from './inspect/snapshot-store';
import type { TrainWorkerApi } from './protocol';
import { Session } from './session';
import { baseEntries } from './service-bases';
import { inspectEntries } from './service-inspect';
import { modelIoEntries } from './service-io';
import { pixelEntries } from './service-pixels';
import { projectEntries } from './service-project';
import { questionEntries } from './service-questions';
import { storeEntries } from './service-store';
import { trainEntries } from './service-train';
import type { SpillStore } from './spill';
import { opfsFeatureDisk, type FeatureDisk } from './feature-keep';

export interface ServiceOptions {
  checkpoints: CheckpointStore;
  /** Batch events are sent at most this often (epoch ends always are). */
  batchEventIntervalMs?: number;
  now?: () => number;
  /** Where `auto` remembers its choice (default: IndexedDB in the worker). */
  backendMemory?: BackendMemory;
  /** The lab's WASM kernel threads, measured on each WASM run's first steps (default: the real pool, once WASM is up). */
  kernelThreads?: () => KernelThreadControl | null;
  /** Where each run's epoch snapshots are kept (default: memory only). */
  snapshots?: SnapshotStore;
  /** Where a run's pixels wait on disk: the Origin Private File System in the worker; null where there is none. */
  spills?: SpillStore | null;
  /** Where fast feature extraction's features may wait on disk (default: OPFS where the worker has it). */
  featureDisk?: FeatureDisk;
}

export function createTrainService(options: ServiceOptions): TrainWorkerApi {
  const session = new Session({
    checkpoints: options.checkpoints,
    snapshots: options.snapshots ?? memorySnapshots(),
    backendMemory: options.backendMemory ?? defaultBackendMemory(),
    kernelThreads: options.kernelThreads ?? wasmKernelThreads,
  });
  const pixels = pixelEntries(session, options.spills ?? null);
  return {
    ...storeEntries(session, pixels.forget),
    ...trainEntries(session, {
      batchEventIntervalMs: options.batchEventIntervalMs ?? 200,
      now: options.now ?? (() => performance.now()),
      featureDisk: options.featureDisk ?? opfsFeatureDisk(),
    }),
    ...questionEntries(session),
    ...inspectEntries(session),
    ...modelIoEntries(session),
    ...pixels.api,
    ...baseEntries(() => session.readyBackend('Used to read a TensorFlow.js base.')),
    ...projectEntries(session),
  };
}
