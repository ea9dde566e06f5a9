// The checks of the open lesson's answered steps, from the student's own runs
// (the store's runs, by the ids the lessons slice recorded).
import { useMemo } from 'react';
import { useLab } from '../../store';
import { checkStep, type Lesson, type LessonRun, type StepCheck } from '../../model/lessons';
import { lessonKey } from '../../store/lessons-slice';

export interface StepRecord {
  /** The run that answered the step, null when none did (or it was deleted since). */
  run: LessonRun | null;
  check: StepCheck | null;
}

export function useLessonChecks(lesson: Lesson | undefined): StepRecord[] {
  const runs = useLab((s) => s.runs);
  const lessonRuns = useLab((s) => s.lessonRuns);
  return useMemo(() => {
    if (!lesson) return [];
    const answered = lesson.steps.map((_, i) => {
      const id = lessonRuns[lessonKey(lesson.id, i + 1)];
      return (id && runs.find((r) => r.id === id)) || null;
    });
    return lesson.steps.map((step, i) => {
      const run = answered[i] ?? null;
      return { run, check: run ? checkStep(step, run, answered) : null };
    });
  }, [lesson, runs, lessonRuns]);
}
