// A teacher's link to this lesson at this step: the lab opens it there
// (lessonLinks.ts reads it at start-up and when pasted into the tab).
import { useState } from 'react';
import { lessonHash, type LessonId } from '../../model/lessons';

export function LessonLink({ id, step }: { id: LessonId; step: number }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const link = `${window.location.origin}${window.location.pathname}${lessonHash(id, step)}`;
  const copy = () =>
    navigator.clipboard.writeText(link).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <div className="lesson-link">
      <label>
        <span>Link to this step, for a class</span>
        <input readOnly value={link} data-testid="lesson-link" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" onClick={() => void copy()}>
        Copy
      </button>
      {copied && (
        <span className="muted" role="status">
          {copied === 'yes' ? 'Copied.' : 'Could not copy: select the link and copy it.'}
        </span>
      )}
    </div>
  );
}
