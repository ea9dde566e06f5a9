// The main thread's handle on the training worker. Starts it lazily, sends the
// dataset only when it changed, makes long calls abortable (like squoosh's
// worker bridge), and turns a crashed worker into a rejected call plus a fresh
// worker for the next one. Imports no tfjs.
import * as Comlink from 'comlink';
import type { ImageDataset } from '../data/types';
import type { ControlAction, EvaluateRequest, EvaluateResult, TrainEvent, TrainOutcome, TrainRequest, TrainWorkerApi, WeightsSnapshot } from './protocol';

export class WorkerCrashedError extends Error {
  constructor(detail: string) {
    super(`The training worker crashed${detail ? `: ${detail}` : ''}.`);
    this.name = 'WorkerCrashedError';
  }
}

export interface TrainClient {
  /** Sends the dataset unless this very dataset was already sent to the running worker. */
  setDataset(dataset: ImageDataset): Promise<void>;
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void): { jobId: string; done: Promise<TrainOutcome> };
  control(jobId: string, action: ControlAction): Promise<void>;
  evaluate(request: EvaluateRequest, signal?: AbortSignal): Promise<EvaluateResult>;
  getWeights(runId: string, which: 'best' | 'last'): Promise<WeightsSnapshot | null>;
  deleteRun(runId: string): Promise<void>;
}

let jobCounter = 0;
const newJobId = () => `job-${Date.now().toString(36)}-${++jobCounter}`;

/** Rejects with an AbortError when the signal fires; calls onAbort first so the worker can stop the job. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(new DOMException('Cancelled', 'AbortError'));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export function createTrainClient(makeWorker: () => Worker = () => new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' })): TrainClient {
  let session: { worker: Worker; api: Comlink.Remote<TrainWorkerApi>; crashed: Promise<never>; sent: ImageDataset | null } | null = null;

  const open = () => {
    if (session) return session;
    const worker = makeWorker();
    let fail: (e: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => (fail = reject));
    crashed.catch(() => undefined); // observed per call, below
    const onCrash = (detail: string) => {
      if (session?.worker !== worker) return;
      session = null;
      worker.terminate();
      fail(new WorkerCrashedError(detail));
    };
    worker.addEventListener('error', (e) => onCrash(e.message ?? ''));
    worker.addEventListener('messageerror', () => onCrash('a message could not be read'));
    session = { worker, api: Comlink.wrap<TrainWorkerApi>(worker), crashed, sent: null };
    return session;
  };
  /** A call that also fails if the worker dies while it is pending. */
  const call = <T>(run: (api: Comlink.Remote<TrainWorkerApi>) => Promise<T>): Promise<T> => {
    const s = open();
    return Promise.race([run(s.api), s.crashed]);
  };

  return {
    async setDataset(dataset) {
      const s = open();
      if (s.sent === dataset) return;
      await call((api) => api.setDataset(dataset));
      s.sent = dataset;
    },
    train(request, onEvent) {
      const jobId = newJobId();
      return { jobId, done: call((api) => api.train(jobId, request, Comlink.proxy(onEvent))) };
    },
    control: (jobId, action) => call((api) => api.control(jobId, action)),
    evaluate(request, signal) {
      const jobId = newJobId();
      return abortable(
        // Comlink's Remote<> type splits a union result; it is the same value.
        call((api) => api.evaluate(jobId, request) as Promise<EvaluateResult>),
        signal,
        () => void call((api) => api.control(jobId, 'stop')).catch(() => undefined),
      );
    },
    getWeights: (runId, which) => call((api) => api.getWeights(runId, which)),
    deleteRun: (runId) => call((api) => api.deleteRun(runId)),
  };
}
