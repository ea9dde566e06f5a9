// Starts the kernel pool's helper threads (browser workers; kernel-threads-pool.ts runs the calls).
import { attachPool, CTRL, MAX_HELPERS, setPoolThreads } from './kernel-threads-pool';
import type { NativeKernels } from './native';
import type { PoolHelperStart } from './pool.worker';

/** A helper that has not compiled the ~21 KB module by then never will: train without the pool rather than wait. */
const START_TIMEOUT_MS = 15_000;

/**
 * Starts `helpers` threads on the shared memory, `active` of them taking part
 * in each call until setPoolThreads says otherwise; resolves with how many
 * came up (0 when memory is not shared or any failed).
 */
export async function startKernelPool(native: NativeKernels, helpers: number, active = helpers): Promise<number> {
  const count = Math.min(helpers, MAX_HELPERS);
  if (!native.shared || count < 1) return 0;
  const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.LENGTH * 4));
  const workers: Worker[] = [];
  const starts = Array.from({ length: count }, (_, index) => {
    const worker = new Worker(new URL('./pool.worker.ts', import.meta.url), {
      type: 'module',
      name: `wasm kernel thread ${index + 1}`,
    });
    workers.push(worker);
    return new Promise<boolean>((resolve) => {
      setTimeout(() => resolve(false), START_TIMEOUT_MS);
      worker.onmessage = (e: MessageEvent<{ ready: boolean }>) => resolve(e.data.ready);
      worker.onerror = () => resolve(false);
      const start: PoolHelperStart = { module: native.module, memory: native.memory, ctrl, index };
      worker.postMessage(start);
    });
  });
  const ready = await Promise.all(starts);
  // All or nothing: each helper owns a fixed slot of every call's ranges.
  if (ready.every(Boolean)) {
    attachPool(native, { ctrl, helpers: count, active: 0 });
    setPoolThreads(native, active + 1);
    return count;
  }
  for (const worker of workers) worker.terminate();
  return 0;
}
