// The model export / import entries of the worker API: a kept
// checkpoint as a TensorFlow.js LayersModel (files or one zip), and a picked
// LayersModel checked layer by layer and stored as a run's checkpoints.
import { keptCheckpoint } from './checkpoints';
import { dataFailure } from './questions';
import { exportLayersModel, importLayersModel, ModelFileError, packModel } from './model/io';
import type { TrainWorkerApi } from './protocol';
import { version_layers } from '@tensorflow/tfjs';
import { makeMetadata } from '../model/tfjs-metadata';
import { withoutAugmentation } from '../model/from-topology';
import type { Session } from './session';
import { exportKerasFile, exportKerasWeights, importKerasFile } from './model/keras-file';
import type { NamedBytes } from './model/io';

/** A Keras file among the chosen ones (a .keras zip, or Keras 2's full-model .h5). */
const isKerasFile = (files: NamedBytes[]) => files.some((f) => /\.(keras|h5)$/i.test(f.name));

export function modelIoEntries(session: Session): Pick<TrainWorkerApi, 'exportModel' | 'importModel'> {
  return {
    exportModel: session.short(async (req) => {
      const checkpoint = await keptCheckpoint(session.store, req.runId, req.which);
      await session.readyBackend('Used to export the model.');
      if (req.format === 'keras' || req.format === 'keras-weights') {
        let file: NamedBytes;
        try {
          file =
            req.format === 'keras'
              ? {
                  name: `${req.stem}.keras`,
                  bytes: (
                    await exportKerasFile(req.arch, checkpoint.tensors, {
                      modelName: req.stem.replace(/[^\w]+/g, '_'),
                      classNames: req.metadata?.classNames ?? null,
                      now: new Date(),
                    })
                  ).bytes,
                }
              : { name: `${req.stem}.weights.h5`, bytes: await exportKerasWeights(req.arch, checkpoint.tensors) };
        } catch (e) {
          throw dataFailure(
            `The kept weights could not be written as a Keras file: ${e instanceof Error ? e.message : String(e)}`,
            'Export it as TensorFlow.js or as the Keras script instead.',
          );
        }
        return { value: [file], transfer: [file.bytes.buffer as ArrayBuffer] };
      }
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
      const keras = isKerasFile(files);
      try {
        imported = keras ? await importKerasFile(files) : importLayersModel(files);
      } catch (e) {
        if (e instanceof ModelFileError)
          throw dataFailure(
            e.message,
            keras
              ? 'Choose a .keras file saved by Keras 3 (model.save("x.keras")) or a Keras 2 model.save("x.h5") file, of a chain of layers the lab has; nothing was changed.'
              : 'Choose a TensorFlow.js LayersModel: model.json with its .bin file, or one .zip holding them (as Export model writes).',
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
