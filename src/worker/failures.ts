// Turning what went wrong into words a student can act on.
import { explainBackendError } from '../model/backend-failure';
import type { BackendName, WorkerFailure } from './protocol';

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What happened and what to change (model/backend-failure.ts): the library's text never stands alone. */
export function classifyError(e: unknown, backend: BackendName | null): WorkerFailure {
  return explainBackendError(text(e), backend);
}

export function nanFailure(at: { epoch: number; batch: number; loss: number }, learningRate: number): WorkerFailure {
  const where = `at epoch ${at.epoch}, batch ${at.batch}`;
  const what = Number.isNaN(at.loss)
    ? `The loss became NaN (not a number) ${where}`
    : !Number.isFinite(at.loss)
      ? `The loss became infinite ${where} (NaN is next)`
      : `The loss blew up ${where}, to ${at.loss.toFixed(1)}: the worst a cross-entropy can report, one step before NaN`;
  return {
    kind: 'nan',
    message: `${what}. The weights diverged, so training stopped.`,
    fix: `Lower the learning rate (it is ${learningRate}; try ${learningRate > 0.001 ? 0.001 : learningRate / 10}) and train again. The last good checkpoint is kept.`,
  };
}
