// A guided lesson as plain data: steps a student walks through, each with a
// "set it up for me" setup, a question to answer before running, and what to
// expect as a band the lab measured itself. Pure: no store, no React, no tfjs.

export type LessonId = 'first-convnet' | 'overfitting' | 'augmentation' | 'transfer';

/** The presets a lesson uses (a subset of model/presets.ts' ids, checked by the lessons' test). */
export type LessonPreset =
  'mnist-convnet' | 'mnist-dense' | 'catsdogs-naive' | 'vgg16-feature-extraction' | 'vgg16-fine-tuning';

/** What the set-up loads: a built-in dataset with its split, or the student's own folder (already loaded). */
export type LessonData =
  | {
      kind: 'builtin';
      builtin: 'mnist' | 'shapes';
      /** Images per class at most (0: all), applied before splitting. */
      maxPerClass: number;
      fractions: { train: number; val: number; test: number };
    }
  | { kind: 'folder' };

interface SetupCommon {
  data: LessonData;
  settings: { epochs: number; batchSize?: number; learningRate?: number; seed?: number };
}

/**
 * What "Set it up for me" does: a preset's fresh model, or the student's own run of an earlier step fine-tuned in
 * one click, as Runs' "Fine-tune this run from block5_conv1" does (its model with the base's last block trainable,
 * RMSprop 1e-5, and the classifier it trained to start from: store/runs/fine-tune-run.ts).
 */
export type StepSetup =
  | (SetupCommon & {
      preset: LessonPreset;
      /** The textbook's augmentation block and Dropout(0.5) added to the preset (the A/B's second arm). */
      regularise?: boolean;
    })
  | (SetupCommon & { fineTunes: { step: number } });

/** Asked before the run; the answer is shown once the step's run has ended. */
export interface Prediction {
  question: string;
  options: readonly string[];
  /** Index into options. */
  answer: number;
  why: string;
}

export type Metric = 'test-accuracy' | 'best-epoch';

/**
 * The band the student's number should fall in. `fixed`: measured by the lab (source says where).
 * `baseline`: none, the number to beat. `above`: higher than the student's own run of an earlier step (transfer: each on their own folder).
 */
export type Expectation =
  | { kind: 'fixed'; metric: Metric; low: number; high: number; source: string }
  /** No band: the run sets the number later steps must beat (any accuracy passes, 0-1). */
  | { kind: 'baseline'; metric: 'test-accuracy'; source: string }
  | { kind: 'above'; metric: 'test-accuracy'; step: number; source: string };

export interface LessonStep {
  title: string;
  /** What to do, in the lab's words. */
  doThis: string;
  setup: StepSetup;
  predict: Prediction;
  expect: Expectation;
  /** How long the set-up run takes, measured (WASM, the shared 2-core machine), as a student reads it. */
  takes: string;
  /** An earlier step whose run this step's check compares with (mistakes, points). */
  compareWith?: { step: number; label: string };
  /** The run's name in the check's words, e.g. "your convnet". */
  runLabel: string;
}

export interface Lesson {
  id: LessonId;
  title: string;
  /** One or two sentences: what the student will see, from which textbook section. */
  summary: string;
  steps: readonly LessonStep[];
  /** Set for a lesson that needs more than the lab always has (transfer: a base's kept weights, a folder). */
  needs?: 'pretrained-base';
}
