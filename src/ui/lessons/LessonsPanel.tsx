// The guided lessons' side panel: pick a lesson, walk its steps. Each step's
// run is the student's own; the panel only sets things up and checks.
import { useEffect } from 'react';
import { useLab } from '../../store';
import { LESSONS, findLesson, isLessonId, transferMissing } from '../../model/lessons';
import { findPreset } from '../../model/presets';
import { LessonStepItem, type StepState } from './LessonStepItem';
import { useLessonChecks } from './use-lesson-checks';
import { LessonLink } from './LessonLink';
import './lessons.css';

function useTransferMissing(active: boolean): string | null {
  const baseFiles = useLab((s) => s.baseFiles);
  const folder = useLab((s) => s.dataSource?.kind === 'folder' && s.dataState === 'ready');
  useEffect(() => {
    if (active && baseFiles === null) void useLab.getState().refreshBaseFiles();
  }, [active, baseFiles]);
  if (!active) return null;
  return transferMissing({
    presets: !!findPreset('vgg16-feature-extraction') && !!findPreset('vgg16-fine-tuning'),
    vgg16Kept: !!baseFiles?.some((f) => f.ref.base === 'vgg16' && f.checksum !== 'mismatch'),
    folderLoaded: folder,
  });
}

export function LessonsPanel() {
  const lessonId = useLab((s) => s.lessonId);
  const current = useLab((s) => s.lessonStep);
  const notice = useLab((s) => s.lessonNotice);
  const { openLesson, setLessonOpen, showLessonNotice } = useLab.getState();
  const lesson = findLesson(lessonId ?? '');
  const records = useLessonChecks(lesson);
  const missing = useTransferMissing(lesson?.needs === 'pretrained-base');
  const finished = !!lesson && current > lesson.steps.length;

  const stateOf = (n: number): StepState =>
    n === current && !finished ? 'current' : records[n - 1]?.run ? 'done' : 'todo';

  return (
    <aside id="lessons-panel" className="lessons-panel" aria-labelledby="lessons-title" data-testid="lessons-panel">
      <div className="lessons-head">
        <h2 id="lessons-title">Guided lessons</h2>
        <button type="button" className="icon" aria-label="Close the lessons" onClick={() => setLessonOpen(false)}>
          {'\u00d7'}
        </button>
      </div>
      {notice && (
        <p className="lesson-error" role="alert">
          {notice}{' '}
          <button type="button" className="link" onClick={() => showLessonNotice(null)}>
            Dismiss
          </button>
        </p>
      )}
      <label className="lessons-pick">
        <span>Lesson</span>
        <select
          data-testid="lesson-select"
          value={lessonId ?? ''}
          onChange={(e) => isLessonId(e.target.value) && openLesson(e.target.value)}
        >
          {!lessonId && <option value="">Choose a lesson…</option>}
          {LESSONS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      {lesson ? (
        <>
          <p className="lessons-summary">{lesson.summary}</p>
          <ol className="lesson-steps">
            {lesson.steps.map((step, i) => (
              <LessonStepItem
                key={`${lesson.id}-${i}`}
                step={step}
                n={i + 1}
                state={stateOf(i + 1)}
                record={records[i] ?? { run: null, check: null }}
                missing={missing}
              />
            ))}
          </ol>
          {finished && (
            <p className="lessons-done" role="status">
              Lesson done. Every run is kept in Runs: tick two to compare their curves.
            </p>
          )}
          <LessonLink id={lesson.id} step={finished ? 1 : current} />
        </>
      ) : (
        <p className="lessons-summary">
          The textbook chapter, step by step: set each step up, predict, train, and see your numbers checked against
          what the lab measured.
        </p>
      )}
    </aside>
  );
}
