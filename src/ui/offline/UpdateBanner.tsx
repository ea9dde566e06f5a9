// The offline app's two notices: "works offline now" after the first visit's
// service worker has kept everything, and "a new version is ready" when a
// newer one waits. The new version is never swapped in by itself (the worker
// does not skip waiting): the student reloads, and not while a run is going,
// since a reload ends it. In `npm run dev` the hook is a stub (no worker).
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useLab } from '../../store';
import './offline.css';

export function UpdateBanner() {
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();
  const trainState = useLab((s) => s.trainState);
  const running = trainState === 'preparing' || trainState === 'training' || trainState === 'paused';

  if (needRefresh)
    return (
      <div className="offline-banner" role="status" data-testid="update-banner">
        <p>
          A new version of the lab is ready.{' '}
          {running ? 'Reload once this run has ended (a reload would stop it).' : 'Reload to use it.'}
        </p>
        <button
          type="button"
          data-testid="update-reload-button"
          disabled={running}
          onClick={() => void updateServiceWorker(true)}
        >
          Reload
        </button>
      </div>
    );
  if (offlineReady)
    return (
      <div className="offline-banner" role="status" data-testid="offline-ready">
        <p>The lab is kept in this browser: it now opens and trains without a network.</p>
        <button type="button" aria-label="Dismiss" onClick={() => setOfflineReady(false)}>
          ×
        </button>
      </div>
    );
  return null;
}
