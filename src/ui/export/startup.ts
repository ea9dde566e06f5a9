// A share link in the address bar is applied when the page opens (and when a
// link is pasted into this tab later), then removed from the address bar so a
// reload does not apply it again over the student's next edits.
import { useLab } from '../../store';
import { shareFragment } from '../../export/share';

export function watchShareLinks(): void {
  const open = () => {
    if (shareFragment(window.location.hash) === null) return;
    const link = window.location.href;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
    void useLab.getState().openShareLink(link);
  };
  open();
  window.addEventListener('hashchange', open);
}
