// What is wrong with the architecture, where, and what would fix it. Present
// only while the architecture is invalid (contract: arch-error).
import type { ArchSummary } from '../../model/infer';
import type { FieldDraft } from '../../model/field-drafts';

interface Props {
  summary: ArchSummary;
  /** Model fields whose text is no valid value: the summary below still counts the last valid one. */
  fields: readonly FieldDraft[];
  onSelect: (id: string) => void;
}

export function ArchErrors({ summary, fields, onSelect }: Props) {
  if (summary.valid && fields.length === 0) {
    return (
      <p className="ok-line" data-testid="arch-ok">
        ✓ Valid model. Loss: <code>{summary.loss}</code>
      </p>
    );
  }
  return (
    <div className="arch-error" role="alert" data-testid="arch-error">
      {fields.map((f) => (
        <div key={JSON.stringify(f.target)} className="arch-issue" data-field={f.label}>
          <p>
            <strong>
              Invalid model: {f.label} is {f.text.trim() === '' ? 'empty' : `"${f.text}"`} ({f.error}).
            </strong>
          </p>
          <p>
            Fix: type a valid value there, or press Escape in the field to go back to the last valid one. The summary
            below still shows that last valid model, not what the field shows.
          </p>
          {f.target.kind === 'layer' && (
            <button type="button" className="link" onClick={() => onSelect((f.target as { layerId: string }).layerId)}>
              Show the layer
            </button>
          )}
        </div>
      ))}
      {summary.issues.map((issue, i) => (
        <div key={i} className="arch-issue">
          <p>
            <strong>{issue.message}</strong>
          </p>
          <p>Fix: {issue.fix}</p>
          {issue.layerId && (
            <button type="button" className="link" onClick={() => onSelect(issue.layerId!)}>
              Show layer {issue.layerIndex! + 1}
            </button>
          )}
        </div>
      ))}
      <p className="muted">Training is disabled until this is fixed.</p>
    </div>
  );
}
