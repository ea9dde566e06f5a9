// Guided lessons: which lesson is open, at which step, and which of the
// student's runs answered each step. The lessons themselves are pure data
// (model/lessons); this slice sets a step up through the other slices'
// actions and records the first run that ends after the step was armed, then
// moves to the next step. Progress is saved (LESSON_SAVED, in saved.ts' table).
import type { StateCreator } from 'zustand';
import { findLesson, isLessonId, type LessonId, type LessonStep } from '../model/lessons';
import { findPreset } from '../model/presets';
import { withAugmentation } from './runs/ab';
import { runFineTune } from './runs/fine-tune-run';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import type { LabState } from './index';

export type LessonSetupState = { phase: 'idle' } | { phase: 'working' } | { phase: 'failed'; why: string };

export interface LessonsSlice {
  lessonOpen: boolean;
  lessonId: LessonId | null;
  /** The current step, from 1; steps + 1 once the last step's run has ended. */
  lessonStep: number;
  /** `${lessonId}:${step}` -> the id of the run that answered it. */
  lessonRuns: Record<string, string>;
  /** Runs started at or after this time answer the current step. */
  lessonArmedAt: number;
  lessonSetup: LessonSetupState;
  /** A lesson link that could not be opened, in words. */
  lessonNotice: string | null;
  setLessonOpen: (open: boolean) => void;
  openLesson: (id: LessonId, step?: number) => void;
  goToLessonStep: (step: number) => void;
  setUpLessonStep: () => Promise<void>;
  showLessonNotice: (notice: string | null) => void;
}

export const lessonKey = (id: LessonId, step: number): string => `${id}:${step}`;

/** The saved part of the slice, each value through its sanitizer (saved.ts spreads it into its table). */
export const LESSON_SAVED = {
  lessonOpen: (raw: unknown) => raw === true,
  lessonId: (raw: unknown) => (isLessonId(raw) ? raw : null),
  lessonStep: (raw: unknown) => (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= 20 ? raw : 1),
  lessonRuns: (raw: unknown) => {
    const out: Record<string, string> = {};
    if (raw && typeof raw === 'object')
      for (const [k, v] of Object.entries(raw)) if (/^[a-z-]+:\d+$/.test(k) && typeof v === 'string') out[k] = v;
    return out;
  },
  lessonArmedAt: (raw: unknown) => (typeof raw === 'number' && Number.isFinite(raw) ? raw : 0),
};

const answered = (run: Run) => run.end !== null && run.test !== null;

export const createLessonsSlice: StateCreator<LabState, [], [], LessonsSlice> = (set, get, api) => {
  const arm = (patch: Partial<LessonsSlice>) =>
    set({ ...patch, lessonArmedAt: Date.now(), lessonSetup: { phase: 'idle' } });

  // The student's run for the current step: the first one that ends, scored on test, after the step was armed.
  api.subscribe((s, prev) => {
    if (s.runs === prev.runs || !s.lessonId) return;
    const lesson = findLesson(s.lessonId);
    if (!lesson || s.lessonStep > lesson.steps.length) return;
    const taken = new Set(Object.values(s.lessonRuns));
    const run = s.runs.find((r) => r.createdAt >= s.lessonArmedAt && answered(r) && !taken.has(r.id));
    if (!run) return;
    set({
      lessonRuns: { ...s.lessonRuns, [lessonKey(lesson.id, s.lessonStep)]: run.id },
      lessonStep: s.lessonStep + 1,
      lessonArmedAt: Date.now(),
      lessonSetup: { phase: 'idle' },
    });
  });

  /** Resolves once no data job is running. */
  const dataSettled = () =>
    new Promise<void>((resolve) => {
      if (get().dataState !== 'loading') return resolve();
      const stop = api.subscribe((s) => {
        if (s.dataState === 'loading') return;
        stop();
        resolve();
      });
    });

  /** The student's run of an earlier step fine-tuned as Runs' one click does (runs-slice.ts' fineTuneRun). */
  const fineTuneEarlier = (earlier: number, settings: LessonStep['setup']['settings']): string | null => {
    const { lessonId, lessonRuns, runs } = get();
    const run = lessonId ? runs.find((r) => r.id === lessonRuns[lessonKey(lessonId, earlier)]) : undefined;
    if (!run || !runFineTune(run))
      return `This step fine-tunes your run of step ${earlier}, and there is none with kept weights: do step ${earlier} first.`;
    if (get().modelLock) return get().modelLock;
    get().fineTuneRun(run.id);
    get().setTrainSettings({ epochs: settings.epochs, ...(settings.batchSize && { batchSize: settings.batchSize }) });
    return null;
  };

  const setUp = async (step: LessonStep): Promise<string | null> => {
    const { data, settings } = step.setup;
    if (get().dataLock) return get().dataLock;
    if (data.kind === 'builtin') {
      const s = get();
      const f = s.splitFractions;
      if (f.train !== data.fractions.train || f.val !== data.fractions.val || f.test !== data.fractions.test)
        s.setSplitFractions(data.fractions);
      if (s.maxPerClass !== data.maxPerClass) s.setMaxPerClass(data.maxPerClass);
      const src = s.dataSource;
      if (!(src?.kind === 'builtin' && src.builtin === data.builtin && s.dataState !== 'error'))
        get().loadBuiltinDataset(data.builtin);
      await dataSettled();
      const now = get();
      if (now.dataState !== 'ready' || now.dataSource?.kind !== 'builtin' || now.dataSource.builtin !== data.builtin)
        return now.dataError?.message ?? 'The data did not load: see Data.';
    } else if (get().dataSource?.kind !== 'folder' || get().dataState !== 'ready')
      return 'Load your own folder first (Data > Choose a folder\u2026).';
    if ('fineTunes' in step.setup) return fineTuneEarlier(step.setup.fineTunes.step, settings);
    const { preset, regularise } = step.setup;
    get().applyPreset(preset);
    if (regularise) get().replaceArchitecture(withAugmentation(get().arch));
    // The preset's own optimizer and rate (fine-tuning's RMSprop 1e-5), else the textbook's defaults.
    const training = findPreset(preset)?.training ?? {
      optimizer: DEFAULT_SETTINGS.optimizer,
      learningRate: DEFAULT_SETTINGS.learningRate,
    };
    get().setTrainSettings({
      ...training,
      epochs: settings.epochs,
      batchSize: settings.batchSize ?? DEFAULT_SETTINGS.batchSize,
      seed: settings.seed ?? DEFAULT_SETTINGS.seed,
      ...(settings.learningRate !== undefined && { learningRate: settings.learningRate }),
    });
    get().setSection('train');
    return null;
  };

  return {
    lessonOpen: false,
    lessonId: null,
    lessonStep: 1,
    lessonRuns: {},
    lessonArmedAt: 0,
    lessonSetup: { phase: 'idle' },
    lessonNotice: null,
    setLessonOpen: (lessonOpen) => set({ lessonOpen }),
    openLesson: (id, step) => {
      const lesson = findLesson(id);
      if (!lesson) return;
      const { lessonRuns } = get();
      const firstOpen = lesson.steps.findIndex((_, i) => !lessonRuns[lessonKey(id, i + 1)]);
      const at = step ?? (firstOpen < 0 ? lesson.steps.length + 1 : firstOpen + 1);
      arm({ lessonOpen: true, lessonId: id, lessonStep: Math.max(1, Math.min(lesson.steps.length + 1, at)) });
    },
    goToLessonStep: (step) => {
      const lesson = findLesson(get().lessonId ?? '');
      if (lesson && step >= 1 && step <= lesson.steps.length) arm({ lessonStep: step });
    },
    setUpLessonStep: async () => {
      const lesson = findLesson(get().lessonId ?? '');
      const step = lesson?.steps[get().lessonStep - 1];
      if (!step || get().lessonSetup.phase === 'working') return;
      set({ lessonSetup: { phase: 'working' } });
      const why = await setUp(step);
      set({ lessonSetup: why ? { phase: 'failed', why } : { phase: 'idle' }, lessonArmedAt: Date.now() });
    },
    showLessonNotice: (lessonNotice) => set({ lessonNotice }),
  };
};
