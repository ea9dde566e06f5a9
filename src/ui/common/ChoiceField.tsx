// A labelled <select> over a fixed list of string choices, each with its own text.
export interface ChoiceFieldProps<T extends string> {
  label: string;
  testId: string;
  value: T;
  choices: readonly T[];
  text: Record<T, string>;
  /** Across both columns of a settings grid (the default), or in one. */
  wide?: boolean;
  disabled?: boolean;
  onChange: (value: T) => void;
}

export function ChoiceField<T extends string>({
  label,
  testId,
  value,
  choices,
  text,
  wide = true,
  disabled,
  onChange,
}: ChoiceFieldProps<T>) {
  return (
    <label className={wide ? 'field span-2' : 'field'}>
      <span>{label}</span>
      <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {text[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
