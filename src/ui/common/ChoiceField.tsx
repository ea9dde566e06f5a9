// A labelled <select> over a fixed list of string choices, each with its own text.
export interface ChoiceFieldProps<T extends string> {
  label: string;
  testId: string;
  value: T;
  choices: readonly T[];
  text: Record<T, string>;
  disabled?: boolean;
  onChange: (value: T) => void;
}

export function ChoiceField<T extends string>({ label, testId, value, choices, text, disabled, onChange }: ChoiceFieldProps<T>) {
  return (
    <label className="field span-2">
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
