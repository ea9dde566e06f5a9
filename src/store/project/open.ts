// Reads a project zip whole and checks every part before anything changes:
// the zip and its manifest (zip-stream.ts), the setup through the saved-state
// table's sanitizers, each run through the runs' sanitizer (a run it would
// drop refuses the file), the dataset's record field by field, each listed
// image file, each run's checkpoints and snapshots. What comes out is ready
// to apply; a file that fails throws a ProjectFileError saying why.
import { DATASET, ProjectFileError, RUNS, SETUP, parseJsonEntry, runEntry } from '../../data/project/format';
import { fileEntry, mimeOf, parseDatasetEntry, type DatasetEntry } from '../../data/project/dataset-entry';
import { decodeTyped } from '../../data/project/typed-json';
import { readProjectZip } from '../../data/project/zip-stream';
import type { FolderFile } from '../../data/source';
import type { ProjectRunData } from '../../client/types';
import { sanitizeRuns, type Run } from '../train-runs';

export interface OpenedProject {
  created: string;
  appVersion: string;
  setup: Record<string, unknown>;
  runs: Run[];
  dataset: DatasetEntry | null;
  files: FolderFile[];
  kept: ProjectRunData[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTensor = (t: unknown) =>
  isObject(t) &&
  typeof t.name === 'string' &&
  Array.isArray(t.shape) &&
  t.shape.every((n) => Number.isInteger(n) && (n as number) >= 0) &&
  t.values instanceof Float32Array &&
  t.values.length === (t.shape as number[]).reduce((a, b) => a * b, 1);
const isCheckpoint = (c: unknown) =>
  c === null ||
  (isObject(c) &&
    typeof c.epoch === 'number' &&
    typeof c.valLoss === 'number' &&
    Array.isArray(c.tensors) &&
    c.tensors.every(isTensor));

function keptOf(runId: string, head: Uint8Array | undefined, bin: Uint8Array | undefined): ProjectRunData {
  if (!head) return { runId, best: null, last: null, snapshots: [] };
  const name = runEntry(runId, 'kept', 'json');
  if (!bin) throw new ProjectFileError(`“${name}” has no numbers beside it: the file is damaged.`);
  const v = decodeTyped(name, parseJsonEntry(name, head), bin);
  if (!isObject(v) || !isCheckpoint(v.best) || !isCheckpoint(v.last) || !Array.isArray(v.snapshots))
    throw new ProjectFileError(`“${name}” is not a run’s checkpoints: the file was damaged or edited by hand.`);
  return { ...(v as Omit<ProjectRunData, 'runId'>), runId };
}

export async function openProjectFile(
  file: Blob,
  onProgress: (read: number, total: number) => void,
): Promise<OpenedProject> {
  const { manifest, entries } = await readProjectZip(file, onProgress);
  const setup = parseJsonEntry(SETUP, entries.get(SETUP));
  if (!isObject(setup))
    throw new ProjectFileError(`${SETUP} is not an object: the file was damaged or edited by hand.`);
  const rawRuns = parseJsonEntry(RUNS, entries.get(RUNS));
  if (!Array.isArray(rawRuns)) throw new ProjectFileError(`${RUNS} is not a list of runs.`);
  const runs = sanitizeRuns(rawRuns);
  if (runs.length !== rawRuns.length)
    throw new ProjectFileError(
      `${rawRuns.length - runs.length} of the ${rawRuns.length} runs in ${RUNS} are not valid runs: the file was damaged or edited by hand.`,
    );
  if (new Set(runs.map((r) => r.id)).size !== runs.length) throw new ProjectFileError(`${RUNS} lists a run twice.`);
  const dataset = parseDatasetEntry(parseJsonEntry(DATASET, entries.get(DATASET)));
  const files: FolderFile[] = (dataset?.files ?? []).map((path) => {
    const bytes = entries.get(fileEntry(path));
    if (!bytes) throw new ProjectFileError(`The project is missing the image “${path}”.`);
    entries.delete(fileEntry(path)); // the Blob holds them from here: never two copies
    return { path, blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeOf(path) }) };
  });
  const kept = runs.map((r) =>
    keptOf(r.id, entries.get(runEntry(r.id, 'kept', 'json')), entries.get(runEntry(r.id, 'kept', 'bin'))),
  );
  return { created: manifest.created, appVersion: manifest.appVersion, setup, runs, dataset, files, kept };
}
