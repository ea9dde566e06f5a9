// Overfitting, as the chapter meets it before augmentation: a convnet trained
// on few images learns them by heart; its validation loss turns up while the
// training loss keeps falling. Bands: docs/BENCHMARKS.md "The A/B lesson on
// shapes" (plain arm, seeds 1-5) and e2e/lessons.spec.ts (README lesson 1 step 5).
import type { Lesson } from './types';

const SHAPES = {
  kind: 'builtin',
  builtin: 'shapes',
  maxPerClass: 0,
  fractions: { train: 0.8, val: 0.1, test: 0.1 },
} as const;
const TEN_DIGITS = {
  kind: 'builtin',
  builtin: 'mnist',
  maxPerClass: 10,
  fractions: { train: 0.6, val: 0.2, test: 0.2 },
} as const;

export const OVERFITTING: Lesson = {
  id: 'overfitting',
  title: 'Overfitting: when more epochs hurt',
  summary:
    'With few training images a convnet soon learns them by heart: the training loss keeps falling while the ' +
    'validation loss turns up. The lab keeps the epoch with the lowest validation loss; watch where it lands.',
  steps: [
    {
      title: 'Few images, many epochs',
      doThis:
        'Load Shapes (60 tidy training pictures per shape; validation and test pictures from the wild, turned and ' +
        'scaled) and the MNIST convnet, 30 epochs, training seed 1. Press Train and watch the two loss curves.',
      setup: { data: SHAPES, preset: 'mnist-convnet', settings: { epochs: 30, batchSize: 64, seed: 1 } },
      predict: {
        question: 'The training loss falls for all 30 epochs. What does the validation loss do?',
        options: ['It falls all the way too', 'It falls for about ten epochs, then turns up', 'It never falls at all'],
        answer: 1,
        why:
          'After about ten epochs the convnet fits details of the 240 training pictures that the wild ones do not ' +
          'share. Measured for seeds 1-5: the lowest val_loss at epoch 9-14, then up by 1.6-2x by epoch 30.',
      },
      expect: {
        kind: 'fixed',
        metric: 'best-epoch',
        low: 9,
        high: 14,
        source: 'measured by the lab: docs/BENCHMARKS.md, the A/B lesson\u2019s plain run, seeds 1-5 (WASM)',
      },
      takes: 'about 1 to 2 minutes on WASM',
      runLabel: 'your convnet on Shapes',
    },
    {
      title: 'Ten digits per class',
      doThis:
        'Even MNIST overfits with little data: 10 images per digit, split 60/20/20, 20 epochs, batch size 8, ' +
        'learning rate 0.003. Press Train; the charts mark where overfitting starts.',
      setup: {
        data: TEN_DIGITS,
        preset: 'mnist-convnet',
        settings: { epochs: 20, batchSize: 8, learningRate: 0.003, seed: 42 },
      },
      predict: {
        question: 'Which epoch will the lab keep (the one with the lowest validation loss)?',
        options: ['The last one, epoch 20', 'One before the last', 'Always the first'],
        answer: 1,
        why:
          'With 60 training digits the validation loss turns up well before the end, so the kept checkpoint is an ' +
          'earlier epoch: training longer would only have made the model worse on new digits.',
      },
      expect: {
        kind: 'fixed',
        metric: 'best-epoch',
        low: 1,
        high: 19,
        source:
          'measured by the lab: e2e/lessons.spec.ts, README lesson 1 step 5 (its lowest val_loss before epoch 20)',
      },
      takes: 'under a minute: 60 training images',
      runLabel: 'your convnet on 10 digits per class',
    },
  ],
};
