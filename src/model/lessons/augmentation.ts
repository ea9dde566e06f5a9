// Augmentation and Dropout against overfitting: the A/B on Shapes, step by
// step. Plain for 30 epochs, then with the textbook's augmentation and
// Dropout for 100 (an augmented model sees a new variant of each image every
// epoch and needs longer). Bands: docs/BENCHMARKS.md, seeds 1-5 (0.55 and 0.93
// at seed 42, README lesson 2).
import type { Lesson } from './types';

const SHAPES = {
  kind: 'builtin',
  builtin: 'shapes',
  maxPerClass: 0,
  fractions: { train: 0.8, val: 0.1, test: 0.1 },
} as const;
const SOURCE = 'measured by the lab: docs/BENCHMARKS.md, the A/B lesson on Shapes, seeds 1-5 and 42 (WASM)';

export const AUGMENTATION: Lesson = {
  id: 'augmentation',
  title: 'Augmentation and Dropout',
  summary:
    'The textbook\u2019s cure for overfitting on a small dataset: random flips, turns and zooms of the training ' +
    'images, and Dropout before the classifier. The same convnet, with and without, on the same Shapes.',
  steps: [
    {
      title: 'The plain convnet',
      doThis:
        'Load Shapes and the MNIST convnet, 30 epochs (the textbook\u2019s), training seed 1. The training ' +
        'pictures are tidy (upright, one size); the test pictures are turned by up to 40\u00b0 and scaled. Press Train.',
      setup: { data: SHAPES, preset: 'mnist-convnet', settings: { epochs: 30, batchSize: 64, seed: 1 } },
      predict: {
        question: 'Four shapes, so guessing scores 0.25. What test accuracy will the plain convnet reach?',
        options: ['About 0.25: it learns nothing', 'About 0.55', 'About 0.95'],
        answer: 1,
        why:
          'It learns the tidy training pictures well, but has never seen a turned or smaller shape. Measured: ' +
          '0.51-0.61 for seeds 1-5.',
      },
      expect: { kind: 'fixed', metric: 'test-accuracy', low: 0.51, high: 0.61, source: SOURCE },
      takes: 'about 1 to 2 minutes on WASM',
      runLabel: 'your plain convnet',
    },
    {
      title: 'With augmentation and Dropout',
      doThis:
        'The same convnet with RandomFlip, RandomRotation(0.1) and RandomZoom(0.2) in front and Dropout(0.5) ' +
        'before the classifier, for 100 epochs. Model shows the layers and previews what they do. Press Train.',
      setup: {
        data: SHAPES,
        preset: 'mnist-convnet',
        regularise: true,
        settings: { epochs: 100, batchSize: 64, seed: 1 },
      },
      predict: {
        question: 'How much will augmentation and Dropout add to the test accuracy?',
        options: ['Nothing: same data, same model', 'A few points', 'About 30 points'],
        answer: 2,
        why:
          'Every epoch it sees new turned, flipped and zoomed variants, much closer to the wild test pictures, and ' +
          'Dropout keeps it from leaning on a few features. Measured: 0.86-0.93, 29.5-36.5 points above plain.',
      },
      expect: { kind: 'fixed', metric: 'test-accuracy', low: 0.86, high: 0.93, source: SOURCE },
      takes: 'about 3 to 5 minutes on WASM',
      compareWith: { step: 1, label: 'the plain convnet' },
      runLabel: 'your augmented convnet',
    },
  ],
};
