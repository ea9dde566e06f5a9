// Transfer learning on the student's own folder (the textbook's cats vs dogs):
// from scratch, then VGG16's ImageNet features with a new classifier, then
// that run fine-tuned from block5 (going on from the classifier it trained).
// No fixed band: each folder differs, so each step is expected to beat the
// student's own from-scratch run (the textbook: about 0.70 from scratch, 0.97
// with features, 0.98 fine-tuned on 2,000 images).
import type { Lesson } from './types';

const FOLDER = { kind: 'folder' } as const;
const SOURCE = 'your own from-scratch run of step 1, on the same folder';

export const TRANSFER: Lesson = {
  id: 'transfer',
  title: 'Transfer learning (your own folder)',
  summary:
    'A network trained on ImageNet already knows edges, textures and parts of objects. Reuse its convolutional ' +
    'base on your own pictures: first from scratch, then its features, then fine-tuned. (Train\u2019s \u201cCompare ' +
    'the three\u201d trains all three on your folder in one click, then opens them together in Runs.)',
  needs: 'pretrained-base',
  steps: [
    {
      title: 'From scratch',
      doThis:
        'With your folder loaded (one sub-folder per class), train the textbook\u2019s cats-vs-dogs convnet from ' +
        'scratch for 10 epochs: the number to beat.',
      setup: { data: FOLDER, preset: 'catsdogs-naive', settings: { epochs: 10 } },
      predict: {
        question: 'With a few hundred pictures per class, how well does a convnet learn from scratch?',
        options: ['Barely better than guessing', 'Fairly well, but it overfits', 'Almost perfectly'],
        answer: 1,
        why: 'The textbook: about 0.70 on 2,000 cats and dogs, overfitting after about ten epochs.',
      },
      expect: { kind: 'baseline', metric: 'test-accuracy', source: 'none: your folder sets the number to beat' },
      takes: 'as long as your folder needs: the Train view estimates it before you press Train',
      runLabel: 'your from-scratch convnet',
    },
    {
      title: 'Feature extraction',
      doThis:
        'VGG16\u2019s convolutional base, frozen, with its ImageNet weights; only the new classifier on top trains ' +
        '(the features are computed once). 10 epochs.',
      setup: { data: FOLDER, preset: 'vgg16-feature-extraction', settings: { epochs: 10 } },
      predict: {
        question: 'The base never saw your classes. How will it do against your from-scratch run?',
        options: ['Worse: it learned other things', 'About the same', 'Clearly better'],
        answer: 2,
        why: 'Its early and middle layers detect generic visual features. The textbook: 0.97 against 0.70.',
      },
      expect: { kind: 'above', metric: 'test-accuracy', step: 1, source: SOURCE },
      takes: 'as long as your folder needs: the Train view estimates it before you press Train',
      compareWith: { step: 1, label: 'your from-scratch run' },
      runLabel: 'your feature-extraction model',
    },
    {
      title: 'Fine-tuning',
      doThis:
        'Fine-tune your feature-extraction run of step 2, as the textbook does: \u201cSet it up for me\u201d does ' +
        'what Runs\u2019 \u201cFine-tune this run from block5_conv1\u201d does. Its model with VGG16\u2019s last ' +
        'block (block5_conv1 onwards) unfrozen, starting from the classifier that run trained (a fresh one would ' +
        'send large errors into the block), at RMSprop 1e-5 so the pretrained weights move only a little. 5 epochs.',
      setup: { data: FOLDER, fineTunes: { step: 2 }, settings: { epochs: 5 } },
      predict: {
        question: 'Why does fine-tuning use such a small learning rate (1e-5)?',
        options: [
          'To train faster',
          'Large updates would wreck the features the base learned',
          'Because the base is frozen',
        ],
        answer: 1,
        why: 'The textbook fine-tunes block5 at 1e-5 and gains about a point over feature extraction (0.98).',
      },
      expect: { kind: 'above', metric: 'test-accuracy', step: 1, source: SOURCE },
      takes: 'as long as your folder needs: the Train view estimates it before you press Train',
      compareWith: { step: 1, label: 'your from-scratch run' },
      runLabel: 'your fine-tuned model',
    },
  ],
};

/** What the lab has that the transfer lesson needs; `missing` turns it into what to do. */
export interface TransferNeeds {
  presets: boolean;
  vgg16Kept: boolean;
  folderLoaded: boolean;
}

/** What is missing for the transfer lesson's steps and how to get it, or null when it can run. */
export function transferMissing(has: TransferNeeds): string | null {
  if (!has.presets) return 'This lab has no pretrained-base presets yet (VGG16 feature extraction and fine-tuning).';
  if (!has.vgg16Kept)
    return (
      'VGG16\u2019s ImageNet weights are not kept in this browser. In Model, choose the preset \u201cVGG16 ' +
      'feature extraction\u201d; under Pretrained base weights download ' +
      'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 (58.9 MB, from Keras\u2019 storage) or add the file ' +
      'Keras keeps in ~/.keras/models/.'
    );
  if (!has.folderLoaded)
    return 'Load your own folder first (Data > Choose a folder\u2026): one sub-folder per class, e.g. cats/ and dogs/.';
  return null;
}
