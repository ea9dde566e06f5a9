// Where the loaded dataset came from and the settings it was made with: enough
// to make it again (another input size, cap or seed) and to describe it.
import type { DecodedChannels, ImageShape } from '../model/shape';
import { SHAPES_NATIVE, SHAPES_TOTAL, shapesDrawnHow } from './shapes';
import type { SplitFractions } from './split';

export type BuiltinName = 'mnist' | 'shapes';
export const BUILTINS: { id: BuiltinName; label: string; description: string }[] = [
  {
    id: 'mnist',
    label: 'MNIST digits (10,000, 28×28 grayscale)',
    description: 'Handwritten digits 0-9, the textbook’s first example.',
  },
  {
    id: 'shapes',
    label: `Shapes (${SHAPES_TOTAL}, 32×32 colour)`,
    description: `Circles, squares, stars and triangles, where augmentation helps. ${shapesDrawnHow()}`,
  },
];

export type DataSource =
  | { kind: 'builtin'; builtin: BuiltinName }
  | { kind: 'folder'; rootName: string; layout: 'classes' | 'splits'; fileCount: number };

export interface LoadSettings {
  seed: number;
  fractions: SplitFractions;
  maxPerClass: number;
}

/** The shape images are decoded to. */
export type Target = ImageShape<DecodedChannels>;

/** A folder's file, with its path as the picker gives it (folder name first). */
export interface FolderFile {
  path: string;
  blob: Blob;
}

/** The shape each built-in has by nature (the model takes it when one is chosen). */
export const BUILTIN_SHAPES: Record<BuiltinName, Target> = {
  mnist: { height: 28, width: 28, channels: 1 },
  shapes: SHAPES_NATIVE,
};
