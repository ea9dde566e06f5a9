// The model export / import entries of the worker API: a kept
// checkpoint as a TensorFlow.js LayersModel (files or one zip), and a picked
// LayersModel checked layer by layer and stored as a run's checkpoints.
import { keptCheckpoint } from './checkpoints';
import { dataFailure } from './questions';
import { exportLayersModel, importLayersModel, ModelFileError, packModel } from './model/io';
import type { TrainWorkerApi } from './protocol';
import { version_layers } from '@tensorflow/tfjs';
import { makeMetadata } from '../model/tfjs-metadata';
import { withoutAugmentation } from '../model/fromTopology';
import type { Session } from './session';

export function modelIoEntries(session: Session): Pick<TrainWorkerApi, 'exportModel' | 'importModel'> {
  return {
    exportModel: session.short(async (req) => {
      const checkpoint = await keptCheckpoint(session.store, req.runId, req.which);
      await session.readyBackend('Used to export the model.');
      let saved;
      try {
        saved = await exportLayersModel(req.arch, checkpoint.tensors, { stripAugmentation: req.stripAugmentation });
      } catch (e) {
        throw dataFailure(
          `The kept weights could not be exported: ${e instanceof Error ? e.message : String(e)}`,
          'Export a run whose architecture is the one it was trained with.',
        );
      }
      const metadata = req.metadata
        ? JSON.stringify(
            makeMetadata(req.metadata.classNames, req.stripAugmentation ? withoutAugmentation(req.arch) : req.arch, {
              modelName: req.metadata.modelName,
              tfjsVersion: version_layers,
              stripAugmentation: req.stripAugmentation,
              now: new Date(),
            }),
            null,
            2,
          )
        : undefined;
      const files = packModel(saved.modelJson, saved.weights, req.zip, req.stem, metadata);
      return { value: files, transfer: files.map((f) => f.bytes.buffer as ArrayBuffer) };
    }),
    importModel: session.short(async (runId, files) => {
      await session.readyBackend('Used to import a model.');
      let imported;
      try {
        imported = importLayersModel(files);
      } catch (e) {
        if (e instanceof ModelFileError)
          throw dataFailure(
            e.message,
            'Choose a TensorFlow.js LayersModel: model.json with its .bin file, or one .zip holding them (as Export model writes).',
          );
        throw e;
      }
      // Stored only once everything checked out: a bad file changes nothing.
      for (const which of ['best', 'last'] as const)
        await session.store.save({
          runId,
          which,
          epoch: 0,
          valLoss: Number.POSITIVE_INFINITY,
          tensors: imported.tensors,
        });
      return {
        value: { runId, arch: imported.arch, tensors: imported.tensors.length, classNames: imported.classNames },
        transfer: [],
      };
    }),
  };
}
