// A base as one row of model.summary(): `vgg16 (Functional)`, its output shape and parameters, split into
// trainable and non-trainable as Keras counts them (a frozen layer's weights and every BatchNormalization's
// moving statistics are non-trainable).
import { isAugmentation, type KerasBaseLayer, type LayerConfig, type PretrainedBaseLayer } from '../layers';
import { baseInputProblem, baseInputWarning, baseLayers, baseTotals, weightedLayerNames } from './spec';
import { tfjsBaseStep, tfjsSettingsProblem } from './tfjs-base';
import { BASE_NAMES, MOBILENET_V2_ALPHAS, type BaseRef } from './types';

export const baseRef = (layer: Pick<KerasBaseLayer, 'base' | 'alpha'>): BaseRef =>
  layer.base === 'vgg16' ? { base: 'vgg16' } : { base: 'mobilenet_v2', alpha: layer.alpha };

/** The choices of `fine-tune-from-select`: the layers holding weights, in order (none = whole base frozen). */
export const fineTuneChoices = (layer: Pick<KerasBaseLayer, 'base' | 'alpha'>): string[] =>
  weightedLayerNames(baseLayers(baseRef(layer), 224, 224));

/** What is wrong with a base's own settings (stored or shared state may be stale), or null. */
export function baseSettingsProblem(layer: PretrainedBaseLayer): string | null {
  if (layer.base === 'tfjs') return tfjsSettingsProblem(layer);
  if (!BASE_NAMES.includes(layer.base)) return `unknown base "${String(layer.base)}" (vgg16 or mobilenet_v2)`;
  if (layer.base === 'mobilenet_v2' && !MOBILENET_V2_ALPHAS.includes(layer.alpha))
    return `alpha must be one of ${MOBILENET_V2_ALPHAS.join(', ')} (the widths Keras has ImageNet weights for)`;
  if (layer.fineTuneFrom !== null && !fineTuneChoices(layer).includes(layer.fineTuneFrom))
    return `the base has no layer with weights named "${layer.fineTuneFrom}" to fine-tune from`;
  return null;
}

export type BaseStep =
  | {
      shape: number[];
      trainable: number;
      nonTrainable: number;
      warning?: string;
      /** Keras would refuse the model, yet the shapes are known (grey input): an issue that does not stop the rows. */
      refusal?: { problem: string; fix: string };
    }
  | { problem: string; fix: string };

/** Layers allowed before a base: the augmentation block and Rescaling (the textbook puts only augmentation). */
const mayPrecede = (l: LayerConfig): boolean => isAugmentation(l.type) || l.type === 'Rescaling';

/**
 * The base's summary step. `before` are the stack's layers above it, `shape` what reaches it.
 * Channels: Keras refuses anything but 3 (ImageNet is colour); the lab shows Keras' message and the fix (the
 * data decoded with 3 channels: a grey image then has R = G = B).
 */
/** (Its settings are checked before, by params.ts' layerParamProblem, as every layer's are.) */
export function baseStep(layer: PretrainedBaseLayer, before: readonly LayerConfig[], shape: number[]): BaseStep {
  if (!before.every(mayPrecede))
    return {
      problem: 'a pretrained base must be the first block of the stack, after augmentation and Rescaling layers only',
      fix: 'Move it to the start of the stack (after the augmentation layers), and use one base only.',
    };
  if (layer.base === 'tfjs') return tfjsBaseStep(layer, shape);
  const [h = 0, w = 0, c = 0] = shape;
  const tooSmall = baseInputProblem(h, w, 3);
  if (tooSmall)
    return {
      problem: `Keras refuses this input: ${tooSmall}`,
      fix: 'Use an input of at least 32x32 (the textbook: 180x180 for VGG16; 96 to 224 for MobileNetV2).',
    };
  const grey = baseInputProblem(h, w, c);
  const ref = baseRef(layer);
  const totals = baseTotals(baseLayers(ref, h, w), layer.fineTuneFrom);
  const warnings = [
    before.some((l) => l.type === 'Rescaling') &&
      `The base brings its own preprocess_input, which expects pixels from 0 to 255; a Rescaling before it changes that scale.`,
    baseInputWarning(ref, h, w),
  ].filter((x): x is string => typeof x === 'string');
  return {
    shape: totals.outputShape,
    trainable: totals.trainable,
    nonTrainable: totals.nonTrainable,
    ...(warnings.length > 0 ? { warning: warnings.join(' ') } : {}),
    ...(grey
      ? {
          refusal: {
            problem: `Keras refuses this input: ${grey}`,
            fix: 'Pretrained bases take colour images: set the input channels to 3 and load the data with 3 channels in Data (grey images are then repeated into red, green and blue).',
          },
        }
      : {}),
  };
}
