// How a train job takes the fast feature extraction way (fast-features.ts) when featurePlan allows it: the
// base's features of the training and validation images computed once, with progress in the preparing line,
// kept in memory or on disk by the pixels' rule (feature-keep.ts), then the head trained on them, its weights
// put back into the whole model at every epoch and at the end.
import type * as tf from '@tensorflow/tfjs';
import { featurePlan } from '../model/bases/features';
import { pixelScale } from '../model/training';
import type { JobControl } from './control';
import { extractFeatures, extractMessage, headModel, putHead } from './fast-features';
import { keepFeatures, type FeatureDisk } from './feature-keep';
import type { TrainRequest } from './protocol';
import { snapshotWeights, type TrainerData, type WeightTensor } from './trainer';

export interface FastRun {
  /** The model that trains: the layers after the base. */
  head: tf.Sequential;
  /** The features of the training and validation images, batched as pixels are. */
  data: TrainerData;
  /** The whole model's weights (base + the head as trained so far), for the checkpoint. */
  whole(): Promise<WeightTensor[]>;
  /**
   * The head's weights into the whole model, the head disposed, the features' file removed (called once the
   * training ends, any way).
   */
  finish(): Promise<void>;
}

/** The fast way for this job, null where featurePlan says no (or the job freezes layers of its own), 'stopped' on a stop. */
export async function fastFeatures(
  req: TrainRequest,
  model: tf.LayersModel,
  data: TrainerData,
  control: JobControl,
  say: (message: string) => void,
  disk: FeatureDisk = { store: null },
): Promise<FastRun | null | 'stopped'> {
  if (req.frozen?.length) return null;
  const plan = featurePlan(req.arch);
  if ('problem' in plan) return null;
  const splits = [data.train, data.val];
  const per = plan.bytesPerImage / 4;
  const counts = splits.map((s) => s.count);
  const labels = splits.map((s) => s.labels);
  const keeper = await keepFeatures(counts, labels, per, req.pixelsWhileTraining ?? 'auto', disk);
  let head: tf.Sequential;
  try {
    const done = await extractFeatures(model, plan, splits, data.geometry, pixelScale(req.arch), control, keeper, (p) =>
      say(extractMessage(p, plan.bytesPerImage, keeper)),
    );
    if (!done) {
      await keeper.close();
      return 'stopped';
    }
    head = headModel(model, plan, req.settings.seed);
  } catch (e) {
    await keeper.close();
    throw e;
  }
  const [train, val] = keeper.splits();
  let finished = false;
  return {
    head,
    data: { train: train!, val: val!, geometry: plan.head.input, numClasses: data.numClasses },
    async whole() {
      putHead(model, head, plan);
      return snapshotWeights(model);
    },
    async finish() {
      if (finished) return;
      finished = true;
      try {
        putHead(model, head, plan);
        head.dispose();
      } finally {
        await keeper.close();
      }
    },
  };
}
