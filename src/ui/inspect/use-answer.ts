// One worker answer per key: asks again when the key changes (run, epoch,
// layer, image, ...), drops answers to keys no longer shown, and keeps the
// failure to show it. `ask` may change identity every render.
import { useEffect, useRef, useState } from 'react';
import type { ShortResult } from '../../client/types';
import type { WorkerFailure } from '../../model/run-types';

export type Answer<T> =
  { state: 'idle' } | { state: 'loading' } | { state: 'ok'; value: T } | { state: 'failed'; failure: WorkerFailure };

export function useAnswer<T>(key: string | null, ask: () => Promise<ShortResult<T>>): Answer<T> {
  const [answer, setAnswer] = useState<{ key: string; result: ShortResult<T> } | null>(null);
  const latest = useRef(ask);
  useEffect(() => {
    latest.current = ask;
  });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    void latest.current().then((result) => live && setAnswer({ key, result }));
    return () => {
      live = false;
    };
  }, [key]);
  if (key === null) return { state: 'idle' };
  if (answer?.key !== key) return { state: 'loading' };
  return answer.result.ok
    ? { state: 'ok', value: answer.result.value }
    : { state: 'failed', failure: answer.result.failure };
}
