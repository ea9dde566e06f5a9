// Which input a preset gets. Picking a preset never silently changes the
// loaded data: with a dataset loaded, the preset's layers take the data's size
// and colour; its textbook input only when nothing is loaded, when the data is
// the preset's own (MNIST for the MNIST models), when it has a pretrained base,
// or when its layers cannot take the data's size (then the data is made again
// at that size, and the lab says so).
import { fitsInput } from './fit';
import type { Architecture, InputShape } from './layers';
import { sameShape, type ImageShape } from './shape';

/** The loaded dataset as far as the choice needs it. */
export interface LoadedData extends ImageShape {
  /** Builtin name or folder hash. */
  id: string;
  name: string;
  source: 'folder' | 'builtin';
}

export interface PresetInput {
  input: InputShape;
  /** Set when the data must be made again at another size: what happens, in words. */
  remade: string | null;
}

/** The built-in dataset a preset was written for (the textbook trains the MNIST models on MNIST). */
const ownData = (presetId: string): string | null => (presetId.startsWith('mnist-') ? 'mnist' : null);

export const describeInput = (s: ImageShape): string =>
  `${s.height}×${s.width} ${s.channels === 1 ? 'grey' : 'colour'}`;

export function presetInput(presetId: string, preset: Architecture, data: LoadedData | null): PresetInput {
  const textbook = preset.input;
  if (!data || (data.source === 'builtin' && data.id === ownData(presetId))) return { input: textbook, remade: null };
  // A pretrained base keeps the input its ImageNet weights were made for (the weight file is named by that size).
  if (preset.layers.some((l) => l.type === 'Base'))
    return {
      input: textbook,
      remade: sameShape(data, textbook)
        ? null
        : `Its pretrained base takes the input its weights were made for, so ${data.name} is made again at ` +
          `${describeInput(textbook)}.`,
    };
  const channels = data.channels === 1 ? 1 : 3;
  const followed: InputShape = { height: data.height, width: data.width, channels };
  if (fitsInput(preset, followed)) return { input: followed, remade: null };
  const input: InputShape = { height: textbook.height, width: textbook.width, channels };
  return {
    input,
    remade:
      `Its layers do not take your data's ${describeInput(data)} images (too small for its pooling), ` +
      `so ${data.name} is made again at its textbook size: ${describeInput(input)}.`,
  };
}

/** The note beside the input fields: where the input comes from, when a dataset is loaded. */
export function inputNote(input: InputShape, textbook: InputShape | null, data: LoadedData | null): string | null {
  if (!data || !sameShape(input, data)) return null;
  const differs = textbook && !sameShape(input, textbook);
  return (
    `Input follows your loaded data (${data.name}): ${describeInput(input)}.` +
    (differs ? ` The preset's textbook input is ${describeInput(textbook)}.` : '')
  );
}
