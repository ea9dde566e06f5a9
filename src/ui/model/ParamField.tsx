// One parameter of one layer, edited inline. Enums are selects; numbers and
// pairs are text so "1/255", "3x3" and a Keras factor ("0.1" or "-0.1, 0.2")
// can be typed. Valid values commit live.
import { useId, useState } from 'react';
import { formatField, parseField, type FieldSpec } from '../../model/params';
import { useEditSession } from '../common/useEditSession';

interface Props {
  spec: FieldSpec;
  value: unknown;
  layerName: string;
  onCommit: (value: unknown, editKey: string) => void;
}

/** What an empty field means, where empty is allowed. */
function placeholder(spec: FieldSpec): string | undefined {
  if (spec.field.kind === 'pair' && spec.field.optional) return '= pool';
  if (spec.field.kind === 'factor' && spec.field.nullable) return 'None';
  return undefined;
}

export function ParamField({ spec, value, layerName, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const session = useEditSession();
  const errorId = useId();
  const testId = `param-${spec.keras}`;
  const label = `${layerName} ${spec.keras}`;

  if (spec.field.kind === 'enum') {
    return (
      <label className="param" title={spec.help}>
        <span>{spec.keras}</span>
        <select
          aria-label={label}
          data-testid={testId}
          value={String(value)}
          onChange={(e) => onCommit(e.target.value, session.key())}
        >
          {spec.field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }

  const text = draft ?? formatField(spec, value);
  const parsed = parseField(spec, text);
  const error = 'error' in parsed ? parsed.error : null;
  return (
    <label className={`param${error ? ' invalid' : ''}`} title={spec.help}>
      <span>{spec.keras}</span>
      <input
        aria-label={label}
        data-testid={testId}
        value={text}
        placeholder={placeholder(spec)}
        size={Math.max(
          3,
          Math.min(spec.field.kind === 'factor' || spec.field.kind === 'range' ? 12 : 8, text.length + 1),
        )}
        aria-invalid={!!error}
        aria-describedby={error ? errorId : undefined}
        onFocus={session.onFocus}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = parseField(spec, e.target.value);
          if ('value' in next) onCommit(next.value, session.key());
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
