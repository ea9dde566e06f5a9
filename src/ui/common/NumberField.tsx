// A number input that commits every valid value as the student types (one
// undo step per focus), keeps invalid drafts visible, and says why.
import { useId } from 'react';
import { useEditSession } from './use-edit-session';
import { useFieldDraft } from './use-field-draft';
import { numberProblem as problem, type DraftTarget } from '../../model/field-drafts';

interface Props {
  label: string;
  value: number;
  onCommit: (value: number, editKey: string) => void;
  min: number;
  max: number;
  integer?: boolean;
  testId?: string;
  disabled?: boolean;
  /** The value this field edits: an invalid text then blocks training (src/model/field-drafts.ts). */
  draftTarget?: DraftTarget;
  /** Told each time the text becomes invalid (why) or valid again (null): for fields no draft target covers. */
  onValidity?: (error: string | null) => void;
}

export function NumberField({
  label,
  value,
  onCommit,
  min,
  max,
  integer = true,
  testId,
  disabled,
  draftTarget,
  onValidity,
}: Props) {
  const draft = useFieldDraft(draftTarget, label, value);
  const session = useEditSession();
  const errorId = useId();
  const text = draft.text ?? String(value);
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
          const why = problem(next, min, max, integer);
          draft.set(next, why, why ? value : Number(next));
          onValidity?.(why);
          if (!why && Number(next) !== value) onCommit(Number(next), session.key());
        }}
        onBlur={() => !error && draft.clear()}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          draft.clear();
          onValidity?.(null);
        }}
      />
      {error && (
        <small id={errorId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
