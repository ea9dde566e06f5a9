// The worker API's entries for TensorFlow.js bases: list the kept ones, add picked files (read by tfjs itself,
// the base taken out and checked in full before anything is kept: a file that fails changes nothing), remove one.
// Not queued behind training: they build no model of a run, only tfjs' reader and the browser's storage.
import type { WorkerFailure } from '../model/run-types';
import { TfjsBaseError } from '../model/bases/tfjs-pick';
import { keepTfjsBase, keptTfjsBases, keptTfjsParts, removeTfjsBase } from './base-files/tfjs-keep';
import { cutTfjsBase, readTfjsBase, type TfjsBaseRead } from './model/bases/tfjs-read';
import { ModelFileError } from './model/io';
import type { TrainWorkerApi } from './protocol';

const PICK =
  'Pick model.json together with every .bin file it names (Teachable Machine: model.json and weights.bin), or one .zip holding them.';

const failed = (message: string, fix: string): { ok: false; failure: WorkerFailure } => ({
  ok: false,
  failure: { kind: 'data', message, fix },
});
const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Entries = Pick<TrainWorkerApi, 'tfjsBases' | 'addTfjsBase' | 'removeTfjsBase' | 'cutTfjsBase'>;

async function keep(read: TfjsBaseRead, picked: string[]) {
  try {
    return { ok: true as const, value: await keepTfjsBase(read, picked) };
  } catch (e) {
    return failed(
      `The model checked out but the browser would not keep it (${text(e)}).`,
      'Free some space for this site (or leave private browsing) and add the files again.',
    );
  }
}

/** `ready` makes sure tfjs has a backend (building a model makes tensors; a fresh worker may have none yet). */
export function tfjsBaseEntries(ready: () => Promise<void> = async () => undefined): Entries {
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
        await ready();
        read = await readTfjsBase(named);
      } catch (e) {
        if (e instanceof TfjsBaseError || e instanceof ModelFileError) return failed(e.message, PICK);
        throw e;
      }
      return keep(
        read,
        files.map((f) => f.name),
      );
    },
    async cutTfjsBase(fileName, layer) {
      const parts = await keptTfjsParts(fileName);
      if (!parts) return failed(`The TensorFlow.js base '${fileName}' is no longer kept in this browser.`, PICK);
      try {
        await ready();
        return await keep(await cutTfjsBase(parts, layer), parts.picked);
      } catch (e) {
        if (e instanceof TfjsBaseError) return failed(e.message, 'Pick another layer to cut after.');
        throw e;
      }
    },
    async removeTfjsBase(fileName) {
      await removeTfjsBase(fileName);
      return { ok: true, value: null };
    },
  };
}
