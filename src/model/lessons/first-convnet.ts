// The chapter's opening: a small convnet against the densely connected network
// of the chapter before, on MNIST. The quick steps cap MNIST at 300 images per
// digit (2,400 training images); bands from e2e/lessons.spec.ts (README lesson 1).
import type { Lesson } from './types';

const QUICK = {
  kind: 'builtin',
  builtin: 'mnist',
  maxPerClass: 300,
  fractions: { train: 0.8, val: 0.1, test: 0.1 },
} as const;
const ALL = { ...QUICK, maxPerClass: 0 } as const;

export const FIRST_CONVNET: Lesson = {
  id: 'first-convnet',
  title: 'Your first convnet (MNIST)',
  summary:
    'The textbook opens with a small convnet that beats the densely connected network of the chapter before on ' +
    'MNIST, with a quarter of its parameters. Train both on the same digits and count the mistakes.',
  steps: [
    {
      title: 'The dense network first',
      doThis:
        'Load MNIST, 300 images per digit (240 train, 30 validation, 30 test each), and the densely connected ' +
        'network: 407,050 parameters that see the image as one long row of pixels. Press Train.',
      setup: { data: QUICK, preset: 'mnist-dense', settings: { epochs: 5, batchSize: 64 } },
      predict: {
        question: 'How many of the 300 test digits will the dense network get wrong?',
        options: ['Almost none (under 5)', 'About 20 to 40', 'About half of them'],
        answer: 1,
        why: 'Measured here: 0.86-0.93 test accuracy, so 21 to 42 mistakes in 300. Good, but not digit-perfect.',
      },
      expect: {
        kind: 'fixed',
        metric: 'test-accuracy',
        low: 0.86,
        high: 0.93,
        source: 'measured by the lab: e2e/lessons.spec.ts, README lesson 1 (300 per digit, WASM)',
      },
      takes: 'about 30 seconds on WASM, 2 minutes on a busy machine',
      runLabel: 'your dense network',
    },
    {
      title: 'Now the convnet',
      doThis:
        'Same digits, the textbook\u2019s convnet: three Conv2D layers with max-pooling, then Flatten and Dense ' +
        '(104,202 parameters). Press Train.',
      setup: { data: QUICK, preset: 'mnist-convnet', settings: { epochs: 5, batchSize: 64 } },
      predict: {
        question: 'With a quarter of the parameters, how will the convnet do against the dense network?',
        options: ['Worse: fewer parameters', 'About the same', 'Better: fewer mistakes'],
        answer: 2,
        why:
          'Convolutions look for the same local patterns everywhere in the image (translation invariance) and build ' +
          'larger patterns from smaller ones, so fewer weights learn more. Measured here: 0.91-0.97.',
      },
      expect: {
        kind: 'fixed',
        metric: 'test-accuracy',
        low: 0.91,
        high: 0.97,
        source: 'measured by the lab: e2e/lessons.spec.ts, README lesson 1 (300 per digit, WASM)',
      },
      takes: 'about 30 seconds on WASM, 2 minutes on a busy machine',
      compareWith: { step: 1, label: 'the dense network' },
      runLabel: 'your convnet',
    },
    {
      title: 'All 10,000 digits',
      doThis:
        'The textbook trains on every digit. Load all of MNIST (8,002 training, 999 validation, 999 test) and ' +
        'train the convnet again: five epochs, batch size 64, as model.fit(epochs=5, batch_size=64).',
      setup: { data: ALL, preset: 'mnist-convnet', settings: { epochs: 5, batchSize: 64 } },
      predict: {
        question: 'More than three times the training images: what happens to the test accuracy?',
        options: ['It stays where it was', 'It rises to about 0.98', 'It reaches 1.000'],
        answer: 1,
        why:
          'More examples of each digit: measured here 0.973-0.980 (0.980 at the defaults in 42 s on WASM). The ' +
          'textbook reaches 0.991 on all 60,000 training digits.',
      },
      expect: {
        kind: 'fixed',
        metric: 'test-accuracy',
        low: 0.97,
        high: 0.985,
        source: 'measured by the lab: README lesson 1 step 3 (0.980), batch 32 0.978, 8 epochs 0.973 (WASM)',
      },
      takes: 'about 45 seconds on WASM (42 s measured), longer on a busy machine',
      compareWith: { step: 2, label: 'the convnet on 300 per digit' },
      runLabel: 'your convnet on all digits',
    },
  ],
};
