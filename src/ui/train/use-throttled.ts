// A value that follows `value` at most once per `ms` (trailing update
// included), so heavy components like charts redraw about once a second
// however often the store changes.
//
// The interval runs from the last update the screen showed (its commit), not
// from when it was asked for, so a commit that comes late (the main thread
// busy) does not shorten the gap to the next one.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const mounted = useRef(false);
  useLayoutEffect(() => {
    // The first value shows at once; every later one is timed from this commit.
    if (mounted.current) last.current = performance.now();
    mounted.current = true;
  }, [shown]);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    const id = setTimeout(() => setShown(value), Math.max(0, wait));
    return () => clearTimeout(id);
  }, [value, ms]);
  return shown;
}
