// A teacher's lesson link (#lesson=<id>&step=<n>) opens that lesson at that
// step, when the page opens and when such a link is pasted into the tab; then
// it leaves the address bar so a reload keeps the student's own progress.
import { useLab } from '../../store';
import { parseLessonLink } from '../../model/lessons';

export function watchLessonLinks(): void {
  const open = () => {
    const link = parseLessonLink(window.location.hash);
    if (!link) return;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
    const lab = useLab.getState();
    if (link.ok) {
      lab.showLessonNotice(null);
      lab.openLesson(link.id, link.step);
    } else {
      lab.setLessonOpen(true);
      lab.showLessonNotice(link.error);
    }
  };
  open();
  window.addEventListener('hashchange', open);
}
