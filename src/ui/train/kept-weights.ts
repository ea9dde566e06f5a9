// How the kept checkpoint is named on screen. An imported model's run keeps the
// imported weights as its checkpoint "epoch 0" (no epoch of its own trained):
// a student reads that as "imported weights", not "Epoch 0".
import type { Run } from '../../store/train-runs';

export const keptImportedWeights = (run: Pick<Run, 'bestEpoch' | 'epochs'>): boolean =>
  run.bestEpoch === 0 && !run.epochs.some((e) => e.epoch === 0);

/** "epoch 3", "imported weights", or "epoch –" when nothing is kept. */
export function keptCheckpointText(run: Pick<Run, 'bestEpoch' | 'epochs'>): string {
  if (run.bestEpoch === null) return 'epoch –';
  return keptImportedWeights(run) ? 'imported weights' : `epoch ${run.bestEpoch}`;
}
