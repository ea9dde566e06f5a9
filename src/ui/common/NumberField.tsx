// A number input that commits every valid value as the student types (one
// undo step per focus), keeps invalid drafts visible, and says why.
import { useId, useState } from 'react';
import { useEditSession } from './useEditSession';

interface Props {
  label: string;
  value: number;
  onCommit: (value: number, editKey: string) => void;
  min: number;
  max: number;
  integer?: boolean;
  testId?: string;
  disabled?: boolean;
}

function problem(text: string, min: number, max: number, integer: boolean): string | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return 'Enter a number';
  if (integer && !Number.isInteger(n)) return 'Enter a whole number';
  if (n < min || n > max) return `Between ${min} and ${max}`;
  return null;
}

export function NumberField({ label, value, onCommit, min, max, integer = true, testId, disabled }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const session = useEditSession();
  const errorId = useId();
  const text = draft ?? String(value);
  const error = problem(text, min, max, integer);

  return (
    <label className={`field${error ? ' invalid' : ''}`}>
      <span>{label}</span>
      <input
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        data-testid={testId}
        value={text}
        min={min}
        max={max}
        step={integer ? 1 : 'any'}
        disabled={disabled}
        aria-invalid={!!error}
        aria-describedby={error ? errorId : undefined}
        onFocus={session.onFocus}
        onChange={(e) => {
          const next = e.target.value;
          setDraft(next);
          if (!problem(next, min, max, integer) && Number(next) !== value) onCommit(Number(next), session.key());
        }}
        onBlur={() => !error && setDraft(null)}
        onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}
      />
      {error && (
        <small id={errorId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
