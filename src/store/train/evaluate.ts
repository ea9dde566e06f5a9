// Scoring a run's kept checkpoint on the test split, as the textbook does
// after fit(): the dataset handed over, then one evaluate call. Any answer
// comes back as data; only an abort (a new launch) throws.
import type { TrainClient } from '../../client/client';
import type { TestResult, WorkerFailure } from '../../model/run-types';
import type { ImageDataset } from '../../data/types';
import type { Run } from '../train-runs';
import { crashFailure } from './launch';

export type Score = { ok: true; test: TestResult } | { ok: false; failure: WorkerFailure };

/** Why the run cannot be scored on `dataset`, or null when it can. */
export function cannotScore(run: Run, dataset: ImageDataset): WorkerFailure | null {
  if (dataset.id === run.dataset.id) return null;
  return {
    kind: 'data',
    message: `This run was trained on "${run.dataset.name}", which is not the dataset loaded now.`,
    fix: `Load "${run.dataset.name}" again in Data to evaluate it.`,
  };
}

export async function scoreKept(
  client: TrainClient,
  run: Run,
  dataset: ImageDataset,
  signal: AbortSignal,
): Promise<Score> {
  try {
    await client.setDataset(dataset);
    const answer = await client.evaluate(
      {
        runId: run.id,
        arch: run.arch,
        loss: run.loss,
        datasetId: dataset.id,
        split: 'test',
        batchSize: run.settings.batchSize,
        backend: run.backend?.name ?? run.settings.backend,
      },
      { signal },
    );
    return answer.ok ? { ok: true, test: answer.result } : { ok: false, failure: answer.failure };
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    return { ok: false, failure: crashFailure(e) };
  }
}
