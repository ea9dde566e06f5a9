// The worker's requests, events and answers as the page names them: the store and the UI import them from
// here, never from src/worker, so the page's one door to the worker is src/client. The run's own data
// (settings, metrics, failures) lives in src/model/run-types.ts, the backend and optimizer facts in
// src/model/training.ts.
export type * from '../worker/protocol';
