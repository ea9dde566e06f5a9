// The textbook's overfitting moment in words, under the charts: where val_loss
// turned up while the training loss kept falling (rule in src/model/curves.ts).
import { useMemo } from 'react';
import { overfittingStart } from '../../model/curves';
import type { EpochMetrics } from '../../model/run-types';
import { fmt } from './use-train-view';

export function OverfitNote({ epochs }: { epochs: EpochMetrics[] }) {
  const mark = useMemo(() => overfittingStart(epochs), [epochs]);
  if (!mark) return null;
  const last = epochs.at(-1)!;
  return (
    <p className="overfit-note" data-testid="overfit-note" data-epoch={mark.epoch} data-best-epoch={mark.bestEpoch}>
      <strong>Overfitting starts at epoch {mark.epoch}.</strong> val_loss was lowest at epoch {mark.bestEpoch} (
      {fmt(mark.minValLoss)}) and has stayed above it since (now {fmt(last.valLoss)}), while the training loss kept
      falling: the model is learning the training images rather than digits in general. The kept checkpoint is epoch{' '}
      {mark.bestEpoch}; more epochs will not help, more data, augmentation or Dropout will.
    </p>
  );
}
