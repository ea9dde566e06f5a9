// A backend's error, in words a student can act on: what happened and what to change. The library's own
// text is kept, in quotes, after the explanation; it never stands alone ("remainder by zero" says nothing).
// Pure: the training worker classifies its errors with it (worker/failures.ts).
import { BACKEND_LABEL, type BackendName } from './training';

export interface BackendFailure {
  kind: 'out-of-memory' | 'device-lost' | 'backend-unavailable' | 'unknown';
  message: string;
  fix: string;
}

const SMALLER =
  'Make the run smaller, then train again: add MaxPooling2D after the Conv2D layers, use smaller images ' +
  '(the model input) or a smaller batch. Train shows what a run will hold before it starts.';

/**
 * WebAssembly traps: what tfjs-wasm reports when a tensor's size no longer fits its 32-bit memory
 * (a size computed past 4 GB wraps, and the kernel divides by or indexes with the wrapped value).
 */
const WASM_TRAP =
  /remainder by zero|divide by zero|division by zero|integer overflow|unreachable|memory access out of bounds|index out of bounds|Aborted\(/i;
const NO_MEMORY =
  /out of memory|OOM|failed to allocate|allocation failed|exceeds.*(max|limit)|too large|greater than.*maximum|Invalid typed array length|Array buffer allocation|could not (grow|enlarge)|Cannot enlarge memory/i;

export function explainBackendError(raw: string, backend: BackendName | null): BackendFailure {
  const on = backend ? ` on ${BACKEND_LABEL[backend]}` : '';
  const said = `(the library said: "${raw}")`;
  if (WASM_TRAP.test(raw))
    return {
      kind: 'out-of-memory',
      message:
        `Training stopped${on}: the backend hit a WebAssembly trap, which here means a tensor grew past what ` +
        `its memory can address (4 GB at most, often less in a browser tab) ${said}.`,
      fix: SMALLER,
    };
  if (NO_MEMORY.test(raw))
    return {
      kind: 'out-of-memory',
      message: `Training ran out of memory${on}: the model or batch needs more than the browser gives ${said}.`,
      fix: `${SMALLER} Or continue on another backend.`,
    };
  if (/device (was )?lost|context (was )?lost|CONTEXT_LOST|destroyed/i.test(raw))
    return {
      kind: 'device-lost',
      message: `The GPU stopped responding${on}: the browser took it away, often after a step that ran too long or needed too much memory ${said}.`,
      fix: 'Continue on another backend; the kept checkpoint is safe. A smaller batch makes each step shorter.',
    };
  const missing = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(raw);
  if (missing)
    return {
      kind: 'backend-unavailable',
      message:
        `Training stopped${on}: this backend has no way to compute one of the operations (${missing[1]}) that ` +
        `your model needs ${said}.`,
      fix: 'Continue on another backend (WebGPU or CPU); the kept checkpoint is safe.',
    };
  if (/could not start|self-test|no WebGPU|has no WebGPU/i.test(raw))
    return { kind: 'backend-unavailable', message: raw, fix: 'Choose another backend (or "auto") and train again.' };
  return {
    kind: 'unknown',
    message: `Training failed${on} with an error the lab does not recognise ${said}.`,
    fix: 'Try again; if it fails the same way, continue on another backend (the kept checkpoint is safe) or make the model or batch smaller.',
  };
}
