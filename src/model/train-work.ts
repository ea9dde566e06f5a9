// What a run computes, per image, before it starts: a plain model trains and validates every epoch; a model
// that takes fast feature extraction (bases/features.ts) first runs its base once over every training and
// validation image, then only its head trains, on the features. Pure. Each part names the kind of model it
// runs at ('convnet' for the lab's own layers, else the base), since a base runs at its own measured speed
// (train-speed.ts).
import type { Architecture, PretrainedBaseLayer } from './layers';
import { featurePlan } from './bases/features';
import { modelWork } from './compute';
import { baseLayers } from './bases/spec';
import { baseRef } from './bases/summary';

/** A TF.js base ('tfjs') is a MobileNet in the lab's one known use (Teachable Machine's). */
export type BaseKind = PretrainedBaseLayer['base'];
export type SpeedKind = 'convnet' | BaseKind;

/** Images per forward pass of the base while computing features (the worker's fast-features.ts). */
export const EXTRACT_BATCH = 16;

export interface RunWork {
  /** Operations per image an epoch trains and validates, and the kind of model they run on. */
  epoch: { kind: SpeedKind; train: number; val: number };
  /** Fast feature extraction's one-off pass: forward operations and features' float32 bytes per image. */
  features: { kind: BaseKind; forward: number; bytesPerImage: number } | null;
}

/** The kind of model whose speed a stack runs at: its base's, else a plain convnet's. */
export function speedKind(arch: Architecture): SpeedKind {
  const base = arch.layers.find((l) => l.type === 'Base');
  return base?.type === 'Base' ? base.base : 'convnet';
}

/** Null when the model does not build. */
export function runWork(arch: Architecture): RunWork | null {
  const whole = modelWork(arch);
  if (!whole) return null;
  const plan = featurePlan(arch);
  if ('problem' in plan) {
    return { epoch: { kind: speedKind(arch), train: whole.train, val: whole.forward }, features: null };
  }
  const head = modelWork(plan.head);
  if (!head) return null;
  return {
    epoch: { kind: 'convnet', train: head.train, val: head.forward },
    features: { kind: plan.base.base, forward: whole.forward - head.forward, bytesPerImage: plan.bytesPerImage },
  };
}

/**
 * The feature pass's working memory: a layer's input and output live at once, and a BatchNormalization's two
 * temporaries beside them; the rest is freed as the base runs (tfjs-layers disposes a nested model's
 * intermediate tensors). So 2 (4 with BatchNormalization) times the base's widest layer output plus the input,
 * 4 bytes a float, for EXTRACT_BATCH images. Measured (tf.profile peakBytes, tfjs CPU, batch 16): VGG16 at
 * 48x48 18.0 MB (this gives 18.4), MobileNetV2 0.35 at 96x96 30.8 MB (29.9). VGG16 at 180x180: 259 MB.
 */
export function extractBytes(arch: Architecture): number | null {
  const plan = featurePlan(arch);
  if ('problem' in plan) return null;
  const { height, width, channels } = arch.input;
  const base = plan.base;
  const layers =
    base.base === 'tfjs'
      ? (base.tfjs.model?.layers.map((l) => ({ shape: l.outputShape, bn: l.className === 'BatchNormalization' })) ??
        null)
      : baseLayers(baseRef(base), height, width).map((l) => ({
          shape: l.outputShape,
          bn: l.op.kind === 'BatchNormalization',
        }));
  if (!layers) return null;
  const widest = Math.max(...layers.map((l) => l.shape.reduce((a, b) => a * b, 1)));
  const live = layers.some((l) => l.bn) ? 4 : 2;
  return (live * widest + height * width * channels) * 4 * EXTRACT_BATCH;
}
