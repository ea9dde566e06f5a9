import { describe, expect, it } from 'vitest';
import { findPreset } from './presets';
import { inputNote, presetInput, type LoadedData } from './preset-input';

const build = (id: Parameters<typeof findPreset>[0]) => findPreset(id)!.build();
const shapes: LoadedData = { id: 'shapes', name: 'Shapes', source: 'builtin', height: 32, width: 32, channels: 3 };
const mnist: LoadedData = { id: 'mnist', name: 'MNIST', source: 'builtin', height: 28, width: 28, channels: 1 };

describe('the input a preset gets', () => {
  it('is the textbook input when nothing is loaded', () => {
    expect(presetInput('mnist-convnet', build('mnist-convnet'), null)).toEqual({
      input: { height: 28, width: 28, channels: 1 },
      remade: null,
    });
  });

  it("follows the loaded data's size and colour when the layers take it", () => {
    expect(presetInput('mnist-convnet', build('mnist-convnet'), shapes)).toEqual({
      input: { height: 32, width: 32, channels: 3 },
      remade: null,
    });
  });

  it("is the textbook input for the preset's own data, even when its size was changed by hand", () => {
    const bigMnist = { ...mnist, height: 40, width: 40 };
    expect(presetInput('mnist-dense', build('mnist-dense'), bigMnist).input).toEqual({
      height: 28,
      width: 28,
      channels: 1,
    });
  });

  it("says the data is made again when the layers cannot take the data's size, keeping its colour", () => {
    const { input, remade } = presetInput('catsdogs-naive', build('catsdogs-naive'), mnist);
    expect(input).toEqual({ height: 180, width: 180, channels: 1 });
    expect(remade).toBe(
      "Its layers do not take your data's 28×28 grey images (too small for its pooling), so MNIST is made again at its textbook size: 180×180 grey.",
    );
  });

  it('keeps a pretrained base at the input its weights were made for, and says the data is made again', () => {
    const { input, remade } = presetInput(
      'mobilenet-v2-feature-extraction',
      build('mobilenet-v2-feature-extraction'),
      shapes,
    );
    expect(input).toEqual({ height: 160, width: 160, channels: 3 });
    expect(remade).toBe(
      'Its pretrained base takes the input its weights were made for, so Shapes is made again at 160×160 colour.',
    );
  });
});

describe('the note beside the input', () => {
  it('names the data the input follows, and the textbook input when it differs', () => {
    expect(inputNote({ height: 32, width: 32, channels: 3 }, build('mnist-convnet').input, shapes)).toBe(
      "Input follows your loaded data (Shapes): 32×32 colour. The preset's textbook input is 28×28 grey.",
    );
    expect(inputNote({ height: 28, width: 28, channels: 1 }, build('mnist-convnet').input, mnist)).toBe(
      'Input follows your loaded data (MNIST): 28×28 grey.',
    );
  });

  it('says nothing without data, or while the data is being made at a new size', () => {
    expect(inputNote({ height: 28, width: 28, channels: 1 }, null, null)).toBeNull();
    expect(inputNote({ height: 40, width: 40, channels: 1 }, null, mnist)).toBeNull();
  });
});
