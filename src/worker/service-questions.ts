// The short questions of the worker API about a model: one layer's weights, class probabilities for a few
// images, augmented copies of one image. Each is answered between training steps (Session.short) on the
// live model or a kept checkpoint, reading only (inference mode, no weight changes, no random draws that
// a run makes).
import { pixelScale } from './model/build';
import { augmentPreviewProblem } from '../model/augmentation';
import { augmentSamples } from './augment-preview';
import { keptCheckpoint } from './checkpoints';
import { checkImages, dataFailure, liveLayerWeights, predictProbabilities, storedLayerWeights } from './questions';
import type { TrainWorkerApi } from './protocol';
import type { Session } from './session';

export type QuestionEntries = Pick<TrainWorkerApi, 'layerWeights' | 'predict' | 'augmentSamples'>;

export function questionEntries(session: Session): QuestionEntries {
  return {
    layerWeights: session.short(async (source, layerName) => {
      if (source === 'current') {
        const current = session.current;
        if (!current) throw dataFailure('There is no trained model yet.', 'Train a run first.');
        const tensors = await liveLayerWeights(current.model, layerName);
        return {
          value: { runId: current.runId, layerName, at: { ...current.at }, tensors },
          transfer: tensors.map((t) => t.values.buffer as ArrayBuffer),
        };
      }
      const checkpoint = await keptCheckpoint(session.store, source.runId, source.which);
      const tensors = storedLayerWeights(checkpoint.tensors, layerName);
      return {
        value: { runId: source.runId, layerName, at: { epoch: checkpoint.epoch, batch: null }, tensors },
        transfer: tensors.map((t) => t.values.buffer as ArrayBuffer),
      };
    }),
    predict: session.short(async (source, images) => {
      const m = await session.modelFor(source);
      try {
        checkImages(images, m.arch.input);
        const probabilities = await predictProbabilities(m.model, images, pixelScale(m.arch), m.arch.numClasses);
        return {
          value: { runId: m.runId, at: { ...m.at }, numClasses: m.arch.numClasses, probabilities },
          transfer: [probabilities.buffer as ArrayBuffer],
        };
      } finally {
        if (m.owned) m.model.dispose();
      }
    }),
    // On the backend training uses: the active one (a run's, untouched while a job holds the worker), else the
    // settings' choice is started, as predict does after a reload. The layers draw from their own seeded
    // generators, so a preview mid-run changes nothing the run draws.
    augmentSamples: session.short(async (req, backend) => {
      const problem = augmentPreviewProblem(req);
      if (problem) throw dataFailure(problem, 'Correct the augmentation layer in Model, or load the image again.');
      await session.readyBackend('Used for the augmentation preview.', backend);
      const images = augmentSamples(req);
      return { value: images, transfer: images.map((img) => img.buffer as ArrayBuffer) };
    }),
  };
}
