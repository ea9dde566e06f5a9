// A fresh run with a pretrained base starts from ImageNet's weights, never from the base's random ones: the kept
// file is read, checked again and put into the built base (setBaseWeights, Keras' order). No kept file, or one
// that no longer checks out, fails the run before its first step with what to do, rather than training on noise.
import * as tf from '@tensorflow/tfjs';
import { archBaseNeed, baseDownloadPlan } from '../../model/base-files';
import type { Architecture, TfjsBaseLayer } from '../../model/layers';
import { isTfjsBase } from '../../model/bases/tfjs-base';
import { keptTfjsWeights } from './tfjs-keep';
import { BaseWeightsError as FileError } from '../h5/base-weights';
import { setBaseWeights, BaseWeightsError as FitError } from '../model/bases/set-weights';
import { dataFailure } from '../questions';
import { keptBaseWeights } from './load';

const ADD_THEM = 'Model > Pretrained base weights: download the file or pick it there, then train again.';

/** Puts the kept ImageNet weights into `model`'s base, if its architecture has one; false when it has none. */
export async function putKeptBaseWeights(model: tf.LayersModel, arch: Architecture): Promise<boolean> {
  const tfjs = arch.layers.find(isTfjsBase);
  if (tfjs) return putTfjsWeights(model, tfjs);
  const need = archBaseNeed(arch);
  if (!need) return false;
  const base = model.layers.find((l): l is tf.LayersModel => l instanceof tf.LayersModel);
  if (!base) throw new Error('The built model has no base block to put the weights into.');
  let weights;
  try {
    weights = await keptBaseWeights(need);
  } catch (e) {
    if (e instanceof FileError) throw dataFailure(`The kept weights no longer check out: ${e.message}`, ADD_THEM);
    throw e;
  }
  if (!weights)
    throw dataFailure(
      `The ${base.name} base has no ImageNet weights in this browser yet (${baseDownloadPlan(need).fileName}).`,
      ADD_THEM,
    );
  try {
    setBaseWeights(base, weights);
  } catch (e) {
    if (e instanceof FitError) throw dataFailure(`The kept weights do not fit the base: ${e.message}`, ADD_THEM);
    throw e;
  }
  return true;
}

const ADD_TFJS = 'Model > TensorFlow.js model as a base: drop its model.json and weight files there, then train again.';

/** A TF.js base's kept weights, by tfjs' names (`conv1/kernel`), into the built base. */
async function putTfjsWeights(model: tf.LayersModel, layer: TfjsBaseLayer): Promise<boolean> {
  const base = model.layers.find((l): l is tf.LayersModel => l instanceof tf.LayersModel);
  if (!base) throw new Error('The built model has no base block to put the weights into.');
  let weights;
  try {
    weights = await keptTfjsWeights(layer.tfjs.file);
  } catch (e) {
    throw dataFailure(
      `The kept TensorFlow.js base no longer checks out: ${e instanceof Error ? e.message : String(e)}`,
      ADD_TFJS,
    );
  }
  if (!weights) throw dataFailure(`The TensorFlow.js base '${layer.tfjs.file}' is not kept in this browser.`, ADD_TFJS);
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const v of base.weights) {
    const w = byName.get(v.originalName);
    if (!w || w.shape.join(',') !== v.shape.join(','))
      throw dataFailure(
        `The kept TensorFlow.js base has no weight '${v.originalName}' of shape [${v.shape.join(', ')}].`,
        ADD_TFJS,
      );
  }
  tf.tidy(() =>
    base.weights.forEach((v) => v.write(tf.tensor(byName.get(v.originalName)!.values, v.shape as number[]))),
  );
  return true;
}
