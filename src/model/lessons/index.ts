// The guided lessons, in the textbook chapter's order, and the lesson link a
// teacher hands out: #lesson=<id>&step=<n> opens that lesson at that step.
import { AUGMENTATION } from './augmentation';
import { FIRST_CONVNET } from './first-convnet';
import { OVERFITTING } from './overfitting';
import { TRANSFER } from './transfer';
import type { Lesson, LessonId } from './types';

export type { Lesson, LessonId, LessonStep, StepSetup, Prediction, Expectation } from './types';
export { checkStep, mistakesOf, type LessonRun, type StepCheck } from './check';
export { transferMissing, type TransferNeeds } from './transfer';

export const LESSONS: readonly Lesson[] = [FIRST_CONVNET, OVERFITTING, AUGMENTATION, TRANSFER];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export const isLessonId = (id: unknown): id is LessonId => typeof id === 'string' && !!findLesson(id);

/** The link's hash for a lesson at a step (from 1). */
export function lessonHash(id: LessonId, step: number): string {
  return `#lesson=${id}&step=${step}`;
}

export type LessonLink = { ok: true; id: LessonId; step: number } | { ok: false; error: string };

/**
 * Reads a lesson link from a URL or its hash: null when it is no lesson link, else the lesson and step, or
 * what is wrong with it (an unknown lesson, a step it does not have), for the page to say.
 */
export function parseLessonLink(urlOrHash: string): LessonLink | null {
  const at = urlOrHash.indexOf('#lesson=');
  if (at < 0) return null;
  const params = new URLSearchParams(urlOrHash.slice(at + 1));
  const id = params.get('lesson') ?? '';
  const lesson = findLesson(id);
  if (!lesson)
    return { ok: false, error: `This lesson link names a lesson the lab does not have ("${id.slice(0, 40)}").` };
  const raw = params.get('step');
  if (raw === null) return { ok: true, id: lesson.id, step: 1 };
  const step = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(step >= 1 && step <= lesson.steps.length))
    return {
      ok: false,
      error: `This lesson link asks for step "${raw.slice(0, 10)}" of \u201c${lesson.title}\u201d, which has steps 1-${lesson.steps.length}.`,
    };
  return { ok: true, id: lesson.id, step };
}
