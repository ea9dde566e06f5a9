// bench.html: exposes window.runTfjsBench(options) → Promise<TfjsBenchResult>,
// running each benchmark in a fresh module worker (tfjs never loads here).
import type { BenchReply, KernelCheckReply, KernelSimd, TfjsBenchOptions, TfjsBenchResult } from './protocol';
import type { TransferBenchOptions, TransferBenchReply, TransferBenchResult } from './transfer-protocol';

declare global {
  interface Window {
    runTfjsBench: (options: TfjsBenchOptions) => Promise<TfjsBenchResult>;
    /**
     * The WASM gradient kernels on `threads` threads against the CPU backend
     * (e2e/wasm-kernels.spec.ts), on the build `kernelSimd` forces (default: relaxed SIMD where the browser has it).
     */
    runKernelCheck: (threads: number, kernelSimd?: KernelSimd) => Promise<KernelCheckReply>;
    /** A pretrained base's forward pass or a fine-tuning step, through the lab's builder (transfer.worker.ts). */
    runTransferBench: (options: TransferBenchOptions) => Promise<TransferBenchResult>;
  }
}

const log = document.querySelector<HTMLOListElement>('#bench-log')!;
const status = document.querySelector<HTMLParagraphElement>('#bench-status')!;

function describe(o: TfjsBenchOptions): string {
  return `${o.model} on ${o.backend}${o.threads ? ` (${o.threads} thread${o.threads > 1 ? 's' : ''})` : ''}, batch ${o.batchSize}`;
}

window.runTfjsBench = (options) => {
  status.textContent = `Running ${describe(options)}…`;
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<TfjsBenchResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<BenchReply>) => {
      worker.terminate();
      const reply = event.data;
      const item = document.createElement('li');
      if (reply.ok) {
        item.textContent = `${describe(options)}: ${reply.result.imagesPerSecond.toFixed(1)} images/s (${reply.result.msPerBatch.toFixed(0)} ms per batch)`;
        resolve(reply.result);
      } else {
        item.textContent = `${describe(options)}: failed: ${reply.error}`;
        reject(new Error(reply.error));
      }
      log.append(item);
      status.textContent = `Idle. Page cross-origin isolated: ${crossOriginIsolated ? 'yes' : 'no'}.`;
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The benchmark worker crashed.'));
    };
    worker.postMessage(options);
  });
};

window.runKernelCheck = (threads, kernelSimd) => {
  const worker = new Worker(new URL('./kernel-check.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<KernelCheckReply>((resolve) => {
    worker.onmessage = (event: MessageEvent<KernelCheckReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({ ok: false, error: event.message || 'The kernel check worker crashed.' });
    };
    worker.postMessage({ threads, kernelSimd });
  });
};

window.runTransferBench = (options) => {
  const worker = new Worker(new URL('./transfer.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<TransferBenchResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<TransferBenchReply>) => {
      worker.terminate();
      const reply = event.data;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(reply.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The transfer benchmark worker crashed.'));
    };
    worker.postMessage(options);
  });
};

status.textContent = `Ready. Page cross-origin isolated: ${crossOriginIsolated ? 'yes' : 'no'}. Call window.runTfjsBench({ backend, model, batchSize, batches }).`;
document.body.dataset.benchReady = 'true';
