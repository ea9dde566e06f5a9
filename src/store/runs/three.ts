// Scratch vs feature extraction vs fine-tuning in one click: the textbook's three tools for a small image
// dataset, trained one after the other on the same data, split and seed, then opened together in Runs. Pure:
// the plan comes from the model in the editor (its pretrained base, input and head) and the kept weight files;
// three-slice.ts only drives the runs. Fine-tuning goes on from feature extraction's trained classifier.
import { archBaseNeed, type KeptBaseFile } from '../../model/base-files';
import { weightsFileName } from '../../model/bases/weights';
import type { BaseName } from '../../model/bases/types';
import { withClasses } from '../../model/classes';
import { fitsInput } from '../../model/fit';
import { isAugmentation, withId, type Architecture, type LayerSpec } from '../../model/layers';
import { findPreset } from '../../model/presets';
import { DEFAULT_LEARNING_RATE } from '../../model/training';
import type { TrainSettings } from '../../model/run-types';
import { seriesReducer, type SeriesEvent, type SeriesState } from './series';

/** The three runs' shared group name; they travel in a run's `ab` record, but are no A/B arm. */
export const THREE_WAY_NAME = 'Scratch vs feature extraction vs fine-tuning';

/**
 * The first base layer that trains when fine-tuning: the base's last block, as the textbook unfreezes VGG16's
 * block5 (block5_conv1 on); for MobileNetV2 block_16_expand on (its expand, depthwise and project convolutions,
 * Conv_1 and their BatchNormalization). TensorFlow's transfer-learning tutorial goes deeper (layers[100:], from
 * block_11, on 2,000 images); a student's hundred photos call for fewer trained weights.
 */
export const FINE_TUNE_FROM: Record<BaseName, string> = { vgg16: 'block5_conv1', mobilenet_v2: 'block_16_expand' };

/** The first layer that trains when fine-tuning `base`; undefined for a base with no default (a TF.js LayersModel). */
export const fineTuneLayer = (base: string): string | undefined =>
  (FINE_TUNE_FROM as Partial<Record<string, string>>)[base];

/** The textbook's learning rate for fine-tuning: low, so the pretrained filters are adjusted, not destroyed. */
export const FINE_TUNE_LEARNING_RATE = 1e-5;

export type ThreeArmKey = 'scratch' | 'features' | 'fine-tuning';

export interface ThreeArm {
  key: ThreeArmKey;
  label: string;
  arch: Architecture;
  /** Optimizer and learning rate of the arm; epochs, batch size and seed come from the slice and Train. */
  settings: Pick<TrainSettings, 'optimizer' | 'learningRate'>;
  /** The arm (index) whose trained classifier this one starts from, and the words that say so. */
  startsFrom?: { arm: number; text: string };
}

/** An arm as its run's name and the progress line say it: its label, and what it starts from. */
export const armTitle = (arm: ThreeArm): string =>
  arm.startsFrom ? `${arm.label}, ${arm.startsFrom.text}` : arm.label;

export interface ThreePlan {
  name: string;
  arms: [ThreeArm, ThreeArm, ThreeArm];
}

export type ThreePlanResult = { ok: true; plan: ThreePlan } | { ok: false; reason: string };

const rmsprop = (learningRate: number) => ({ optimizer: 'rmsprop' as const, learningRate });

/** The three arms for the model in the editor, or why there are none (shown beside the disabled button). */
export function planThree(arch: Architecture, kept: readonly KeptBaseFile[] | null): ThreePlanResult {
  const at = arch.layers.findIndex((l) => l.type === 'Base');
  const base = arch.layers[at];
  // A TF.js LayersModel base has no layer known to fine-tune from, nor a Keras file to load.
  const from = base?.type === 'Base' ? fineTuneLayer(base.base) : undefined;
  if (base?.type === 'Base' && !from)
    return {
      ok: false,
      reason:
        "The three runs fine-tune a VGG16 or MobileNetV2 base (keras.applications) from its last block: this model's base is neither. Pick one in Model.",
    };
  if (!kept || kept.length === 0)
    return {
      ok: false,
      reason: "No pretrained base's weights are kept in this browser: add a VGG16 or MobileNetV2 file in Model first.",
    };
  const need = archBaseNeed(arch);
  if (!base || base.type !== 'Base' || !need || !from)
    return {
      ok: false,
      reason:
        'Pick a model with a pretrained base in Model (e.g. MobileNetV2 features): the three runs take its input size and its head.',
    };
  const fileName = weightsFileName(need.ref, need.rows);
  if (!kept.some((f) => f.fileName === fileName))
    return { ok: false, reason: `This model's base needs ${fileName}, which is not kept: add it in Model.` };
  const head = arch.layers.slice(at + 1);
  if (head.length === 0) return { ok: false, reason: 'The model has no layers after its base to train.' };

  // From scratch: the textbook's small convnet with augmentation and Dropout, at the base's input and the data's classes.
  const textbook = findPreset('catsdogs-augmented')!.build();
  const scratch = withClasses({ ...textbook, input: arch.input }, arch.numClasses);
  if (!fitsInput(scratch, arch.input))
    return {
      ok: false,
      reason: `The textbook's small convnet does not fit ${arch.input.height}×${arch.input.width} images (too small for its pooling).`,
    };
  const augmentation: LayerSpec[] = arch.layers.slice(0, at).some((l) => isAugmentation(l.type))
    ? arch.layers.slice(0, at).filter((l) => isAugmentation(l.type))
    : textbook.layers.filter((l) => isAugmentation(l.type));
  // The fine-tuning model differs from the feature-extraction one before its base only (augmentation, which
  // holds no weights): its head has the same layers, Keras names and shapes, so run 3 takes run 2's trained head.
  const frozen = withId({ ...base, fineTuneFrom: null });
  const tuned = withId({ ...base, fineTuneFrom: from });
  // Nothing random before the frozen base: featurePlan then computes its features once (the fast way).
  const features: Architecture = { ...arch, layers: [frozen, ...head] };
  const fineTuning: Architecture = { ...arch, layers: [...augmentation, tuned, ...head] };
  return {
    ok: true,
    plan: {
      name: THREE_WAY_NAME,
      arms: [
        { key: 'scratch', label: 'from scratch', arch: scratch, settings: rmsprop(DEFAULT_LEARNING_RATE.rmsprop) },
        {
          key: 'features',
          label: 'feature extraction',
          arch: features,
          settings: rmsprop(DEFAULT_LEARNING_RATE.rmsprop),
        },
        {
          key: 'fine-tuning',
          label: `fine-tuning from ${from}`,
          arch: fineTuning,
          settings: rmsprop(FINE_TUNE_LEARNING_RATE),
          // The textbook: the base's top layers can only be fine-tuned once the classifier on top is trained (a
          // fresh one's large errors would wreck the pretrained filters), so it goes on from run 2's classifier.
          startsFrom: { arm: 1, text: "starting from run 2's classifier" },
        },
      ],
    },
  };
}

/** Where the three are: one series of three runs (series.ts). */
export type ThreeState = SeriesState<ThreePlan>;
export type ThreeEvent = SeriesEvent<ThreePlan>;
export const threeReducer = seriesReducer<ThreePlan>(3, 'The comparison was stopped.');
