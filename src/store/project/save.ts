// Writes the whole project into a project zip, entry by entry as each is
// read: the setup (the saved-state table), the runs, the dataset's record and
// a folder's original files (read one at a time from where the lab keeps
// them), and each run's kept checkpoints and epoch snapshots (asked of the
// worker one run at a time). The manifest with every checksum comes last.
import { loadSavedFiles } from '../../data/persist';
import { DATASET, RUNS, SETUP, runEntry } from '../../data/project/format';
import { fileEntry, type DatasetEntry } from '../../data/project/dataset-entry';
import { encodeTyped } from '../../data/project/typed-json';
import { ProjectZipWriter, type ZipSink } from '../../data/project/zip-stream';
import type { TrainClient } from '../../client/client';
import { savedState } from '../saved';
import type { LabState } from '../create';

export interface SaveProgress {
  label: string;
  done: number;
  total: number;
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** The dataset as the project holds it, and a folder's files to write (null: the dataset has none kept). */
function datasetEntry(s: LabState): DatasetEntry | null {
  const { dataset, dataItems, dataSource, skipped } = s;
  if (!dataset || !dataSource) return null;
  const folder = dataSource.kind === 'folder';
  return {
    source: dataSource,
    settings: { seed: s.splitSeed, fractions: s.splitFractions, maxPerClass: s.maxPerClass },
    target: { height: dataset.height, width: dataset.width, channels: dataset.channels },
    skipped,
    name: dataset.name,
    classNames: dataset.classNames,
    split:
      folder && dataItems
        ? {
            train: dataItems.train.map((i) => i.path),
            val: dataItems.val.map((i) => i.path),
            test: dataItems.test.map((i) => i.path),
          }
        : null,
    files: [],
  };
}

export async function writeProject(
  s: LabState,
  client: TrainClient,
  sink: ZipSink,
  appVersion: string,
  onProgress: (p: SaveProgress) => void,
): Promise<{ bytes: number; entries: number }> {
  const writer = new ProjectZipWriter(sink);
  const entry = datasetEntry(s);
  const files = entry?.source.kind === 'folder' ? await loadSavedFiles() : null;
  if (entry?.source.kind === 'folder' && !files)
    throw new Error('The folder’s original image files are no longer kept in this browser: load the folder again.');
  if (entry && files) entry.files = files.map((f) => f.path);
  const total = 3 + (files?.length ?? 0) + s.runs.length;
  let done = 0;
  const step = (label: string) => onProgress({ label, done: ++done, total });

  await writer.add(SETUP, json(savedState(s)));
  step('Setup');
  await writer.add(RUNS, json(s.runs));
  step('Runs');
  await writer.add(DATASET, json(entry));
  step('Dataset');
  for (const f of files ?? []) {
    // One file in memory at a time; JPEG/PNG are stored as they are (deflate would gain ~1%).
    await writer.add(fileEntry(f.path), new Uint8Array(await f.blob.arrayBuffer()), true);
    step(`Images (${f.path})`);
  }
  for (const run of s.runs) {
    const kept = await client.projectRunData(run.id);
    if (!kept.ok)
      throw new Error(`The weights of run “${run.name || run.id}” could not be read: ${kept.failure.message}`);
    const { best, last, snapshots } = kept.value;
    if (best || last || snapshots.length) {
      const { json: head, bin } = encodeTyped({ best, last, snapshots });
      await writer.add(runEntry(run.id, 'kept', 'json'), head);
      await writer.add(runEntry(run.id, 'kept', 'bin'), bin);
    }
    step(`Checkpoints (${run.name || run.id})`);
  }
  const manifest = await writer.finish(appVersion);
  return { bytes: writer.written, entries: manifest.entries.length + 1 };
}
