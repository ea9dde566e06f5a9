// Pause, resume and stop for a long job. The job calls `checkpoint()` between
// steps; that yields to the event loop (so control messages get through) and
// waits while paused. No requestAnimationFrame: training goes on in a
// background tab. Short requests (ShortRequests) queued while a job runs are
// answered in checkpoint(), i.e. between two steps, paused or not.

export type StepVerdict = 'continue' | 'stop';

/** One channel for every yield: a new MessageChannel per training step is a new message pipe each time. */
let yieldChannel: { port: MessagePort; waiting: (() => void)[] } | null = null;

/** A macrotask yield that browsers do not throttle in workers (unlike setTimeout chains). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (!yieldChannel) {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    yieldChannel = { port: channel.port2, waiting };
  }
  const { port, waiting } = yieldChannel;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

/**
 * Short requests (weights, predictions, ...) and long jobs (train, evaluate)
 * share one model, so a short request never runs in the middle of a step:
 * while a long job holds the worker, requests wait in a queue that the job
 * drains at its next checkpoint (about one step later); otherwise they run at
 * once, one after another.
 */
export class ShortRequests {
  private pending: (() => Promise<void>)[] = [];
  private holds = 0;
  /** Requests answered at once, chained so a long job can wait for them to finish. */
  private idle: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | null = null;
  private woken: Promise<void> | null = null;

  get held(): boolean {
    return this.holds > 0;
  }

  ask<T>(work: () => Promise<T>): Promise<T> {
    if (this.holds === 0) {
      const answer = this.idle.then(work);
      this.idle = answer.catch(() => undefined);
      return answer;
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.push(() => work().then(resolve, reject));
      this.wake?.();
    });
  }

  /** A long job takes the worker: requests already running finish first, new ones queue until release. */
  async hold(): Promise<void> {
    this.holds += 1;
    await this.idle;
  }

  /** The job is over: answer what is still queued, then let requests run at once again. */
  async release(): Promise<void> {
    // No await between the last emptiness check and the decrement, so no request is left behind.
    while (this.pending.length) await this.drain();
    this.holds -= 1;
  }

  /** Answers the queued requests one after another, those that arrive meanwhile too. */
  async drain(): Promise<void> {
    while (this.pending.length) await this.pending.shift()!();
  }

  /** Resolves when the next request is queued (a paused job wakes up to answer it). */
  arrival(): Promise<void> {
    this.woken ??= new Promise<void>((resolve) => {
      this.wake = () => {
        this.wake = null;
        this.woken = null;
        resolve();
      };
    });
    return this.woken;
  }
}

export class JobControl {
  private stopRequested = false;
  private pausedResolve: (() => void) | null = null;
  private pausePromise: Promise<void> | null = null;
  constructor(
    private readonly onPauseChange: (paused: boolean) => void = () => {},
    /** Answered at every checkpoint; none for a job that serves no requests. */
    private readonly requests: ShortRequests | null = null,
  ) {}

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

  /** Between steps: let messages in, answer short requests, wait while paused (answering those too), say whether to go on. */
  async checkpoint(): Promise<StepVerdict> {
    await yieldToEventLoop();
    await this.requests?.drain();
    while (this.pausePromise) {
      await (this.requests ? Promise.race([this.pausePromise, this.requests.arrival()]) : this.pausePromise);
      await this.requests?.drain();
    }
    return this.stopRequested ? 'stop' : 'continue';
  }
}
