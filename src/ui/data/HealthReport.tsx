// The health report and the skipped files: what the student should know before training.
import { useLab } from '../../store';

export function HealthReport() {
  const health = useLab((s) => s.health);
  const ready = useLab((s) => s.dataset !== null);
  if (!ready) return null;
  if (health.length === 0) {
    return (
      <p className="ok-line" data-testid="health-ok">
        No problems found: every class has enough images in every split, classes are balanced, and no image appears in
        two splits.
      </p>
    );
  }
  return (
    <ul className="health-list">
      {health.map((issue) => (
        <li key={issue.kind} className="health-issue" data-testid="health-issue" data-kind={issue.kind}>
          <strong>{issue.message}</strong>
          {issue.details.length > 0 && (
            <details>
              <summary>Details ({issue.details.length})</summary>
              <ul>
                {issue.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

export function SkippedList() {
  const skipped = useLab((s) => s.skipped);
  const source = useLab((s) => s.dataSource);
  const error = useLab((s) => s.dataError);
  if (source?.kind !== 'folder' && !error && skipped.length === 0) return null;
  return (
    <div className="skipped">
      <h3>
        Skipped files: <span data-testid="skipped-count">{skipped.length}</span>
      </h3>
      {skipped.length === 0 ? (
        <p className="muted">Every file in the folder was loaded.</p>
      ) : (
        <ul className="skipped-list">
          {skipped.map((s) => (
            <li key={s.path} data-testid="skipped-item" data-file={s.path}>
              <code>{s.path}</code> <span className="muted">{s.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
