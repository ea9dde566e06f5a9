// The run the Train button would start, estimated before it starts (src/model/train-*.ts): memory, time per
// epoch on the backend it would use (and, for fast feature extraction, the one-off pass of the base first),
// whether the base's features stay in memory or go to disk (the pixels' rule), and whether it fits.
import { useMemo } from 'react';
import { useLab } from '../../store';
import { runTitle } from '../../store/runs/list';
import { bytesOnDisk, pixelByteCount, wantsDisk } from '../../data/spill-file';
import { estimateMemory, featureBytes, type MemoryEstimate } from '../../model/train-memory';
import { featureSeconds, secondsPerEpoch, speedFor, type SpeedChoice } from '../../model/train-speed';
import { sizeWarning, type SizeWarning } from '../../model/train-estimate';
import { runWork } from '../../model/train-work';
import type { BackendName } from '../../model/training';
import type { Architecture } from '../../model/layers';
import type { TrainSettings } from '../../model/run-types';
import type { ImageDataset } from '../../data/types';
import type { PixelsWhileTraining } from '../../data/spill-file';
import type { Run } from '../../store/train-runs';

export interface TrainEstimate {
  backend: BackendName;
  /** How the backend was picked, when the settings say auto. */
  backendNote: string | null;
  memory: MemoryEstimate | null;
  pixelsOnDisk: boolean;
  /** Seconds an epoch (with fast feature extraction: an epoch of the head on the features). */
  seconds: number | null;
  speed: SpeedChoice;
  /** Fast feature extraction: the base's one pass over the training and validation images, and its speed. */
  features: { seconds: number | null; speed: SpeedChoice; bytes: number; onDisk: boolean } | null;
  warning: SizeWarning | null;
}

export interface EstimateInput {
  arch: Architecture;
  settings: TrainSettings;
  dataset: ImageDataset | null;
  runs: readonly Run[];
  pixelsMode: PixelsWhileTraining;
}

export function useTrainEstimate(): TrainEstimate {
  const arch = useLab((s) => s.arch);
  const settings = useLab((s) => s.trainSettings);
  const dataset = useLab((s) => s.dataset);
  const runs = useLab((s) => s.runs);
  const pixelsMode = useLab((s) => s.pixelsWhileTraining);
  return useMemo(
    () => estimateRun({ arch, settings, dataset, runs, pixelsMode }),
    [arch, settings, dataset, runs, pixelsMode],
  );
}

/** The estimate for the store's state (pure). */
export function estimateRun({ arch, settings, dataset, runs, pixelsMode }: EstimateInput): TrainEstimate {
  const lastBackend = [...runs].reverse().find((r) => r.backend)?.backend ?? null;
  const backend: BackendName = settings.backend !== 'auto' ? settings.backend : (lastBackend?.name ?? 'wasm');
  const backendNote =
    settings.backend !== 'auto'
      ? null
      : lastBackend
        ? 'the backend auto chose for the last run'
        : 'auto has not chosen yet: WASM assumed, as on a machine without a GPU';
  const threads = backend === 'wasm' ? (lastBackend?.kernelThreads?.threads ?? 1) : 1;
  const onDisk = dataset ? wantsDisk(dataset, pixelsMode) : false;
  const pixelBytes = dataset && !onDisk ? pixelByteCount(dataset) : 0;
  const images = dataset ? dataset.train.count + dataset.val.count : 0;
  const kept = featureBytes(arch, images);
  const featuresOnDisk = kept !== null && bytesOnDisk(kept, pixelsMode);
  const input = {
    arch,
    batchSize: settings.batchSize,
    optimizer: settings.optimizer,
    backend,
    threads,
    pixelBytes,
    images,
    featuresOnDisk,
  };
  const memory = estimateMemory(input);
  const past = runs.map((r) => ({
    name: runTitle(r),
    arch: r.arch,
    backend: r.backend?.name ?? null,
    batchSize: r.settings.batchSize,
    counts: r.dataset.counts,
    epochSeconds: r.epochs.map((e) => e.seconds).filter((s) => s > 0),
  }));
  const work = runWork(arch);
  const speed = speedFor(backend, past, work?.epoch.kind);
  const shape = dataset ? { train: dataset.train.count, val: dataset.val.count, batchSize: settings.batchSize } : null;
  const seconds = shape ? secondsPerEpoch(arch, shape, speed.speed) : null;
  let features: TrainEstimate['features'] = null;
  if (work?.features && kept !== null) {
    const featureSpeed = speedFor(backend, past, work.features.kind);
    features = {
      seconds: shape ? featureSeconds(arch, shape, featureSpeed.speed) : null,
      speed: featureSpeed,
      bytes: kept,
      onDisk: featuresOnDisk,
    };
  }
  return {
    backend,
    backendNote,
    memory,
    pixelsOnDisk: onDisk,
    seconds,
    speed,
    features,
    warning: memory ? sizeWarning(input, memory) : null,
  };
}
