// Model export and import: a run's kept checkpoint out as a
// TensorFlow.js LayersModel, a LayersModel in as the editor's stack (one undo
// step) plus an "Imported: <file>" run whose best and last checkpoint hold its
// weights, and the fine-tune choice the next training run takes from it. The
// worker does the tfjs and zip work; this slice only moves bytes and records.
import type { StateCreator } from 'zustand';
import { inferSummary } from '../model/infer';
import { kerasNames } from '../model/names';
import { sameShape } from '../model/shape';
import type { ImageBatch, ModelFile, TrainRequest } from '../client/types';
import type { ClientDeps } from './deps';
import { DEFAULT_SETTINGS, newRunId, type Run } from './train-runs';
import type { LabState } from './index';
import { runTitle } from './runs/list';

export interface ModelIoSlice {
  modelIoBusy: 'export' | 'import' | null;
  /** The last export or import failure, in words (what and what to do); cleared by the next attempt. */
  modelIoError: string | null;
  /** The last import's success line. */
  modelIoNotice: string | null;
  /** The run the last import made, or the run the student fine-tunes (Runs): the next run starts from its weights. */
  importedRunId: string | null;
  /**
   * Only that run's classifier, matched by name (the base from its kept ImageNet file): a feature-extraction run
   * fine-tuned, whose weights are in another order once its base trains (tfjs lists trainable weights first).
   */
  importedHeadOnly: boolean;
  /** "Continue training from the kept weights" of that run. */
  fineTune: boolean;
  /** Keras layer names kept frozen while fine-tuning. */
  frozenLayers: string[];
  /** The chosen run's kept checkpoint as files to download (null on failure, with modelIoError set). */
  exportModel: (options: {
    runId?: string;
    stripAugmentation: boolean;
    zip: boolean;
    /** TensorFlow.js (the default), a Keras 3 .keras file, or its weights alone (.weights.h5). */
    format?: 'tfjs' | 'keras' | 'keras-weights';
  }) => Promise<ModelFile[] | null>;
  importModel: (files: File[]) => Promise<boolean>;
  setFineTune: (on: boolean) => void;
  toggleFrozen: (layerName: string) => void;
  /** What the next training run adds to its request (empty unless fine-tuning an imported run). */
  fineTuneRequest: () => Pick<TrainRequest, 'initialWeights' | 'frozen'>;
  /** Class probabilities of the loaded dataset's first test image under the current run's kept checkpoint. */
  predictFirstTestImage: () => Promise<number[] | null>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const createModelIoSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], ModelIoSlice> =>
  (set, get) => ({
    modelIoBusy: null,
    modelIoError: null,
    modelIoNotice: null,
    importedRunId: null,
    importedHeadOnly: false,
    fineTune: false,
    frozenLayers: [],

    exportModel: async ({ runId, stripAugmentation, zip, format = 'tfjs' }) => {
      const { runs, currentRunId } = get();
      const run = runs.find((r) => r.id === (runId ?? currentRunId));
      if (!run || run.bestEpoch === null) {
        set({ modelIoError: 'This run has no kept checkpoint yet: train for at least one epoch, then export.' });
        return null;
      }
      set({ modelIoBusy: 'export', modelIoError: null });
      try {
        const stem = `${(run.name || run.dataset.name).replace(/[^\w.-]+/g, '_').slice(0, 40)}-${run.id}`;
        const answer = await client.exportModel({
          runId: run.id,
          which: 'best',
          arch: run.arch,
          stripAugmentation,
          zip,
          stem,
          // metadata.json: the class names travel with the model (plain tfjs users and the lab's import read them).
          metadata: { classNames: run.dataset.classNames, modelName: runTitle(run) },
          format,
        });
        if (!answer.ok) {
          set({ modelIoError: `${answer.failure.message} ${answer.failure.fix}` });
          return null;
        }
        return answer.value;
      } catch (e) {
        set({ modelIoError: `Export failed: ${message(e)}` });
        return null;
      } finally {
        set({ modelIoBusy: null });
      }
    },

    importModel: async (files) => {
      set({ modelIoError: null, modelIoNotice: null });
      // Refused before anything is read or stored: nothing changes while training holds the model.
      const lock = get().modelLock;
      if (lock) {
        set({ modelIoError: lock });
        return false;
      }
      if (files.length === 0) {
        set({ modelIoError: 'No file was chosen: pick model.json and its .bin file, one .zip, or one .keras file.' });
        return false;
      }
      set({ modelIoBusy: 'import' });
      const runId = newRunId();
      try {
        const bytes = await Promise.all(
          files.map(async (f): Promise<ModelFile> => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
        );
        const answer = await client.importModel(runId, bytes);
        if (!answer.ok) {
          set({ modelIoError: `${answer.failure.message} ${answer.failure.fix}` });
          return false;
        }
        const { arch } = answer.value;
        if (!get().replaceArchitecture(arch)) {
          void client.deleteRun(runId).catch(() => undefined);
          set({ modelIoError: get().modelLock ?? 'The model could not be replaced.' });
          return false;
        }
        const fileName = (files.find((f) => /\.(json|zip|keras|h5)$/i.test(f.name)) ?? files[0]!).name;
        const ds = get().dataset;
        // Evaluate works on the loaded dataset when it fits the imported model; else the run names its classes by number.
        const fits = ds && ds.classNames.length === arch.numClasses && sameShape(ds, arch.input);
        const run: Run = {
          id: runId,
          createdAt: Date.now(),
          arch,
          loss: inferSummary(arch).loss ?? 'sparse_categorical_crossentropy',
          settings: get().trainSettings ?? DEFAULT_SETTINGS,
          dataset: fits
            ? {
                id: ds.id,
                name: ds.name,
                classNames: ds.classNames,
                counts: { train: ds.train.count, val: ds.val.count, test: ds.test.count },
              }
            : {
                id: `imported:${runId}`,
                name: 'Imported model',
                classNames: answer.value.classNames ?? Array.from({ length: arch.numClasses }, (_, i) => `class ${i}`),
                counts: { train: 0, val: 0, test: 0 },
              },
          epochs: [],
          // Epoch 0: the imported weights, stored by the worker as this run's best and last checkpoint.
          bestEpoch: 0,
          test: null,
          backend: null,
          end: 'done',
          failure: null,
          name: `Imported: ${fileName}`,
        };
        // Kept with every other run: only the student's delete (Runs) removes a run or its checkpoint.
        get().addRun(run);
        get().setCurrentRun(runId);
        set({
          importedRunId: runId,
          importedHeadOnly: false,
          fineTune: true,
          frozenLayers: [],
          modelIoNotice: `Imported ${fileName}: ${arch.layers.length} layers, ${inferSummary(arch).totalParams} parameters.`,
        });
        return true;
      } catch (e) {
        set({ modelIoError: `Import failed: ${message(e)}` });
        return false;
      } finally {
        set({ modelIoBusy: null });
      }
    },

    setFineTune: (on) => set({ fineTune: on }),
    toggleFrozen: (name) =>
      set((s) => ({
        frozenLayers: s.frozenLayers.includes(name)
          ? s.frozenLayers.filter((n) => n !== name)
          : [...s.frozenLayers, name],
      })),

    fineTuneRequest: () => {
      const { fineTune, importedRunId, importedHeadOnly, runs, frozenLayers, arch } = get();
      if (!fineTune || !importedRunId || !runs.some((r) => r.id === importedRunId)) return {};
      const names = new Set(kerasNames(arch.layers.map((l) => l.type)));
      const frozen = frozenLayers.filter((n) => names.has(n));
      const initialWeights = { runId: importedRunId, which: 'best' as const };
      return {
        initialWeights: importedHeadOnly ? { ...initialWeights, layers: 'head' as const } : initialWeights,
        ...(frozen.length ? { frozen } : {}),
      };
    },

    predictFirstTestImage: async () => {
      const { runs, currentRunId, dataset } = get();
      const run = runs.find((r) => r.id === currentRunId);
      set({ modelIoError: null });
      if (!run || run.bestEpoch === null || !dataset || dataset.test.count === 0) {
        set({ modelIoError: 'Load a dataset with a test split and pick a run with a kept checkpoint first.' });
        return null;
      }
      try {
        const images: ImageBatch = {
          pixels: await get().readDatasetImage(dataset, 'test', 0),
          count: 1,
          height: dataset.height,
          width: dataset.width,
          channels: dataset.channels,
        };
        const answer = await client.predict({ runId: run.id, which: 'best', arch: run.arch }, images);
        if (!answer.ok) {
          set({ modelIoError: `${answer.failure.message} ${answer.failure.fix}` });
          return null;
        }
        return Array.from(answer.value.probabilities);
      } catch (e) {
        set({ modelIoError: `Prediction failed: ${message(e)}` });
        return null;
      }
    },
  });
