// What the badge says about the lab's WASM kernel threads (worker/thread-trial.ts).
import type { KernelThreadsInfo } from '../../model/run-types';
import { KERNEL_THREADS_MIN_GAIN } from '../../model/training';

const threadsWord = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
const stepTime = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/** `ended`: the run is over (a run shorter than the trial leaves it measuring). */
export function kernelThreadsText(k: KernelThreadsInfo, ended = false): string {
  const counts = k.trials.map((t) => t.threads);
  if (k.state === 'measuring' && ended)
    return `Lab kernels: the run ended before its first steps had compared ${counts.join(' and ')} threads; a longer run measures them.`;
  if (k.state === 'measuring') return `Lab kernels: the first steps try ${counts.join(' and ')} threads on your model…`;
  const chosen = k.trials.find((t) => t.threads === k.threads);
  const others = k.trials.filter((t) => t.threads !== k.threads && t.msPerStep !== null);
  const head = `Lab kernels on ${threadsWord(k.threads)}${chosen?.msPerStep != null ? `: ${stepTime(chosen.msPerStep)} per step` : ''}`;
  if (!others.length) return `${head}.`;
  const rest = others.map((t) => `${stepTime(t.msPerStep!)} on ${threadsWord(t.threads)}`).join(', ');
  const fewer = others.some((t) => t.threads > k.threads);
  return `${head}, against ${rest}, measured on your model's first steps${fewer ? ` (more threads must be ${KERNEL_THREADS_MIN_GAIN}x faster to take the page's core)` : ''}.`;
}
