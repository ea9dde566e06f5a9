// What is wrong with the architecture, where, and what would fix it. Present
// only while the architecture is invalid (contract: arch-error).
import type { ArchSummary } from '../../model/infer';

export function ArchErrors({ summary, onSelect }: { summary: ArchSummary; onSelect: (id: string) => void }) {
  if (summary.valid) {
    return (
      <p className="ok-line" data-testid="arch-ok">
        ✓ Valid model. Loss: <code>{summary.loss}</code>
      </p>
    );
  }
  return (
    <div className="arch-error" role="alert" data-testid="arch-error">
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
