import { describe, expect, it } from 'vitest';
import { chooseThreads, THREAD_TRIAL, ThreadTrial, type ThreadDecision } from './thread-trial';

/** Runs a trial to its decision with a step time per thread count; returns the counts the steps ran on and the decision. */
function runTrial(choices: number[], start: number, msFor: (threads: number, step: number) => number) {
  const trial = new ThreadTrial(choices, start);
  const ran: number[] = [];
  let decision: ThreadDecision | null = null;
  for (let step = 0; step < 5000 && !decision; step++) {
    const threads = trial.next();
    ran.push(threads);
    decision = trial.record(msFor(threads, step));
  }
  return { ran, decision, trial };
}

describe('ThreadTrial', () => {
  it('warms up on the starting count, then takes turns on each count in alternating order', () => {
    // 2 s steps: one step warms up past warmupMs; two rounds are past minTrialMs.
    const { ran } = runTrial([1, 2], 1, () => 2000);
    expect(ran).toEqual([1, 1, 2, 2, 1]);
    expect(ran).toHaveLength(THREAD_TRIAL.warmupSteps + THREAD_TRIAL.minRounds * 2);
  });

  it('warms up for warmupMs and times short steps for longer (more rounds, up to maxRounds)', () => {
    // 25 ms steps (MNIST): 1.5 s of warm-up is 60 steps; 600 ms of timed steps is 24 steps, 12 rounds of two.
    const { ran, decision } = runTrial([1, 2], 1, () => 25);
    expect(ran.slice(0, 60).every((t) => t === 1)).toBe(true);
    expect(ran).toHaveLength(60 + 24);
    expect(ran.slice(60, 66)).toEqual([1, 2, 2, 1, 1, 2]);
    expect(decision).not.toBeNull();
    // Slower than that, fewer rounds: 100 ms steps pass 600 ms after three rounds.
    expect(runTrial([1, 2], 1, () => 100).ran).toHaveLength(15 + 6);
    // Tiny steps stop at maxRounds.
    expect(runTrial([1, 2], 1, () => 1).ran).toHaveLength(1500 + 24);
  });

  it('keeps more threads when they pay, and every later step runs on them', () => {
    // The 180x180 convnet: two threads nearly halve the step.
    const { decision, trial } = runTrial([1, 2], 1, (t) => (t === 1 ? 2700 : 1400));
    expect(decision).toEqual({
      threads: 2,
      trials: [
        { threads: 1, msPerStep: 2700 },
        { threads: 2, msPerStep: 1400 },
      ],
    });
    expect(trial.next()).toBe(2);
    expect(trial.record(5000)).toBeNull();
    expect(trial.next()).toBe(2);
  });

  it('stays on one thread when more do not pay enough', () => {
    // MNIST through the app: a few per cent faster on two threads is not worth the page's core.
    const { decision } = runTrial([1, 2], 1, (t) => (t === 1 ? 25 : 23));
    expect(decision!.threads).toBe(1);
  });

  it('leaves the warm-up step out and times each count by its fastest step', () => {
    // The first step (memory growth) is slow; one 2-thread step was hit by other work.
    const times = [9000, 2600, 1500, 4000, 2800];
    expect(THREAD_TRIAL.warmupMs).toBeLessThan(9000);
    const { decision } = runTrial([1, 2], 1, (_t, step) => times[step]!);
    expect(decision!.trials).toEqual([
      { threads: 1, msPerStep: 2600 },
      { threads: 2, msPerStep: 1500 },
    ]);
    expect(decision!.threads).toBe(2);
  });

  it('compares three counts on a larger machine', () => {
    const { ran, decision } = runTrial([1, 15, 16], 15, (t, step) =>
      step === 0 ? 2000 : { 1: 1000, 15: 120, 16: 110 }[t]!,
    );
    expect(ran[0]).toBe(15);
    expect(ran.slice(1)).toEqual([1, 15, 16, 16, 15, 1]);
    // 16 is faster than 15 but not by 20%: 15 is kept, a core stays for the page.
    expect(decision!.threads).toBe(15);
  });
});

describe('chooseThreads', () => {
  it('needs the gain at each step up and ignores unusable timings', () => {
    expect(
      chooseThreads([
        { threads: 2, msPerStep: 80 },
        { threads: 1, msPerStep: 100 },
      ]),
    ).toBe(2);
    expect(
      chooseThreads([
        { threads: 2, msPerStep: 90 },
        { threads: 1, msPerStep: 100 },
      ]),
    ).toBe(1);
    expect(
      chooseThreads([
        { threads: 2, msPerStep: NaN },
        { threads: 1, msPerStep: 100 },
      ]),
    ).toBe(1);
    expect(chooseThreads([])).toBe(1);
  });
});
