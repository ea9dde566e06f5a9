// The header's button that opens and closes the guided lessons' panel.
import { useLab } from '../../store';

export function LessonsToggle() {
  const open = useLab((s) => s.lessonOpen);
  const setOpen = useLab((s) => s.setLessonOpen);
  return (
    <button
      type="button"
      className={`lessons-toggle${open ? ' on' : ''}`}
      data-testid="lessons-toggle"
      aria-expanded={open}
      aria-controls="lessons-panel"
      onClick={() => setOpen(!open)}
    >
      <svg
        aria-hidden="true"
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M2 5.5C5 4 8.5 4 12 6c3.5-2 7-2 10-.5V19c-3-1.5-6.5-1.5-10 .5-3.5-2-7-2-10-.5z" />
        <path d="M12 6v13.5" />
      </svg>
      Lessons
    </button>
  );
}
