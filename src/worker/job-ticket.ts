// The generic half of the call contract that both threads name: the ticket a long call takes last, and the
// per-call arity table derived from an API type. The worker's service reads tickets; the page's bridge
// (src/client/bridge.ts) fills them in. Types only, so importing it pulls no code into either thread.

/**
 * The last argument of every long call on the worker side: it names the job,
 * so `control(jobId, ...)` can pause, resume or stop it while its promise is
 * pending. The bridge fills it in; callers pass CallOptions in its place.
 */
export interface JobTicket {
  readonly jobId: string;
  readonly ticket: true;
}

/** Arguments before a trailing JobTicket, or never for a short call. */
export type LeadingArgs<F> = F extends (...args: infer P) => unknown
  ? P extends [...infer A, infer L]
    ? [L] extends [JobTicket]
      ? A
      : never
    : never
  : never;

/** The long calls of an API: the methods whose last parameter is a JobTicket. */
export type LongCall<Api> = { [K in keyof Api]: [LeadingArgs<Api[K]>] extends [never] ? never : K }[keyof Api];

/**
 * Per long call, how many arguments come before its JobTicket. Written once
 * beside the API (the bridge needs it at run time to put the ticket in); the
 * type makes a missing, extra or miscounted entry a compile error.
 */
export type LongCallArity<Api> = { readonly [K in LongCall<Api>]: LeadingArgs<Api[K]>['length'] };
