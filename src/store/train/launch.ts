// The steps of one launch, in order: the dataset handed to the training
// worker, the pixels sent to disk (when the run keeps them there), the job
// started, its outcome awaited, the pixels brought back. The train slice turns
// what each step reports into machine events; this module keeps no state.
import { WorkerCrashedError, type TrainClient } from '../../client/client';
import type { TrainEvent, TrainOutcome, TrainRequest } from '../../client/types';
import type { WorkerFailure } from '../../model/run-types';
import type { ImageDataset } from '../../data/types';
import { pixelByteCount, wantsDisk, type PixelsWhileTraining } from '../../data/spill-file';
import { bringPixelsBack, sendPixelsAway, type PixelsPlace } from '../pixelsAway';
import { explainBackendError } from '../../model/backend-failure';

export interface LaunchJob {
  request: Omit<TrainRequest, 'datasetId'>;
  dataset: ImageDataset;
  pixelsWhileTraining: PixelsWhileTraining;
  /** Our own job id, so pause, resume, stop and "start on WASM now" reach the job through control(). */
  jobId: string;
}

/** What each step tells the slice, as it happens. */
export interface LaunchReports {
  step: (message: string) => void;
  /** Where the pixels are for the run (memory, and why, when disk was asked for). */
  placed: (place: PixelsPlace & { bytes: number }) => void;
  /** train() was called: the worker knows the job. Called before the outcome is awaited. */
  sent: () => void;
  event: (event: TrainEvent) => void;
  /** The pixels are in memory again (only after they were on disk). */
  back: () => void;
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
    : explainBackendError(text(e), null);

/** Runs one launch to its outcome; never throws (a thrown step is a failed outcome). */
export async function launchJob(client: TrainClient, job: LaunchJob, report: LaunchReports): Promise<LaunchResult> {
  const { dataset, request } = job;
  let place: PixelsPlace = { at: 'memory', why: null };
  let outcome: TrainOutcome;
  try {
    await client.setDataset(dataset);
    if (wantsDisk(dataset, job.pixelsWhileTraining))
      report.step('Writing the pixels to disk for the run, to keep memory free…');
    place = await sendPixelsAway(client, dataset, job.pixelsWhileTraining);
    report.placed({ ...place, bytes: pixelByteCount(dataset) });
    const done = client.train({ ...request, datasetId: dataset.id }, report.event, { jobId: job.jobId });
    report.sent();
    outcome = await done;
  } catch (e) {
    const epochsDone = request.resumeFromEpoch ?? 0;
    outcome = { end: 'failed', epochsDone, bestEpoch: null, failure: crashFailure(e) };
  }
  // The pixels back in memory before the outcome unlocks the data (a failure to: made again from the source).
  let lostPixels: string | null = null;
  if (place.at === 'disk') {
    try {
      await bringPixelsBack(client, dataset, place.layout);
    } catch (e) {
      lostPixels = `The pixels kept on disk for the run could not be read back (${text(e)}), so the dataset is being made again from its source.`;
    }
    report.back();
  }
  return { outcome, lostPixels };
}
