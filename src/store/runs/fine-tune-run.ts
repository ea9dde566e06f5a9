// The textbook's next step after feature extraction: fine-tune that run. Its model with the base's top layers
// trainable (from the same layer as the three-way comparison: VGG16's block5_conv1), RMSprop 1e-5, and the run's
// kept classifier to start from, on the base's ImageNet weights (what its frozen base held). Pure; runs-slice.ts
// applies it.
import { sanitizeArchitecture } from '../../model/sanitize';
import type { Architecture } from '../../model/layers';
import type { TrainSettings } from '../../model/run-types';
import type { Run } from '../train-runs';
import { FINE_TUNE_LEARNING_RATE, fineTuneLayer } from './three';

export interface RunFineTune {
  /** The first base layer that trains. */
  from: string;
  /** The run's model, its base trainable from `from`. */
  arch: Architecture;
  settings: Pick<TrainSettings, 'optimizer' | 'learningRate'>;
}

/**
 * How `run` is fine-tuned, or null where it is no feature-extraction run with kept weights (no pretrained base,
 * a base that already trains, one with no default layer to fine-tune from, or nothing kept yet).
 */
export function runFineTune(run: Run): RunFineTune | null {
  if (run.bestEpoch === null) return null;
  const base = run.arch.layers.find((l) => l.type === 'Base');
  if (!base || base.type !== 'Base' || base.fineTuneFrom !== null) return null;
  const from = fineTuneLayer(base.base);
  if (!from) return null;
  const layers = run.arch.layers.map((l) => (l === base ? { ...base, fineTuneFrom: from } : l));
  const arch = sanitizeArchitecture({ ...run.arch, layers }, run.arch);
  return { from, arch, settings: { optimizer: 'rmsprop', learningRate: FINE_TUNE_LEARNING_RATE } };
}
