// `value`, shown `ms` later (each change, and the first one). The accuracy
// chart follows the loss chart this way: when an epoch ends both redraw, and
// together they made one main-thread task twice as long (recharts' store
// re-renders in the next animation frame, so a timeout of 0 kept them in one).
import { useEffect, useState } from 'react';

export function useLagged<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setShown(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return shown;
}
