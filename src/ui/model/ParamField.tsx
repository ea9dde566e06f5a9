// One parameter of one layer, edited inline. Enums are selects; numbers and
// pairs are text so "1/255", "3x3" and a Keras factor ("0.1" or "-0.1, 0.2")
// can be typed. Valid values commit live.
import { useId } from 'react';
import { formatField, parseField, type FieldSpec } from '../../model/params';
import { useEditSession } from '../common/use-edit-session';
import { useFieldDraft } from '../common/use-field-draft';

interface Props {
  spec: FieldSpec;
  value: unknown;
  layerName: string;
  /** The layer's id: an invalid text is kept against it and blocks training (src/model/field-drafts.ts). */
  layerId: string;
  onCommit: (value: unknown, editKey: string) => void;
}

/** What an empty field means, where empty is allowed. */
function placeholder(spec: FieldSpec): string | undefined {
  if (spec.field.kind === 'pair' && spec.field.optional) return '= pool';
  if (spec.field.kind === 'factor' && spec.field.nullable) return 'None';
  return undefined;
}

export function ParamField({ spec, value, layerName, layerId, onCommit }: Props) {
  const label = `${layerName} ${spec.keras}`;
  const draft = useFieldDraft({ kind: 'layer', layerId, key: spec.key }, label, value);
  const session = useEditSession();
  const errorId = useId();
  const testId = `param-${spec.keras}`;

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

  const text = draft.text ?? formatField(spec, value);
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
          const next = parseField(spec, e.target.value);
          draft.set(e.target.value, 'error' in next ? next.error : null, 'value' in next ? next.value : value);
          if ('value' in next) onCommit(next.value, session.key());
        }}
        onBlur={() => !error && draft.clear()}
        onKeyDown={(e) => e.key === 'Escape' && draft.clear()}
      />
      {error && (
        <small id={errorId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
