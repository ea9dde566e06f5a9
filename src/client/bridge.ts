// A main-thread bridge to a worker, derived from the worker's API type (like
// squoosh's worker bridge): one generic wrapper serves every method, so a new
// worker call needs an edit of the protocol and the service only. The
// wrapper starts the worker lazily, passes callbacks as Comlink proxies, maps
// an abort signal on a long call to the job's stop, and turns a crashed
// worker into a failed call plus a fresh worker for the next one.
// Imports no tfjs.
import * as Comlink from 'comlink';
import type { JobTicket, LeadingArgs, LongCallArity } from '../worker/job-ticket';

/** What a caller passes in place of the JobTicket of a long call. */
export interface CallOptions {
  /** Aborting stops the job in the worker and rejects the call with an AbortError at once. */
  signal?: AbortSignal;
  /** Choose the job id yourself (see newJobId) to pause or resume the job through control(). */
  jobId?: string;
}

type Method = (...args: never[]) => unknown;

/** The main thread's view of an API: the same methods, long calls taking CallOptions instead of a JobTicket. */
export type Bridge<Api> = {
  [K in keyof Api]: Api[K] extends (...args: infer P) => infer R
    ? [LeadingArgs<Api[K]>] extends [never]
      ? (...args: P) => Promise<Awaited<R>>
      : (...args: [...LeadingArgs<Api[K]>, options?: CallOptions]) => Promise<Awaited<R>>
    : never;
};

export class WorkerCrashedError extends Error {
  constructor(detail: string) {
    super(`The training worker crashed${detail ? `: ${detail}` : ''}.`);
    this.name = 'WorkerCrashedError';
  }
}

let jobCounter = 0;
export const newJobId = (): string => `job-${Date.now().toString(36)}-${++jobCounter}`;

const abortError = () => new DOMException('Cancelled', 'AbortError');

export interface BridgeOptions<Api> {
  longCalls: LongCallArity<Api>;
  /** How an aborted long call stops its job in the worker (the API's own control method). */
  stop: (remote: Comlink.Remote<Api>, jobId: string) => Promise<unknown>;
  /**
   * Calls that a worker needs only once per key (e.g. the dataset): a call whose
   * key is the last one sent to the running worker is not sent again. The key
   * is compared by identity; a fresh worker starts with none.
   */
  oncePerKey?: { [K in keyof Api]?: (...args: Parameters<Extract<Api[K], Method>>) => unknown };
}

interface Session<Api> {
  worker: Worker;
  remote: Comlink.Remote<Api>;
  crashed: Promise<never>;
  sent: Map<string, { key: unknown; done: Promise<unknown> }>;
}

export function createBridge<Api extends object>(makeWorker: () => Worker, options: BridgeOptions<Api>): Bridge<Api> {
  let session: Session<Api> | null = null;
  const longCalls = options.longCalls as Record<string, number | undefined>;
  const oncePerKey = (options.oncePerKey ?? {}) as Record<string, ((...args: unknown[]) => unknown) | undefined>;

  const open = (): Session<Api> => {
    if (session) return session;
    const worker = makeWorker();
    let fail: (e: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => (fail = reject));
    crashed.catch(() => undefined); // observed per call, in invoke
    const onCrash = (detail: string) => {
      if (session?.worker !== worker) return;
      session = null;
      worker.terminate();
      fail(new WorkerCrashedError(detail));
    };
    worker.addEventListener('error', (e) => onCrash((e as ErrorEvent).message ?? ''));
    worker.addEventListener('messageerror', () => onCrash('a message could not be read'));
    session = { worker, remote: Comlink.wrap<Api>(worker), crashed, sent: new Map() };
    return session;
  };

  /** The one wrapper behind every method. */
  const invoke = (name: string, args: unknown[]): Promise<unknown> => {
    const arity = longCalls[name];
    let signal: AbortSignal | undefined;
    let jobId: string | null = null;
    if (arity !== undefined) {
      const callOptions = args[arity] as CallOptions | undefined;
      signal = callOptions?.signal;
      jobId = callOptions?.jobId ?? newJobId();
      const ticket: JobTicket = { jobId, ticket: true };
      args = [...args.slice(0, arity), ticket];
      if (signal?.aborted) return Promise.reject(abortError());
    }
    const s = open();
    const keyOf = oncePerKey[name];
    const key = keyOf?.(...args);
    const previous = keyOf ? s.sent.get(name) : undefined;
    if (previous && previous.key === key) return previous.done;

    const wire = args.map((a) => (typeof a === 'function' ? Comlink.proxy(a) : a));
    const method = (s.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
    // A call also fails if the worker dies while it is pending.
    const done = Promise.race([method(...wire), s.crashed]);
    if (keyOf) {
      s.sent.set(name, { key, done });
      done.catch(() => {
        if (s.sent.get(name)?.done === done) s.sent.delete(name);
      });
    }
    if (!signal || jobId === null) return done;
    const id = jobId;
    return new Promise((resolve, reject) => {
      const abort = () => {
        // Only the worker that runs the job can stop it; a crashed one is gone already.
        if (session === s) void options.stop(s.remote, id).catch(() => undefined);
        reject(abortError());
      };
      signal.addEventListener('abort', abort, { once: true });
      done.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    });
  };

  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as Bridge<Api>, {
    get(_, name) {
      // Not a thenable (so `await bridge` is harmless), and no symbol-keyed methods.
      if (typeof name !== 'string' || name === 'then') return undefined;
      let fn = methods.get(name);
      if (!fn) {
        fn = (...args: unknown[]) => invoke(name, args);
        methods.set(name, fn);
      }
      return fn;
    },
  });
}
