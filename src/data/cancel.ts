// A load's cancel as a promise to race against its work. The load's signal
// outlives the load (its controller stays with the data slice until the job
// is over), so each listener put on it is taken off again by `release`: one
// left there kept the settled race, and through it the decoded pixels, alive
// after the dataset had let go of them (a run that keeps its pixels on disk
// still held them on the page).

export interface Cancellation {
  /** Rejects with an AbortError once the signal aborts (at once if it already has); a rejection nobody awaits is not reported. */
  cancelled: Promise<never>;
  /** Takes the listener off the signal: call it when the work is over, whichever way. */
  release: () => void;
}

export function cancellation(signal: AbortSignal, onAbort?: () => void): Cancellation {
  let reject: (e: DOMException) => void = () => undefined;
  const cancelled = new Promise<never>((_, no) => (reject = no));
  cancelled.catch(() => undefined); // a cancel after the end is not an error
  const abort = () => {
    onAbort?.();
    reject(new DOMException('Loading was cancelled.', 'AbortError'));
  };
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  return { cancelled, release: () => signal.removeEventListener('abort', abort) };
}
