// The steps of one launch, in order: the dataset handed to the training
// worker and its pixels sent to disk when the run keeps them there (handOver),
// then the job started, its outcome awaited and the pixels brought back
// (runJob). The train slice turns what each step reports into machine events
// and data slice actions; this module keeps no state. The hand-over is a step
// of its own so that nothing holds the dataset with its pixels while the run
// goes on: the page's shared block is freed once the data slice lets go of it.
import { WorkerCrashedError, type TrainClient } from '../../client/client';
import type { TrainEvent, TrainOutcome, TrainRequest } from '../../client/types';
import type { WorkerFailure } from '../../model/run-types';
import type { ImageDataset } from '../../data/types';
import { pixelByteCount, wantsDisk, type PixelsWhileTraining } from '../../data/spill-file';
import { bringPixelsBack, sendPixelsAway, type PixelsPlace } from '../pixels-away';

/** What each step tells the slice, as it happens. */
export interface RunReports {
  /** train() was called: the worker knows the job. Called before the outcome is awaited. */
  sent: () => void;
  event: (event: TrainEvent) => void;
  /** The dataset the page keeps now (without its pixels while they are on disk). */
  current: () => ImageDataset | null;
  /** After they were on disk: the dataset with its pixels in memory again, or null when they could not come back. */
  back: (dataset: ImageDataset | null) => void;
}

export interface LaunchResult {
  outcome: TrainOutcome;
  /** Set when the pixels could not come back from disk: the dataset must then be made again. */
  lostPixels: string | null;
}

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A thrown call (a crashed worker, most often out of memory) as the failure the student reads. */
export const crashFailure = (e: unknown): WorkerFailure =>
  e instanceof WorkerCrashedError
    ? {
        kind: 'crashed',
        message: `${e.message} (often out of memory).`,
        fix: 'Continue on another backend, or use a smaller batch size or model. The kept checkpoint is safe.',
      }
    : {
        kind: 'unknown',
        message: `Training failed: ${text(e)}`,
        fix: 'Try again, or continue on another backend.',
      };

/** The outcome of a launch whose step threw. */
export const failedOutcome = (e: unknown, epochsDone: number): TrainOutcome => ({
  end: 'failed',
  epochsDone,
  bestEpoch: null,
  failure: crashFailure(e),
});

/** The dataset to the worker, and its pixels to disk when the run keeps them there. Throws as the worker does. */
export async function handOver(
  client: TrainClient,
  dataset: ImageDataset,
  mode: PixelsWhileTraining,
  step: (message: string) => void,
): Promise<PixelsPlace & { bytes: number }> {
  await client.setDataset(dataset);
  if (wantsDisk(dataset, mode)) step('Writing the pixels to disk for the run, to keep memory free…');
  const place = await sendPixelsAway(client, dataset, mode);
  return { ...place, bytes: pixelByteCount(dataset) };
}

/** Runs the job to its outcome and has the pixels back; never throws (a thrown step is a failed outcome). */
export async function runJob(
  client: TrainClient,
  job: { request: TrainRequest; jobId: string; place: PixelsPlace },
  report: RunReports,
): Promise<LaunchResult> {
  let outcome: TrainOutcome;
  try {
    const done = client.train(job.request, report.event, { jobId: job.jobId });
    report.sent();
    outcome = await done;
  } catch (e) {
    outcome = failedOutcome(e, job.request.resumeFromEpoch ?? 0);
  }
  // The pixels back in memory before the outcome unlocks the data (a failure to: made again from the source).
  let lostPixels: string | null = null;
  const away = report.current();
  if (job.place.at === 'disk' && away) {
    try {
      report.back(await bringPixelsBack(client, away, job.place.layout));
    } catch (e) {
      report.back(null);
      lostPixels = `The pixels kept on disk for the run could not be read back (${text(e)}), so the dataset is being made again from its source.`;
    }
  }
  return { outcome, lostPixels };
}
