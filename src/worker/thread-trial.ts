// Threads where they pay: on WASM the lab's kernels can run on 1
// thread, on every core but one, or on every core (src/kernels/wasm/kernel-threads-pool.ts),
// and which is fastest depends on the model. MNIST's small layers split into
// slices too thin to pay for the threads' hand-offs, while the cats-vs-dogs
// convnet's 180x180 layers split well: through the app on 2 cores, 12-13
// images/s on one thread and 23-24 on two (2026-12-02, bench/speed.bench.mjs).
// So, as `auto` does for backends, the run measures it on the student's model.
// The measuring costs no extra steps: the run's first steps take turns on each
// count (their results do not depend on it: no sum crosses threads) and the
// run goes on with the winner.
//
// A pure state machine: the trainer asks which count the next step runs on,
// then reports how long that step took. Tested with made-up timings.

import { KERNEL_THREADS_MIN_GAIN } from '../model/training';

export interface ThreadTiming {
  threads: number;
  /** The fastest of its timed steps, in ms: other work on the machine only ever slows a step down. */
  msPerStep: number;
}

export interface ThreadDecision {
  threads: number;
  trials: ThreadTiming[];
}

export const THREAD_TRIAL = {
  /**
   * Warm-up, not timed: at least this many steps and this many ms of steps.
   * A run's first second is not typical: memory grows, and the page mounts its
   * charts (hundreds of ms of main-thread work on the core a second thread
   * would use), which made MNIST's 2-thread steps look no faster than 1.
   */
  warmupSteps: 1,
  warmupMs: 1500,
  /**
   * Rounds in which every count runs one step, in alternating order so a drift
   * in the machine's speed hits each alike: at least minRounds, then more
   * until minTrialMs of timed steps (short steps are noisy), at most maxRounds.
   */
  minRounds: 2,
  minTrialMs: 600,
  maxRounds: 12,
  /** More threads must be at least this much faster than fewer to be chosen (why: model/training.ts). */
  minGain: KERNEL_THREADS_MIN_GAIN,
} as const;

export type ThreadTrialOptions = { [K in keyof typeof THREAD_TRIAL]: number };

/** The count to keep: start from the fewest; step up only where a count beats the one kept by minGain. */
export function chooseThreads(trials: readonly ThreadTiming[], minGain: number = THREAD_TRIAL.minGain): number {
  const sorted = [...trials]
    .filter((t) => Number.isFinite(t.msPerStep) && t.msPerStep > 0)
    .sort((a, b) => a.threads - b.threads);
  let best = sorted[0];
  if (!best) return 1;
  for (const t of sorted.slice(1)) if (t.msPerStep * minGain <= best.msPerStep) best = t;
  return best.threads;
}

export class ThreadTrial {
  /** The counts compared, each once, fewest first. */
  readonly counts: readonly number[];
  private readonly times = new Map<number, number[]>();
  private warm = { steps: 0, ms: 0 };
  /** Timed steps so far, and their ms. */
  private timed = 0;
  private timedMs = 0;
  private decision: ThreadDecision | null = null;

  /** `choices`: the counts to compare (at least two, else nothing to measure); `start`: the count the warm-up runs on. */
  constructor(
    choices: readonly number[],
    private readonly start: number,
    private readonly options: ThreadTrialOptions = THREAD_TRIAL,
  ) {
    this.counts = [...new Set(choices)].sort((a, b) => a - b);
    for (const c of this.counts) this.times.set(c, []);
  }

  private get warmingUp(): boolean {
    return this.warm.steps < this.options.warmupSteps || this.warm.ms < this.options.warmupMs;
  }

  /** Threads the next step runs on. */
  next(): number {
    if (this.decision) return this.decision.threads;
    if (this.warmingUp) return this.start;
    const n = this.counts.length;
    const round = Math.floor(this.timed / n);
    const at = this.timed % n;
    return this.counts[round % 2 === 0 ? at : n - 1 - at]!;
  }

  /** How long the step that next() was asked for took; returns the decision once, on the step that completes the trial. */
  record(ms: number): ThreadDecision | null {
    if (this.decision) return null;
    if (this.warmingUp) {
      this.warm = { steps: this.warm.steps + 1, ms: this.warm.ms + ms };
      return null;
    }
    this.times.get(this.next())!.push(ms);
    this.timed += 1;
    this.timedMs += ms;
    const rounds = this.timed / this.counts.length;
    if (!Number.isInteger(rounds) || rounds < this.options.minRounds) return null;
    if (this.timedMs < this.options.minTrialMs && rounds < this.options.maxRounds) return null;
    const trials = [...this.times].map(([t, all]) => ({ threads: t, msPerStep: Math.min(...all) }));
    this.decision = { threads: chooseThreads(trials, this.options.minGain), trials };
    return this.decision;
  }
}
