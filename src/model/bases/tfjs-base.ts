// A kept TensorFlow.js base in the summary, pure: its one `<name> (Functional)` row, Keras' trainable split (a
// layer trains from `fineTuneFrom` on, the file's order; a BatchNormalization's moving statistics never), the
// layers to fine-tune from, and what does not fit (the kept file missing, an input the model does not take).
import type { LayerConfig, TfjsBaseLayer } from '../layers';
import type { BaseStep } from './summary';
import { TFJS_PREPROCESS, type TfjsBaseModel, type TfjsPreprocess } from './tfjs-types';

export const isTfjsBase = <L extends LayerConfig>(l: L): l is L & TfjsBaseLayer =>
  l.type === 'Base' && l.base === 'tfjs';

/** The choices of `fine-tune-from-select`: the layers holding weights, in the file's order. */
export const tfjsFineTuneChoices = (model: TfjsBaseModel): string[] =>
  model.layers.filter((l) => l.params > 0).map((l) => l.name);

export function tfjsTotals(model: TfjsBaseModel, fineTuneFrom: string | null) {
  const start = fineTuneFrom === null ? -1 : model.layers.findIndex((l) => l.name === fineTuneFrom);
  let params = 0;
  let trainable = 0;
  model.layers.forEach((l, i) => {
    params += l.params;
    if (start >= 0 && i >= start) trainable += l.trainableParams;
  });
  return { outputShape: model.outputShape, params, trainable, nonTrainable: params - trainable };
}

/** The model's name as the summary and the built model show it (the file's key until the file is found). */
export const tfjsBaseName = (layer: TfjsBaseLayer): string => layer.tfjs.model?.name ?? layer.tfjs.file;

/** What is wrong with a TF.js base's own settings (stored or shared state may be stale), or null. */
export function tfjsSettingsProblem(layer: TfjsBaseLayer): string | null {
  if (!TFJS_PREPROCESS.includes(layer.tfjs.preprocess))
    return `unknown preprocessing "${String(layer.tfjs.preprocess)}" (${TFJS_PREPROCESS.join(', ')})`;
  const model = layer.tfjs.model;
  if (model && layer.fineTuneFrom !== null && !tfjsFineTuneChoices(model).includes(layer.fineTuneFrom))
    return `the base has no layer with weights named "${layer.fineTuneFrom}" to fine-tune from`;
  return null;
}

const dims = (s: readonly number[]) => s.join('x');

/** The base's summary step: `shape` is what reaches it (the model's input: only augmentation comes before). */
export function tfjsBaseStep(layer: TfjsBaseLayer, shape: number[]): BaseStep {
  const model = layer.tfjs.model;
  if (!model)
    return {
      problem: `the TensorFlow.js base '${layer.tfjs.file}' is not kept in this browser`,
      fix: "Drop its model.json and weight files on Model > TensorFlow.js model as a base (the same model: it is found by its name and its weights' checksum).",
    };
  if (dims(shape) !== dims(model.input))
    return {
      problem: `the TensorFlow.js base ${model.name} takes ${dims(model.input)} images, but it receives ${dims(shape)}`,
      fix: `Set the input to ${model.input[0]}x${model.input[1]} with ${model.input[2]} channel${model.input[2] === 1 ? '' : 's'} (the data is made again at that size).`,
    };
  const t = tfjsTotals(model, layer.fineTuneFrom);
  return { shape: t.outputShape, trainable: t.trainable, nonTrainable: t.nonTrainable };
}

/** Why the Keras script, notebook and .keras file cannot hold this model (a TF.js base), or null. */
export function kerasExportProblem(arch: { layers: readonly LayerConfig[] }): string | null {
  const base = arch.layers.find(isTfjsBase);
  if (!base) return null;
  return (
    `This model's base is a TensorFlow.js model (${tfjsBaseName(base)}), which keras.applications cannot build, ` +
    'so a Keras script, notebook or .keras file would not be this model. Export it as TensorFlow.js ' +
    '(model.json + weights): that file includes the base with its weights.'
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.length <= 8 && v.every(isCount);

function sanitizeModel(raw: unknown): TfjsBaseModel | null {
  if (!isObj(raw) || typeof raw.name !== 'string' || !isShape(raw.input) || raw.input.length !== 3) return null;
  if (!isShape(raw.outputShape) || !Array.isArray(raw.layers)) return null;
  const layers = raw.layers.map((l) =>
    isObj(l) &&
    typeof l.name === 'string' &&
    typeof l.className === 'string' &&
    isShape(l.outputShape) &&
    isCount(l.params) &&
    isCount(l.trainableParams) &&
    l.trainableParams <= l.params
      ? {
          name: l.name,
          className: l.className,
          outputShape: l.outputShape,
          params: l.params,
          trainableParams: l.trainableParams,
        }
      : null,
  );
  if (layers.length === 0 || layers.some((l) => l === null)) return null;
  return {
    name: raw.name,
    input: raw.input as [number, number, number],
    outputShape: raw.outputShape,
    layers: layers as TfjsBaseModel['layers'],
  };
}

/**
 * A stored or shared TF.js base made safe: a description that does not read right is dropped (the summary then
 * asks for the kept file, which puts it back), never trusted. Null when it names no file.
 */
export function sanitizeTfjsBase(raw: Obj): TfjsBaseLayer | null {
  const t = isObj(raw.tfjs) ? raw.tfjs : null;
  if (!t || typeof t.file !== 'string' || !t.file || t.file.length > 200) return null;
  return {
    type: 'Base',
    base: 'tfjs',
    alpha: 1,
    fineTuneFrom: typeof raw.fineTuneFrom === 'string' ? raw.fineTuneFrom : null,
    tfjs: {
      file: t.file,
      preprocess: TFJS_PREPROCESS.includes(t.preprocess as TfjsPreprocess) ? (t.preprocess as TfjsPreprocess) : 'tf',
      model: sanitizeModel(t.model),
    },
  };
}
