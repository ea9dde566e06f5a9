// How a train job takes the fast feature extraction way (fast-features.ts) when featurePlan allows it: the
// base's features of the training and validation images computed once, with progress in the preparing line,
// then the head trained on them, its weights put back into the whole model at every epoch and at the end.
import type * as tf from '@tensorflow/tfjs';
import { featurePlan } from '../model/bases/features';
import { pixelScale } from '../model/training';
import type { JobControl } from './control';
import { extractFeatures, extractMessage, headModel, putHead } from './fast-features';
import type { TrainRequest } from './protocol';
import { snapshotWeights, type TrainerData, type WeightTensor } from './trainer';

export interface FastRun {
  /** The model that trains: the layers after the base. */
  head: tf.Sequential;
  /** The features of the training and validation images, batched as pixels are. */
  data: TrainerData;
  /** The whole model's weights (base + the head as trained so far), for the checkpoint. */
  whole(): Promise<WeightTensor[]>;
  /** The head's weights into the whole model, the head disposed (called once the training ends, any way). */
  finish(): void;
}

/** The fast way for this job, null where featurePlan says no (or the job freezes layers of its own), 'stopped' on a stop. */
export async function fastFeatures(
  req: TrainRequest,
  model: tf.LayersModel,
  data: TrainerData,
  control: JobControl,
  say: (message: string) => void,
): Promise<FastRun | null | 'stopped'> {
  if (req.frozen?.length) return null;
  const plan = featurePlan(req.arch);
  if ('problem' in plan) return null;
  const splits = [data.train, data.val];
  const features = await extractFeatures(model, plan, splits, data.geometry, pixelScale(req.arch), control, (p) =>
    say(extractMessage(p, plan.bytesPerImage)),
  );
  if (!features) return 'stopped';
  const head = headModel(model, plan, req.settings.seed);
  let finished = false;
  return {
    head,
    data: { train: features[0]!, val: features[1]!, geometry: plan.head.input, numClasses: data.numClasses },
    async whole() {
      putHead(model, head, plan);
      return snapshotWeights(model);
    },
    finish() {
      if (finished) return;
      finished = true;
      putHead(model, head, plan);
      head.dispose();
    },
  };
}
