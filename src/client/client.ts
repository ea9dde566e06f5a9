// The main thread's one handle on the training worker, shared by every store
// slice: a bridge derived from TrainWorkerApi (bridge.ts), started lazily.
// Its only special case: the dataset is sent once per worker (a resend of the
// same dataset object is skipped; a fresh worker after a crash gets it again).
// Imports no tfjs.
import { createBridge, type Bridge } from './bridge';
import { LONG_CALLS, type TrainWorkerApi } from '../worker/protocol';

export { WorkerCrashedError, newJobId, type CallOptions } from './bridge';

export type TrainClient = Bridge<TrainWorkerApi>;

const startWorker = () =>
  new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module', name: 'train' });

export function createTrainClient(makeWorker: () => Worker = startWorker): TrainClient {
  return createBridge<TrainWorkerApi>(makeWorker, {
    longCalls: LONG_CALLS,
    stop: (remote, jobId) => remote.control(jobId, 'stop'),
    oncePerKey: { setDataset: (dataset) => dataset },
  });
}

let factory: () => TrainClient = () => createTrainClient();
let shared: TrainClient | null = null;

/** The shared client (one training worker for the whole page), created on first use. */
export function trainClient(): TrainClient {
  return (shared ??= factory());
}

/** Tests swap in a fake client; the next trainClient() call makes one with the factory. */
export function setTrainClientFactory(next: () => TrainClient): void {
  factory = next;
  shared = null;
}
