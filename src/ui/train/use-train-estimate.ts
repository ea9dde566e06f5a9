// The run the Train button would start, estimated before it starts (src/model/train-*.ts): memory, time per
// epoch on the backend it would use, and whether it fits what a browser gives.
import { useMemo } from 'react';
import { useLab } from '../../store';
import { runTitle } from '../../store/runs/list';
import { pixelByteCount, wantsDisk } from '../../data/spill-file';
import { estimateMemory, type MemoryEstimate } from '../../model/train-memory';
import { secondsPerEpoch, speedFor, type SpeedChoice } from '../../model/train-speed';
import { sizeWarning, type SizeWarning } from '../../model/train-estimate';
import type { BackendName } from '../../model/training';

export interface TrainEstimate {
  backend: BackendName;
  /** How the backend was picked, when the settings say auto. */
  backendNote: string | null;
  memory: MemoryEstimate | null;
  pixelsOnDisk: boolean;
  seconds: number | null;
  speed: SpeedChoice;
  warning: SizeWarning | null;
}

export function useTrainEstimate(): TrainEstimate {
  const arch = useLab((s) => s.arch);
  const settings = useLab((s) => s.trainSettings);
  const dataset = useLab((s) => s.dataset);
  const runs = useLab((s) => s.runs);
  const pixelsMode = useLab((s) => s.pixelsWhileTraining);

  return useMemo(() => {
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
    const input = { arch, batchSize: settings.batchSize, optimizer: settings.optimizer, backend, threads, pixelBytes };
    const memory = estimateMemory(input);
    const past = runs.map((r) => ({
      name: runTitle(r),
      arch: r.arch,
      backend: r.backend?.name ?? null,
      batchSize: r.settings.batchSize,
      counts: r.dataset.counts,
      epochSeconds: r.epochs.map((e) => e.seconds).filter((s) => s > 0),
    }));
    const speed = speedFor(backend, past);
    const seconds = dataset
      ? secondsPerEpoch(
          arch,
          { train: dataset.train.count, val: dataset.val.count, batchSize: settings.batchSize },
          speed.speed,
        )
      : null;
    return {
      backend,
      backendNote,
      memory,
      pixelsOnDisk: onDisk,
      seconds,
      speed,
      warning: memory ? sizeWarning(input, memory) : null,
    };
  }, [arch, settings, dataset, runs, pixelsMode]);
}
