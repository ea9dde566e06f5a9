// What opening a share link did: the lesson's instruction, or why the link
// was refused. Dismissible; shown above every section.
import { useLab } from '../../store';
import './export.css';

export function ShareBanner() {
  const notice = useLab((s) => s.shareNotice);
  const dismiss = useLab((s) => s.dismissShareNotice);
  if (!notice) return null;
  const error = notice.kind === 'error';
  return (
    <div
      className={`share-banner ${error ? 'share-banner-error' : ''}`}
      role={error ? 'alert' : 'status'}
      data-testid={error ? 'error-message' : 'share-notice'}
      data-source="share-link"
    >
      <div>
        <p className="share-banner-message">{notice.message}</p>
        {notice.text && (
          <p className="share-instructions" data-testid="share-instructions">
            {notice.text}
          </p>
        )}
      </div>
      <button
        type="button"
        className="share-dismiss"
        data-testid="share-dismiss"
        onClick={dismiss}
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}
