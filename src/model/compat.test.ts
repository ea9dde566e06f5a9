import { describe, expect, it } from 'vitest';
import { checkCompatibility, type DatasetFacts } from './compat';
import { findPreset } from './presets';
import type { Architecture } from './layers';

const mnist = (): Architecture => findPreset('mnist-convnet')!.build();
const digits: DatasetFacts = {
  height: 28,
  width: 28,
  channels: 1,
  classNames: [...'0123456789'],
  train: { count: 40 },
  val: { count: 10 },
  test: { count: 10 },
};

const problems = (arch: Architecture, data: DatasetFacts | null, splits?: ('train' | 'val' | 'test')[]) => {
  const c = checkCompatibility(arch, data, splits ? { splits } : {});
  return c.ok ? [] : c.problems;
};

describe('checkCompatibility', () => {
  it('passes a model that fits the data, with the loss to train it with', () => {
    expect(checkCompatibility(mnist(), digits)).toEqual({ ok: true, loss: 'sparse_categorical_crossentropy' });
    const catsDogs = findPreset('catsdogs-naive')!.build();
    const pets: DatasetFacts = {
      height: 180,
      width: 180,
      channels: 3,
      classNames: ['cat', 'dog'],
      train: { count: 2 },
      val: { count: 2 },
      test: { count: 0 },
    };
    expect(checkCompatibility(catsDogs, pets)).toEqual({ ok: true, loss: 'binary_crossentropy' });
  });

  it('names a size mismatch with both sizes, and sends the student to Data', () => {
    const arch = { ...mnist(), input: { height: 32, width: 30, channels: 1 } };
    expect(problems(arch, digits)).toEqual([
      {
        what: 'size',
        message:
          "The model expects 32x30x1 images (height x width x channels), but the dataset's are 28x28x1: the sizes differ.",
        fix: expect.stringContaining('reload the data'),
        goTo: 'data',
      },
    ]);
  });

  it('names a channel mismatch apart from the size', () => {
    const arch = { ...mnist(), input: { height: 28, width: 28, channels: 3 } };
    const [p, ...rest] = problems(arch, digits);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ what: 'channels', goTo: 'data' });
    expect(p!.message).toBe(
      "The model expects 28x28x3 images, 3 channels (RGB), but the dataset's are 28x28x1, 1 channel (grayscale).",
    );
    expect(p!.fix).toContain('input channels to 1');
  });

  it('names a class-count mismatch and sends the student to Model', () => {
    const [p, ...rest] = problems(mnist(), { ...digits, classNames: ['a', 'b', 'c'] });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      what: 'classes',
      message: 'The dataset has 3 classes but the model is set up for 10.',
      goTo: 'model',
    });
  });

  it('needs training and validation images to train, and only the evaluated split to evaluate', () => {
    const noVal = { ...digits, val: { count: 0 } };
    expect(problems(mnist(), noVal).map((p) => [p.what, p.message])).toEqual([
      ['empty-split', 'The validation split has no images.'],
    ]);
    expect(problems(mnist(), { ...digits, train: { count: 0 }, val: { count: 0 } }).map((p) => p.message)).toEqual([
      'The training split has no images.',
      'The validation split has no images.',
    ]);
    expect(checkCompatibility(mnist(), noVal, { splits: ['test'] }).ok).toBe(true);
    expect(problems(mnist(), { ...digits, test: { count: 0 } }, ['test'])).toEqual([
      {
        what: 'empty-split',
        message: 'The test split has no images.',
        fix: expect.stringContaining('test/ folder'),
        goTo: 'data',
      },
    ]);
    // Training does not need a test split.
    expect(checkCompatibility(mnist(), { ...digits, test: { count: 0 } }).ok).toBe(true);
  });

  it('reports an invalid architecture first, with the summary’s reason, and still the data mismatches after it', () => {
    const arch = mnist();
    const broken = { ...arch, layers: arch.layers.filter((l) => l.type !== 'Flatten') };
    const found = problems(broken, { ...digits, classNames: ['a', 'b'] });
    expect(found.map((p) => p.what)).toEqual(['arch', 'classes']);
    expect(found[0]).toMatchObject({ goTo: 'model', fix: 'Fix it in Model.' });
    expect(found[0]!.message).toMatch(/^The model is not valid yet: .+/);
  });

  it('says when no data is loaded', () => {
    expect(problems(mnist(), null)).toEqual([
      {
        what: 'no-data',
        message: 'No data is loaded.',
        fix: expect.stringContaining('Load a built-in dataset'),
        goTo: 'data',
      },
    ]);
  });

  it('lists every mismatch at once, in the order to fix them', () => {
    const found = problems(mnist(), {
      height: 180,
      width: 180,
      channels: 3,
      classNames: ['cat', 'dog'],
      train: { count: 0 },
      val: { count: 5 },
      test: { count: 5 },
    });
    expect(found.map((p) => p.what)).toEqual(['size', 'channels', 'classes', 'empty-split']);
  });
});
