import { describe, expect, it } from 'vitest';
import { kernelThreadsText } from './kernel-threads-text';

describe('kernelThreadsText', () => {
  it('says what is being measured, then what won and by how much', () => {
    expect(
      kernelThreadsText({
        threads: 1,
        state: 'measuring',
        trials: [
          { threads: 1, msPerStep: null },
          { threads: 2, msPerStep: null },
        ],
      }),
    ).toBe('Lab kernels: the first steps try 1 and 2 threads on your model…');
    expect(
      kernelThreadsText({
        threads: 2,
        state: 'measured',
        trials: [
          { threads: 1, msPerStep: 2700 },
          { threads: 2, msPerStep: 1400 },
        ],
      }),
    ).toBe(
      "Lab kernels on 2 threads: 1.40 s per step, against 2.70 s on 1 thread, measured on your model's first steps.",
    );
  });

  it('says when the run ended before the comparison did', () => {
    const k = {
      threads: 2,
      state: 'measuring' as const,
      trials: [
        { threads: 1, msPerStep: null },
        { threads: 2, msPerStep: null },
      ],
    };
    expect(kernelThreadsText(k, true)).toBe(
      'Lab kernels: the run ended before its first steps had compared 1 and 2 threads; a longer run measures them.',
    );
    expect(
      kernelThreadsText(
        {
          ...k,
          state: 'measured',
          trials: [
            { threads: 1, msPerStep: 25 },
            { threads: 2, msPerStep: 30 },
          ],
        },
        true,
      ),
    ).toMatch(/^Lab kernels on 2 threads: 30.0 ms per step/);
  });

  it('says why more threads lost when they were faster, but not by enough', () => {
    expect(
      kernelThreadsText({
        threads: 1,
        state: 'measured',
        trials: [
          { threads: 1, msPerStep: 25 },
          { threads: 2, msPerStep: 23.5 },
        ],
      }),
    ).toBe(
      "Lab kernels on 1 thread: 25.0 ms per step, against 23.5 ms on 2 threads, measured on your model's first steps (more threads must be 1.2x faster to take the page's core).",
    );
  });
});
