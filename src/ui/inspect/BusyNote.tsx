// A wait the student can see: a spinner, what is being computed and the
// seconds so far. In the trial the first confusion matrix took 6.7 s with
// only a still line of text on screen.
import { useEffect, useState, type ReactNode } from 'react';

export function BusyNote({ children, testId }: { children: ReactNode; testId?: string }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = performance.now();
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="inspect-note busy-note" role="status" aria-busy="true" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      {children}
      {seconds > 0 && <span className="muted"> {seconds} s</span>}
    </p>
  );
}
