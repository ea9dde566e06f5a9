// What a run is called until the student renames it: the model (its preset, or "custom, 3 Conv2D, 104,202
// params"), the A/B arm, the dataset and when. Two runs of different models on the same data then read
// differently ("MNIST digits · 6 Dec 01:23" twice told them apart by the minute only). Pure.
import { configOf, isAugmentation, type Architecture } from '../../model/layers';
import { PRESETS } from '../../model/presets';
import { inferSummary } from '../../model/infer';
import { withCommas } from '../../model/format';
import type { Run } from '../train-runs';
import { THREE_WAY_NAME } from './three';

const sameLayers = (a: Architecture, b: Architecture) =>
  JSON.stringify(a.layers.map(configOf)) === JSON.stringify(b.layers.map(configOf));

const presetName = (arch: Architecture) => PRESETS.find((p) => sameLayers(p.build(), arch))?.label ?? null;

/** The preset whose layers these are (any input size), else what the stack holds. */
export function modelName(arch: Architecture): string {
  const preset = presetName(arch);
  if (preset) return preset;
  const count = (type: string) => arch.layers.filter((l) => l.type === type).length;
  const convs = count('Conv2D');
  const kind = convs > 0 ? `${convs} Conv2D` : `${count('Dense')} Dense`;
  return `custom, ${kind}, ${withCommas(inferSummary(arch).totalParams)} params`;
}

export type AbArm = 'plain' | 'augmented' | '';

/** Which side of an A/B a run is: the one with augmentation layers, or the plain one; '' outside an A/B. */
export function abArm(run: Pick<Run, 'ab' | 'arch'>): AbArm {
  if (!run.ab || run.ab.name === THREE_WAY_NAME) return '';
  return run.arch.layers.some((l) => isAugmentation(l.type)) ? 'augmented' : 'plain';
}

const ARM_TEXT: Record<Exclude<AbArm, ''>, string> = {
  plain: 'A/B plain',
  augmented: 'A/B augmented + Dropout',
};

/** An A/B arm's model is named by its plain side's layers (the A/B adds augmentation and Dropout). */
function plainSide(arch: Architecture): Architecture {
  return { ...arch, layers: arch.layers.filter((l) => !isAugmentation(l.type) && l.type !== 'Dropout') };
}

/** "MNIST convnet · MNIST digits · 6 Dec 01:23", "Cats vs dogs ... · A/B augmented + Dropout · Shapes · ..." */
export function defaultRunName(run: Pick<Run, 'ab' | 'arch' | 'dataset' | 'createdAt'>): string {
  const arm = abArm(run);
  const model = (arm ? (presetName(run.arch) ?? presetName(plainSide(run.arch))) : null) ?? modelName(run.arch);
  const when = new Date(run.createdAt);
  const time = `${when.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${when.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
  return [model, arm ? ARM_TEXT[arm] : null, run.dataset.name, time].filter(Boolean).join(' · ');
}
