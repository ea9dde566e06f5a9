// The record of a run about to train: what it trains (model, loss, settings),
// on which data, and what is needed to get the same data again once it is gone.
import type { Architecture } from '../../model/layers';
import type { LossName } from '../../model/infer';
import type { TrainSettings } from '../../model/run-types';
import type { SplitFractions } from '../../data/split';
import type { ImageDataset } from '../../data/types';
import { newRunId, type Run } from '../train-runs';

export interface NewRun {
  arch: Architecture;
  loss: LossName;
  settings: TrainSettings;
  dataset: ImageDataset;
  split: { seed: number; fractions: SplitFractions; maxPerClass: number };
  fineTune?: Run['fineTune'];
  ab?: Run['ab'];
}

export function newRun({ arch, loss, settings, dataset, split, fineTune, ab }: NewRun): Run {
  return {
    ...(fineTune ? { fineTune } : {}),
    id: newRunId(),
    createdAt: Date.now(),
    arch,
    loss,
    settings,
    dataset: {
      id: dataset.id,
      name: dataset.name,
      classNames: dataset.classNames,
      counts: { train: dataset.train.count, val: dataset.val.count, test: dataset.test.count },
      source: dataset.source,
      input: { height: dataset.height, width: dataset.width, channels: dataset.channels },
      split,
    },
    epochs: [],
    bestEpoch: null,
    test: null,
    backend: null,
    end: null,
    failure: null,
    // No name: the default one says the model, the A/B arm and the dataset (runs/names.ts).
    ...(ab ? { ab } : {}),
  };
}

/** What the worker is asked to train for `run` (the rest of the request: the launch's options). */
export const requestOf = ({ id: runId, arch, loss, settings }: Run, resumeFromEpoch?: number) => ({
  ...{ runId, arch, loss, settings, resumeFromEpoch },
});
