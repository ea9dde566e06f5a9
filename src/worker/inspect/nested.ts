// A pretrained base is one layer of the model (a nested LayersModel, src/worker/model/bases/), but Inspect
// shows its own layers by their Keras names (block1_conv1 ... block5_pool; Conv1 ... out_relu).
import * as tf from '@tensorflow/tfjs';

const isBase = (l: tf.layers.Layer): l is tf.LayersModel => l instanceof tf.LayersModel;

/** The base's layers Inspect lists, in order: all but its InputLayer and the lab's preprocess_input. */
export const shownInner = (base: tf.LayersModel): tf.layers.Layer[] =>
  base.layers.filter((l) => l.getClassName() !== 'InputLayer' && l.getClassName() !== 'PreprocessInput');

/** A base's own layer by its Keras name, or null (also for the model's own layers). */
export function innerLayer(
  model: tf.LayersModel,
  name: string,
): { base: tf.LayersModel; layer: tf.layers.Layer } | null {
  for (const l of model.layers) {
    if (!isBase(l)) continue;
    const layer = shownInner(l).find((x) => x.name === name);
    if (layer) return { base: l, layer };
  }
  return null;
}

/** The index of the model's layer that computes `name` (the base's for its own layers), or -1. */
export function ownerIndex(model: tf.LayersModel, name: string): number {
  const top = model.layers.findIndex((l) => l.name === name);
  if (top >= 0) return top;
  const inner = innerLayer(model, name);
  return inner ? model.layers.indexOf(inner.base) : -1;
}

// One multi-output view per base (it shares the base's layers and weights: nothing to dispose).
const probes = new WeakMap<tf.LayersModel, tf.LayersModel>();

/** Every shown layer's output of `base` for its input `x`, in inference mode, in shownInner's order. Call inside tf.tidy. */
export function innerOutputs(base: tf.LayersModel, x: tf.Tensor): tf.Tensor[] {
  let probe = probes.get(base);
  if (!probe) {
    probe = tf.model({ inputs: base.inputs, outputs: shownInner(base).map((l) => l.output as tf.SymbolicTensor) });
    probes.set(base, probe);
  }
  const outs = probe.apply(x, { training: false });
  return Array.isArray(outs) ? (outs as tf.Tensor[]) : [outs as tf.Tensor];
}
