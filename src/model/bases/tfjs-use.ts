// A kept TF.js base put into the stack (pure): it replaces the stack's base (or starts the stack, with Teachable
// Machine's head after it: pooling, Dense(100, relu), the classifier), the input becomes the size the model takes
// (the data is then made again at it); and a stack that names a kept base without its description (a share link
// carries the name only) gets it back.
import { withClasses } from '../classes';
import { isAugmentation, withId, type Architecture, type LayerConfig, type TfjsBaseLayer } from '../layers';
import { isTfjsBase } from './tfjs-base';
import type { KeptTfjsBase } from './tfjs-types';

export const tfjsBaseLayer = (kept: KeptTfjsBase): TfjsBaseLayer => ({
  type: 'Base',
  base: 'tfjs',
  alpha: 1,
  fineTuneFrom: null,
  tfjs: { file: kept.fileName, preprocess: kept.preprocess, model: kept.model },
});

export function withTfjsBase(arch: Architecture, kept: KeptTfjsBase): Architecture {
  const base = withId(tfjsBaseLayer(kept));
  const at = arch.layers.findIndex((l) => l.type === 'Base');
  const augmentation = arch.layers.slice(0, Math.max(at, 0)).filter((l) => isAugmentation(l.type));
  const head: LayerConfig[] = [
    ...(kept.model.outputShape.length === 3 ? [{ type: 'GlobalAveragePooling2D' } as const] : []),
    { type: 'Dense', units: 100, activation: 'relu' },
    { type: 'Dense', units: arch.numClasses, activation: 'softmax' },
  ];
  const [height, width, channels] = kept.model.input;
  const layers =
    at >= 0 ? [...augmentation, base, ...arch.layers.slice(at + 1)] : [base, ...head.map((l) => withId(l))];
  return withClasses({ ...arch, input: { height, width, channels: channels === 1 ? 1 : 3 }, layers }, arch.numClasses);
}

/** The stack with every TF.js base that lacks its description given the kept one of the same name (else as it was). */
export function resolveTfjsBases(arch: Architecture, kept: readonly KeptTfjsBase[]): Architecture {
  let changed = false;
  const layers = arch.layers.map((l) => {
    if (!isTfjsBase(l) || l.tfjs.model) return l;
    const found = kept.find((k) => k.fileName === l.tfjs.file);
    if (!found) return l;
    changed = true;
    return { ...l, tfjs: { ...l.tfjs, model: found.model } };
  });
  return changed ? { ...arch, layers } : arch;
}

/** A layer config as a share link carries it: a TF.js base by its name only (too deep and long otherwise). */
export const shareableLayer = <L extends LayerConfig>(l: L): L =>
  isTfjsBase(l) ? { ...l, tfjs: { ...l.tfjs, model: null } } : l;
