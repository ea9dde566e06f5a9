import { describe, expect, it } from 'vitest';
import { kernelThreadTuner, type KernelThreadControl } from './kernel-threads';
import type { KernelThreadsInfo } from './protocol';

/** A pool of `max` threads that records every count it is set to. */
function fakePool(choices: number[], start: number, max = Math.max(...choices)) {
  const sets: number[] = [];
  const control: KernelThreadControl = { choices, start, set: (t) => (sets.push(t), Math.min(t, max)) };
  return { control, sets };
}

describe('kernelThreadTuner', () => {
  it('runs the first steps on each count, then trains on the winner and says so', () => {
    const { control, sets } = fakePool([1, 2], 1);
    const infos: KernelThreadsInfo[] = [];
    const tuner = kernelThreadTuner(control, (i) => infos.push(i))!;
    expect(infos).toEqual([
      {
        threads: 1,
        state: 'measuring',
        trials: [
          { threads: 1, msPerStep: null },
          { threads: 2, msPerStep: null },
        ],
      },
    ]);
    // The 180x180 convnet's steps: 2700 ms on one thread, 1400 on two (the first step is the warm-up).
    for (let step = 0; step < 8; step++) {
      tuner.before();
      tuner.after(sets.at(-1) === 1 ? 2700 : 1400);
    }
    expect(sets.slice(1, 6)).toEqual([1, 1, 2, 2, 1]);
    // Steps after the trial all run on two threads.
    expect(sets.slice(-3)).toEqual([2, 2, 2]);
    expect(infos).toHaveLength(2);
    expect(infos[1]).toEqual({
      threads: 2,
      state: 'measured',
      trials: [
        { threads: 1, msPerStep: 2700 },
        { threads: 2, msPerStep: 1400 },
      ],
    });
  });

  it('stays on the starting count when more threads do not pay', () => {
    const { control, sets } = fakePool([1, 2], 1);
    const infos: KernelThreadsInfo[] = [];
    const tuner = kernelThreadTuner(control, (i) => infos.push(i))!;
    // MNIST-sized steps: 60 warm-up steps (1.5 s), then 12 rounds.
    for (let step = 0; step < 200; step++) {
      tuner.before();
      tuner.after(sets.at(-1) === 1 ? 25 : 24);
    }
    expect(infos.at(-1)).toMatchObject({ threads: 1, state: 'measured' });
    expect(sets.at(-1)).toBe(1);
  });

  it('does nothing without a pool or with only one count to run on', () => {
    const infos: KernelThreadsInfo[] = [];
    expect(kernelThreadTuner(null, (i) => infos.push(i))).toBeNull();
    expect(kernelThreadTuner(fakePool([1, 1], 1).control, (i) => infos.push(i))).toBeNull();
    expect(infos).toEqual([]);
  });
});
