// The service's side of the thread trial (thread-trial.ts): a StepTuner that
// sets the lab's WASM kernel threads before each of a run's first steps, and
// says what it measured as the run's backend info. Knows nothing of tfjs.
import type { KernelThreadsInfo } from './protocol';
import { ThreadTrial } from './thread-trial';
import type { StepTuner } from './trainer';

/** The lab's kernel threads as backends.ts exposes them once WASM is up. */
export interface KernelThreadControl {
  /** Counts the pool can run on (e.g. [1, 2]); fewer than two: nothing to choose. */
  choices: readonly number[];
  /** The count a run starts on (every core but one). */
  start: number;
  /** Sets the count for the next kernel calls; returns the count in effect. */
  set(threads: number): number;
}

/** A tuner for one run, or null when there is nothing to choose; `onInfo` hears 'measuring' at once and 'measured' when the trial ends. */
export function kernelThreadTuner(
  control: KernelThreadControl | null,
  onInfo: (info: KernelThreadsInfo) => void,
): StepTuner | null {
  if (!control) return null;
  const trial = new ThreadTrial(control.choices, control.start);
  if (trial.counts.length < 2) return null;
  onInfo({
    threads: control.set(control.start),
    state: 'measuring',
    trials: trial.counts.map((threads) => ({ threads, msPerStep: null })),
  });
  return {
    before: () => void control.set(trial.next()),
    after: (ms) => {
      const decision = trial.record(ms);
      if (decision) onInfo({ threads: control.set(decision.threads), state: 'measured', trials: decision.trials });
    },
  };
}
