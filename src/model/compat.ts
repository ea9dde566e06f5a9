// The one check of an architecture against a dataset. The Train button
// (store/train-runs.ts), the Data view's mismatch banner and the training
// worker (worker/service.ts) all ask this function, so they can never
// disagree about whether a model fits the data, or word it differently.
import { inferSummary, type LossName } from './infer';
import type { Architecture } from './layers';
import { formatShape, type ImageShape } from './shape';

type Split = 'train' | 'val' | 'test';

/** What the check needs of a dataset (an ImageDataset has all of it). */
export interface DatasetFacts extends ImageShape {
  classNames: readonly string[];
  train: { count: number };
  val: { count: number };
  test: { count: number };
}

export interface CompatProblem {
  what: 'arch' | 'no-data' | 'size' | 'channels' | 'classes' | 'empty-split';
  /** What is wrong, in one sentence. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The section where the fix is made. */
  goTo: 'model' | 'data';
}

export type Compatibility = { ok: true; loss: LossName } | { ok: false; problems: CompatProblem[] };

export interface CompatOptions {
  /** Splits that must hold images: training needs train and val (the default), evaluation its own split. */
  splits?: readonly Split[];
}

const SPLIT_WORDS: Record<Split, { name: string; fix: string }> = {
  train: {
    name: 'training',
    fix: 'Training needs images in both the training and the validation split. Load more images, or change the split in Data.',
  },
  val: {
    name: 'validation',
    fix: 'Training needs images in both the training and the validation split (val_loss picks the kept checkpoint). Change the split in Data.',
  },
  test: {
    name: 'test',
    fix: 'Give the test split some images in Data (e.g. a test/ folder or a larger test fraction).',
  },
};

const channelWords = (c: number) =>
  `${c} channel${c === 1 ? '' : 's'}${c === 1 ? ' (grayscale)' : c === 3 ? ' (RGB)' : ''}`;

/** Every reason `arch` cannot train on (or be evaluated on) `data`, in the order a student should fix them. */
export function checkCompatibility(
  arch: Architecture,
  data: DatasetFacts | null,
  options: CompatOptions = {},
): Compatibility {
  const problems: CompatProblem[] = [];
  const summary = inferSummary(arch);
  if (!summary.valid || !summary.loss) {
    const first = summary.issues[0];
    problems.push({
      what: 'arch',
      message: `The model is not valid yet${first ? `: ${first.message}` : '.'}`,
      fix: 'Fix it in Model.',
      goTo: 'model',
    });
  }
  if (!data) {
    problems.push({
      what: 'no-data',
      message: 'No data is loaded.',
      fix: 'Load a built-in dataset or a folder of images in Data.',
      goTo: 'data',
    });
    return { ok: false, problems };
  }
  const { input } = arch;
  if (data.height !== input.height || data.width !== input.width)
    problems.push({
      what: 'size',
      message: `The model expects ${formatShape(input)} images (height x width x channels), but the dataset's are ${formatShape(data)}: the sizes differ.`,
      fix: "Change the model's input size in Model, or reload the data at the model's size in Data.",
      goTo: 'data',
    });
  if (data.channels !== input.channels)
    problems.push({
      what: 'channels',
      message: `The model expects ${formatShape(input)} images, ${channelWords(input.channels)}, but the dataset's are ${formatShape(data)}, ${channelWords(data.channels)}.`,
      fix: `Set the model's input channels to ${data.channels} in Model, or reload the data with ${input.channels} in Data.`,
      goTo: 'data',
    });
  if (data.classNames.length !== arch.numClasses)
    problems.push({
      what: 'classes',
      message: `The dataset has ${data.classNames.length} classes but the model is set up for ${arch.numClasses}.`,
      fix: 'Set the number of classes in Model to match the data.',
      goTo: 'model',
    });
  for (const split of options.splits ?? ['train', 'val'])
    if (data[split].count === 0)
      problems.push({
        what: 'empty-split',
        message: `The ${SPLIT_WORDS[split].name} split has no images.`,
        fix: SPLIT_WORDS[split].fix,
        goTo: 'data',
      });
  if (problems.length > 0 || !summary.loss) return { ok: false, problems };
  return { ok: true, loss: summary.loss };
}
