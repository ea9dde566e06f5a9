// The basesSlice's actions for TensorFlow.js bases: list, add (the worker reads, checks and keeps), remove, and
// put one into the stack. A stack naming a kept base without its description (a share link, a saved setup whose
// description did not read right) gets it back as soon as the list arrives.
import { resolveTfjsBases, withTfjsBase } from '../model/bases/tfjs-use';
import type { BasesSlice } from './bases-slice';
import type { LabState } from './create';
import type { ClientDeps } from './deps';
import type { KeptTfjsBase } from '../model/bases/tfjs-types';

type Set = (partial: Partial<LabState> | ((s: LabState) => Partial<LabState>)) => void;
type Actions = Pick<BasesSlice, 'refreshTfjsBases' | 'addTfjsBase' | 'removeTfjsBase' | 'putTfjsBase' | 'cutTfjsBase'>;

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function tfjsBaseActions(client: ClientDeps['client'], set: Set, get: () => LabState): Actions {
  const resolve = () => {
    const { arch, tfjsBases, presetId, modelLock } = get();
    if (modelLock) return;
    const resolved = resolveTfjsBases(arch, tfjsBases ?? []);
    if (resolved !== arch) get().replaceArchitecture(resolved, presetId);
  };
  const added = (kept: KeptTfjsBase) => {
    set((s) => ({ tfjsBases: [...(s.tfjsBases ?? []).filter((b) => b.fileName !== kept.fileName), kept] }));
    resolve();
  };
  return {
    refreshTfjsBases: async () => {
      const answer = await client.tfjsBases();
      if (!answer.ok) return set({ tfjsBases: [], tfjsBaseFailure: answer.failure });
      set({ tfjsBases: answer.value });
      resolve();
    },
    addTfjsBase: async (files) => {
      if (get().tfjsBaseJob || files.length === 0) return false;
      set({ tfjsBaseJob: files.map((f) => f.name), tfjsBaseFailure: null });
      try {
        const answer = await client.addTfjsBase(files.map((f) => ({ name: f.name, blob: f })));
        if (!answer.ok) {
          set({ tfjsBaseFailure: { message: answer.failure.message, fix: answer.failure.fix } });
          return false;
        }
        added(answer.value);
        return true;
      } catch (e) {
        set({ tfjsBaseFailure: { message: `The files could not be read: ${text(e)}`, fix: 'Pick them again.' } });
        return false;
      } finally {
        set({ tfjsBaseJob: null });
      }
    },
    removeTfjsBase: async (fileName) => {
      const answer = await client.removeTfjsBase(fileName);
      if (!answer.ok) set({ tfjsBaseFailure: answer.failure });
      set((s) => ({ tfjsBases: (s.tfjsBases ?? []).filter((b) => b.fileName !== fileName) }));
    },
    cutTfjsBase: async (fileName, layer) => {
      if (get().tfjsBaseJob) return false;
      set({ tfjsBaseJob: [`${fileName} cut after ${layer}`], tfjsBaseFailure: null });
      try {
        const answer = await client.cutTfjsBase(fileName, layer);
        if (!answer.ok) set({ tfjsBaseFailure: { message: answer.failure.message, fix: answer.failure.fix } });
        else added(answer.value);
        return answer.ok;
      } finally {
        set({ tfjsBaseJob: null });
      }
    },
    putTfjsBase: (fileName) => {
      const kept = get().tfjsBases?.find((b) => b.fileName === fileName);
      if (!kept) return false;
      return get().replaceArchitecture(withTfjsBase(get().arch, kept));
    },
  };
}
