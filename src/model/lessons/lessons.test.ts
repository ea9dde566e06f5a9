import { describe, expect, it } from 'vitest';
import { findPreset } from '../presets';
import { LESSONS, findLesson, lessonHash, parseLessonLink, transferMissing } from './index';

describe('lesson definitions', () => {
  it('are the contract\u2019s four lessons, in the chapter\u2019s order', () => {
    expect(LESSONS.map((l) => l.id)).toEqual(['first-convnet', 'overfitting', 'augmentation', 'transfer']);
  });

  for (const lesson of LESSONS)
    describe(lesson.id, () => {
      it('sets up presets the lab has, with a split that adds up', () => {
        lesson.steps.forEach((step, i) => {
          // A step that fine-tunes an earlier step's run takes that run's model, not a preset.
          if ('fineTunes' in step.setup) expect(step.setup.fineTunes.step).toBeLessThan(i + 1);
          else expect(findPreset(step.setup.preset), step.title).toBeDefined();
          if (step.setup.data.kind === 'builtin') {
            const f = step.setup.data.fractions;
            expect(f.train + f.val + f.test).toBeCloseTo(1, 9);
          }
          expect(step.setup.settings.epochs).toBeGreaterThan(0);
        });
      });
      it('asks a question whose answer is one of its options, and says how long the run takes', () => {
        for (const step of lesson.steps) {
          expect(step.predict.options.length).toBeGreaterThanOrEqual(2);
          expect(step.predict.options[step.predict.answer]).toBeDefined();
          expect(step.takes).not.toBe('');
        }
      });
      it('expects a band with its source, and compares only with earlier steps', () => {
        lesson.steps.forEach((step, i) => {
          if (step.expect.kind === 'fixed') expect(step.expect.low).toBeLessThanOrEqual(step.expect.high);
          else if (step.expect.kind === 'above') expect(step.expect.step).toBeLessThan(i + 1);
          expect(step.expect.source).not.toBe('');
          if (step.compareWith) expect(step.compareWith.step).toBeLessThan(i + 1);
        });
      });
    });

  it('first-convnet expects the bands README lesson 1 measured (quick try and all digits)', () => {
    const bands = findLesson('first-convnet')!.steps.map(
      (s) => s.expect.kind === 'fixed' && [s.expect.low, s.expect.high],
    );
    expect(bands).toEqual([
      [0.86, 0.93],
      [0.91, 0.97],
      [0.97, 0.985],
    ]);
  });
});

describe('lesson links', () => {
  it('round-trip a lesson and step, from a hash or a whole URL', () => {
    expect(parseLessonLink(lessonHash('augmentation', 2))).toEqual({ ok: true, id: 'augmentation', step: 2 });
    expect(parseLessonLink('https://lab.example/#lesson=overfitting')).toEqual({
      ok: true,
      id: 'overfitting',
      step: 1,
    });
  });
  it('are not mistaken for other links', () => {
    expect(parseLessonLink('#share=abc')).toBeNull();
    expect(parseLessonLink('')).toBeNull();
  });
  it('say what is wrong with an unknown lesson or a step it does not have', () => {
    expect(parseLessonLink('#lesson=gans')).toEqual({ ok: false, error: expect.stringContaining('"gans"') });
    expect(parseLessonLink('#lesson=first-convnet&step=4')).toEqual({
      ok: false,
      error: expect.stringContaining('which has steps 1-3'),
    });
    expect(parseLessonLink('#lesson=first-convnet&step=0')).toMatchObject({ ok: false });
    expect(parseLessonLink('#lesson=first-convnet&step=1.5')).toMatchObject({ ok: false });
  });
});

describe('the transfer lesson\u2019s needs', () => {
  it('names what is missing first, and how to get it', () => {
    expect(transferMissing({ presets: false, vgg16Kept: false, folderLoaded: false })).toContain('no pretrained-base');
    expect(transferMissing({ presets: true, vgg16Kept: false, folderLoaded: true })).toContain(
      'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
    );
    expect(transferMissing({ presets: true, vgg16Kept: true, folderLoaded: false })).toContain('Choose a folder');
    expect(transferMissing({ presets: true, vgg16Kept: true, folderLoaded: true })).toBeNull();
  });
});
