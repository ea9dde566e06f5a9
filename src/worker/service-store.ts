// The worker API's entries for what the worker keeps: the dataset handed over by the page, and each run's
// kept checkpoints (their weights for the page; forgetting a run with its snapshots and live model).
import * as Comlink from 'comlink';
import type { TrainWorkerApi } from './protocol';
import type { Session } from './session';

export type StoreEntries = Pick<TrainWorkerApi, 'setDataset' | 'hasDataset' | 'getWeights' | 'deleteRun'>;

/** `beforeNewDataset` lets go of what belongs to the dataset before (its pixels on disk). */
export function storeEntries(session: Session, beforeNewDataset: () => Promise<void>): StoreEntries {
  return {
    async setDataset(next) {
      await beforeNewDataset();
      session.dataset = next;
    },
    async hasDataset(id) {
      return session.dataset?.id === id;
    },
    async getWeights(runId, which) {
      const c = await session.store.load(runId, which);
      if (!c) return null;
      // Copies, so transferring them never detaches what the store keeps.
      const tensors = c.tensors.map((t) => ({ ...t, values: new Float32Array(t.values) }));
      return Comlink.transfer(
        { runId, epoch: c.epoch, tensors },
        tensors.map((t) => t.values.buffer as ArrayBuffer),
      );
    },
    // Through the short-request queue: the live model is never disposed while a request reads it.
    deleteRun: (runId) =>
      session.requests.ask(async () => {
        await session.store.deleteRun(runId);
        await session.snapshots.deleteRun(runId);
        const current = session.current;
        if (current?.runId === runId && session.training !== runId) {
          current.model.dispose();
          session.current = null;
        }
      }),
  };
}
