// The main thread's handle on the training worker: a bridge derived from
// TrainWorkerApi (bridge.ts), started lazily. The app makes one and gives it
// to its store (src/store/lab.ts); tests give theirs a fake.
// Its only special case: the dataset is sent once per worker (a resend of the
// same dataset, by id and version, is skipped; a fresh worker after a crash gets it again).
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
    // By id and version (set by the store), not by object: the same images under a new object (their pixels moved to
    // disk and back) are not sent again. A dataset without a version (tests) is keyed by the object.
    oncePerKey: { setDataset: (d) => (d.version === undefined ? d : `${d.id}@${d.version}`) },
  });
}
