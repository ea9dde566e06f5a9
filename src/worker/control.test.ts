import { describe, expect, it } from 'vitest';
import { JobControl, ShortRequests, yieldToEventLoop } from './control';

describe('short requests and job control', () => {
  it('run at once when no long job holds the worker', async () => {
    const requests = new ShortRequests();
    await expect(requests.ask(async () => 42)).resolves.toBe(42);
  });

  it('wait while a job holds the worker, are answered at its next checkpoint, and a failure reaches only its asker', async () => {
    const requests = new ShortRequests();
    const control = new JobControl(undefined, requests);
    await requests.hold();
    const log: string[] = [];
    const answer = requests.ask(async () => void log.push('answered'));
    const failing = requests.ask(async () => {
      throw new Error('no such layer');
    });
    for (let i = 0; i < 5; i++) await yieldToEventLoop();
    expect(log).toEqual([]); // not in the middle of a step
    log.push('step done');
    await control.checkpoint();
    await answer;
    await expect(failing).rejects.toThrow('no such layer');
    expect(log).toEqual(['step done', 'answered']);
    await requests.release();
    expect(requests.held).toBe(false);
  });

  it('a paused job wakes up to answer, and stays paused', async () => {
    const requests = new ShortRequests();
    const control = new JobControl(undefined, requests);
    await requests.hold();
    control.pause();
    let verdict: string | null = null;
    void control.checkpoint().then((v) => (verdict = v));
    await yieldToEventLoop();
    await expect(requests.ask(async () => 'while paused')).resolves.toBe('while paused');
    expect(verdict).toBeNull();
    control.stop();
    await expect.poll(() => verdict).toBe('stop');
  });

  it('a job that ends answers what is still queued; a job starts only after requests already running', async () => {
    const requests = new ShortRequests();
    let finish!: () => void;
    const log: string[] = [];
    const slow = requests.ask(() =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => void log.push('slow request done')),
    );
    const held = requests.hold().then(() => void log.push('job starts'));
    await yieldToEventLoop();
    expect(log).toEqual([]);
    finish();
    await Promise.all([slow, held]);
    expect(log).toEqual(['slow request done', 'job starts']);

    const queued = requests.ask(async () => 'left over');
    await requests.release();
    await expect(queued).resolves.toBe('left over');
  });
});
