// Keras 3's six augmentation layers as tfjs layers (worker side only), with
// Keras' class names, registered for serialization. Their getConfig() keys are
// Keras' arguments in tfjs' camelCase (fillMode, heightFactor, valueRange),
// which model.toJSON() writes as Keras writes them (fill_mode, height_factor,
// value_range) and tfjs turns back into camelCase on loading. `augmentationLayer` is the one place that turns a layer's
// plain data into its tfjs layer: buildModel and the augmentation preview
// both call it, so the preview shows exactly what training does.
import * as tf from '@tensorflow/tfjs';
import type { LayerConfig } from '../../model/layers';
import type { AugmentBaseArgs } from './augment-base';
import { RandomFlipLayer } from './augment-flip';
import { RandomRotationLayer, RandomTranslationLayer, RandomZoomLayer } from './augment-affine';
import { RandomBrightnessLayer, RandomContrastLayer } from './augment-color';

export {
  RandomFlipLayer,
  RandomRotationLayer,
  RandomZoomLayer,
  RandomTranslationLayer,
  RandomContrastLayer,
  RandomBrightnessLayer,
};

for (const cls of [
  RandomFlipLayer,
  RandomRotationLayer,
  RandomZoomLayer,
  RandomTranslationLayer,
  RandomContrastLayer,
  RandomBrightnessLayer,
]) {
  tf.serialization.registerClass(cls);
}

/** The tfjs layer of an augmentation layer, or null for any other layer type. */
export function augmentationLayer(
  layer: LayerConfig,
  base: Omit<AugmentBaseArgs, 'seed'>,
  seed: number,
): tf.layers.Layer | null {
  switch (layer.type) {
    case 'RandomFlip':
      return new RandomFlipLayer({ ...base, seed, mode: layer.mode });
    case 'RandomRotation':
      return new RandomRotationLayer({
        ...base,
        seed,
        factor: layer.factor,
        fillMode: layer.fillMode,
        interpolation: layer.interpolation,
        fillValue: layer.fillValue,
      });
    case 'RandomZoom':
      return new RandomZoomLayer({
        ...base,
        seed,
        heightFactor: layer.heightFactor,
        widthFactor: layer.widthFactor,
        fillMode: layer.fillMode,
        interpolation: layer.interpolation,
        fillValue: layer.fillValue,
      });
    case 'RandomTranslation':
      return new RandomTranslationLayer({
        ...base,
        seed,
        heightFactor: layer.heightFactor,
        widthFactor: layer.widthFactor,
        fillMode: layer.fillMode,
        interpolation: layer.interpolation,
        fillValue: layer.fillValue,
      });
    case 'RandomContrast':
      return new RandomContrastLayer({ ...base, seed, factor: layer.factor, valueRange: layer.valueRange });
    case 'RandomBrightness':
      return new RandomBrightnessLayer({ ...base, seed, factor: layer.factor, valueRange: layer.valueRange });
    default:
      return null;
  }
}
