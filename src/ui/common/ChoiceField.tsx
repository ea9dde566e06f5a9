// A labelled <select> over a fixed list of choices (strings or numbers), each with its own text.
export interface ChoiceFieldProps<T extends string | number> {
  label: string;
  testId?: string;
  value: T;
  choices: readonly T[];
  /** Each choice's words: a table, or a function where they depend on more than the choice. */
  text: Record<T, string> | ((choice: T) => string);
  /** Across both columns of a settings grid (the default), or in one. */
  wide?: boolean;
  /** The words, then the select, on one line in a row of controls (instead of a settings field). */
  inline?: boolean;
  disabled?: boolean;
  /** Choices shown but not choosable (e.g. an empty split). */
  unavailable?: (choice: T) => boolean;
  onChange: (value: T) => void;
}

export function ChoiceField<T extends string | number>({
  label,
  testId,
  value,
  choices,
  text,
  wide = true,
  inline = false,
  disabled,
  unavailable,
  onChange,
}: ChoiceFieldProps<T>) {
  const words = typeof text === 'function' ? text : (c: T) => text[c];
  const select = (
    <select
      data-testid={testId}
      value={String(value)}
      disabled={disabled}
      // An option's value is the choice as a string; the choice itself comes back from the list.
      onChange={(e) => {
        const chosen = choices.find((c) => String(c) === e.target.value);
        if (chosen !== undefined) onChange(chosen);
      }}
    >
      {choices.map((c) => (
        <option key={c} value={String(c)} disabled={unavailable?.(c)}>
          {words(c)}
        </option>
      ))}
    </select>
  );
  if (inline)
    return (
      <label>
        {label} {select}
      </label>
    );
  return (
    <label className={wide ? 'field span-2' : 'field'}>
      <span>{label}</span>
      {select}
    </label>
  );
}

/** The choices 0, 1, ..., n - 1 (a filter, a channel). */
export const indices = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
