// The worker API's entries for TensorFlow.js bases: list the kept ones, add picked files (read by tfjs itself,
// the base taken out and checked in full before anything is kept: a file that fails changes nothing), remove one.
// Not queued behind training: they build no model of a run, only tfjs' reader and the browser's storage.
import type { WorkerFailure } from '../model/run-types';
import { TfjsBaseError } from '../model/bases/tfjs-pick';
import { keepTfjsBase, keptTfjsBases, removeTfjsBase } from './base-files/tfjs-keep';
import { readTfjsBase } from './model/bases/tfjs-read';
import { ModelFileError } from './model/io';
import type { TrainWorkerApi } from './protocol';

const PICK =
  'Pick model.json together with every .bin file it names (Teachable Machine: model.json and weights.bin), or one .zip holding them.';

const failed = (message: string, fix: string): { ok: false; failure: WorkerFailure } => ({
  ok: false,
  failure: { kind: 'data', message, fix },
});
const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function tfjsBaseEntries(): Pick<TrainWorkerApi, 'tfjsBases' | 'addTfjsBase' | 'removeTfjsBase'> {
  return {
    async tfjsBases() {
      try {
        return { ok: true, value: await keptTfjsBases() };
      } catch (e) {
        return failed(`The kept TensorFlow.js bases could not be listed (${text(e)}).`, 'Reload the page.');
      }
    },
    async addTfjsBase(files) {
      const named = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.blob.arrayBuffer()) })),
      );
      let read;
      try {
        read = await readTfjsBase(named);
      } catch (e) {
        if (e instanceof TfjsBaseError || e instanceof ModelFileError) return failed(e.message, PICK);
        throw e;
      }
      try {
        return {
          ok: true,
          value: await keepTfjsBase(
            read,
            files.map((f) => f.name),
          ),
        };
      } catch (e) {
        return failed(
          `The model checked out but the browser would not keep it (${text(e)}).`,
          'Free some space for this site (or leave private browsing) and add the files again.',
        );
      }
    },
    async removeTfjsBase(fileName) {
      await removeTfjsBase(fileName);
      return { ok: true, value: null };
    },
  };
}
