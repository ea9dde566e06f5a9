// A base nested in a model.json (what the lab's tfjs export writes: a Model layer named `vgg16` or
// `mobilenetv2_<alpha>_<rows>`, preprocess_input then Keras' layers) back as the lab's Base layer, or why not.
import type { PretrainedBaseLayer } from '../layers';
import { baseLayers } from './spec';
import { MOBILENET_V2_ALPHAS, type BaseRef, type MobileNetV2Alpha } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function refFromName(name: string): BaseRef | string {
  if (name === 'vgg16') return { base: 'vgg16' };
  const m = /^mobilenetv2_(\d\.\d\d)_\d+$/.exec(name);
  if (!m)
    return `a nested model named '${name}', which is not one of the lab's bases (vgg16, mobilenetv2_<alpha>_<size>)`;
  const alpha = Number(m[1]) as MobileNetV2Alpha;
  if (!MOBILENET_V2_ALPHAS.includes(alpha)) return `a MobileNetV2 of alpha ${m[1]}, which Keras has no weights for`;
  return { base: 'mobilenet_v2', alpha };
}

/** The Base layer a nested model's config stands for, or a message saying what does not fit. */
export function baseFromTopology(config: Obj): PretrainedBaseLayer | { problem: string } {
  const name = typeof config.name === 'string' ? config.name : '';
  const ref = refFromName(name);
  if (typeof ref === 'string') return { problem: ref };
  const raw = Array.isArray(config.layers) ? config.layers.filter(isObj) : [];
  const cls = (l: Obj) => (typeof l.class_name === 'string' ? l.class_name : '');
  const cfg = (l: Obj): Obj => (isObj(l.config) ? l.config : {});
  const pre = raw.find((l) => cls(l) === 'PreprocessInput');
  const mode = ref.base === 'vgg16' ? 'caffe' : 'tf';
  if (!pre || cfg(pre).mode !== mode)
    return { problem: `its '${name}' lacks the preprocess_input (mode '${mode}') the lab's bases carry` };
  const own = raw.filter((l) => cls(l) !== 'InputLayer' && cls(l) !== 'PreprocessInput');
  const spec = baseLayers(ref, 224, 224).slice(1);
  const differs = spec.findIndex((s, i) => !own[i] || cfg(own[i]!).name !== s.name || cls(own[i]!) !== s.op.kind);
  if (differs >= 0 || own.length !== spec.length)
    return {
      problem: `its '${name}' is not keras.applications' ${ref.base === 'vgg16' ? 'VGG16' : 'MobileNetV2'} (layer ${differs + 1} differs)`,
    };
  // The lab trains a base from one layer to its end (Keras' textbook loop); anything else it cannot show.
  const flags = spec.map((s, i) => (s.weights.length > 0 ? cfg(own[i]!).trainable !== false : null));
  const first = flags.findIndex((f) => f === true);
  if (first >= 0 && flags.slice(first).some((f) => f === false))
    return { problem: `its '${name}' trains some layers after a frozen one; the lab trains a base from one layer on` };
  return {
    type: 'Base',
    base: ref.base,
    alpha: ref.base === 'mobilenet_v2' ? ref.alpha : 1,
    fineTuneFrom: first >= 0 ? spec[first]!.name : null,
  };
}
