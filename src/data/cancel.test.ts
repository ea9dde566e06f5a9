import { describe, expect, it } from 'vitest';
import { cancellation } from './cancel';

describe('cancellation', () => {
  it('rejects with an AbortError when the signal aborts, and runs onAbort first', async () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const { cancelled } = cancellation(controller.signal, () => calls.push('onAbort'));
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError', message: 'Loading was cancelled.' });
    expect(calls).toEqual(['onAbort']);
  });

  it('rejects at once for a signal that has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(cancellation(controller.signal).cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('after release, a later abort does nothing', async () => {
    const controller = new AbortController();
    let aborted = false;
    const { cancelled, release } = cancellation(controller.signal, () => (aborted = true));
    release();
    controller.abort();
    const outcome = await Promise.race([
      cancelled.then(
        () => 'rejected',
        () => 'rejected',
      ),
      Promise.resolve('pending'),
    ]);
    expect(outcome).toBe('pending');
    expect(aborted).toBe(false);
  });
});
