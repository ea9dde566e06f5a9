// Pause, resume and stop for a long job. The job calls `checkpoint()` between
// steps; that yields to the event loop (so control messages get through) and
// waits while paused. No requestAnimationFrame: training goes on in a
// background tab.

export type StepVerdict = 'continue' | 'stop';

/** A macrotask yield that browsers do not throttle in workers (unlike setTimeout chains). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class JobControl {
  private stopRequested = false;
  private pausedResolve: (() => void) | null = null;
  private pausePromise: Promise<void> | null = null;
  constructor(private readonly onPauseChange: (paused: boolean) => void = () => {}) {}

  get stopped(): boolean {
    return this.stopRequested;
  }
  get paused(): boolean {
    return this.pausePromise !== null;
  }

  pause(): void {
    if (this.pausePromise || this.stopRequested) return;
    this.pausePromise = new Promise((resolve) => (this.pausedResolve = resolve));
    this.onPauseChange(true);
  }

  resume(): void {
    if (this.release()) this.onPauseChange(false);
  }

  /** Stopping a paused job releases it, so it can finish cleanly. */
  stop(): void {
    this.stopRequested = true;
    this.release();
  }

  private release(): boolean {
    if (!this.pausePromise) return false;
    const resolve = this.pausedResolve;
    this.pausePromise = null;
    this.pausedResolve = null;
    resolve?.();
    return true;
  }

  /** Between steps: let messages in, wait while paused, say whether to go on. */
  async checkpoint(): Promise<StepVerdict> {
    await yieldToEventLoop();
    while (this.pausePromise) await this.pausePromise;
    return this.stopRequested ? 'stop' : 'continue';
  }
}
