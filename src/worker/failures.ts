// Turning what went wrong into words a student can act on.
import { BACKEND_LABEL } from '../model/training';
import type { BackendName, WorkerFailure } from './protocol';

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function classifyError(e: unknown, backend: BackendName | null): WorkerFailure {
  const message = text(e);
  const on = backend ? ` on ${BACKEND_LABEL[backend]}` : '';
  if (/out of memory|OOM|failed to allocate|allocation failed|exceeds.*(max|limit)|too large/i.test(message))
    return {
      kind: 'out-of-memory',
      message: `Training ran out of memory${on}: ${message}`,
      fix: 'Use a smaller batch size or smaller images, or continue on another backend.',
    };
  if (/device (was )?lost|context (was )?lost|CONTEXT_LOST|destroyed/i.test(message))
    return {
      kind: 'device-lost',
      message: `The GPU stopped responding${on}: ${message}`,
      fix: 'Continue on another backend; the kept checkpoint is safe.',
    };
  if (/could not start|self-test|no WebGPU|has no WebGPU/i.test(message))
    return { kind: 'backend-unavailable', message, fix: 'Choose another backend (or "auto") and train again.' };
  return {
    kind: 'unknown',
    message: `Training failed${on}: ${message}`,
    fix: 'Try again, or continue on another backend.',
  };
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
