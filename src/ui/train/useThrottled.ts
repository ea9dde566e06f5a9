// A value that follows `value` at most once per `ms` (trailing update
// included), so heavy components like charts redraw about once a second
// however often the store changes.
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    const show = () => {
      last.current = performance.now();
      setShown(value);
    };
    if (wait <= 0) {
      const id = setTimeout(show, 0);
      return () => clearTimeout(id);
    }
    const id = setTimeout(show, wait);
    return () => clearTimeout(id);
  }, [value, ms]);
  return shown;
}
