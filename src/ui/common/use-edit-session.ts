import { useRef } from 'react';

let sessions = 0;

/**
 * A key that stays the same while one field keeps focus, so every keystroke
 * there is committed live but undone as one step.
 */
export function useEditSession(): { key: () => string; onFocus: () => void } {
  const ref = useRef<string>('');
  return {
    key: () => ref.current || (ref.current = `edit-${++sessions}`),
    onFocus: () => {
      ref.current = `edit-${++sessions}`;
    },
  };
}
