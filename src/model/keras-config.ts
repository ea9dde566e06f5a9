// Keras 3's `.keras` file, the JSON half (pure): the lab's architecture as the config.json Keras 3's
// saving_lib writes (module / class_name / config / registered_name / build_config per layer, as
// serialization_lib.serialize_keras_object does), and back: a Keras 3 or Keras 2 config (Sequential, or a
// Functional chain of single-input layers) as the Sequential topology fromTopology.ts reads. Also the names
// saving_lib gives each layer's group inside model.weights.h5 (`layers/conv2d`, `layers/conv2d_1`, ...).
import { inferSummary } from './infer';
import { type Architecture, type LayerConfig } from './layers';
import { stackNames } from './names';
import { pixelScale } from './training';
import { TopologyError } from './from-topology';
import { kerasExportProblem } from './bases/tfjs-base';
import {
  baseFunctional,
  PREPROCESS_NAME,
  preprocessLayer,
  type FixedArray,
  type NestedLayer,
} from './keras-base-config';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Keras version whose files these were checked against (load_model in Keras 3.15.1, TensorFlow 2.21). */
export const KERAS_VERSION = '3.15.1';

/** Keras' naming.to_snake_case, which saving_lib uses to name each layer's group in model.weights.h5. */
export function kerasSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** saving_lib's group names for a list of layers by class: conv2d, conv2d_1, dense, ... (counted per class). */
export function weightGroupNames(classNames: readonly string[]): string[] {
  const used = new Map<string, number>();
  return classNames.map((cls) => {
    const base = kerasSnakeCase(cls);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    return n === undefined ? base : `${base}_${n + 1}`;
  });
}

const layer = (className: string, config: Obj, inputShape: (number | null)[] | null): Obj => ({
  module: 'keras.layers',
  class_name: className,
  config,
  registered_name: null,
  ...(inputShape ? { build_config: { input_shape: inputShape } } : {}),
});

function layerConfig(l: LayerConfig, name: string): Obj {
  const transform = (x: { fillMode: string; interpolation: string; fillValue: number }) => ({
    fill_mode: x.fillMode,
    interpolation: x.interpolation,
    fill_value: x.fillValue,
    seed: null,
  });
  switch (l.type) {
    case 'Rescaling':
      return { name, scale: l.scale, offset: l.offset };
    case 'RandomFlip':
      return { name, mode: l.mode, seed: null };
    case 'RandomRotation':
      return { name, factor: l.factor, ...transform(l) };
    case 'RandomZoom':
      return { name, height_factor: l.heightFactor, width_factor: l.widthFactor, ...transform(l) };
    case 'RandomTranslation':
      return { name, height_factor: l.heightFactor, width_factor: l.widthFactor, ...transform(l) };
    case 'RandomContrast':
    case 'RandomBrightness':
      return { name, factor: l.factor, value_range: l.valueRange, seed: null };
    case 'Conv2D':
      return {
        name,
        filters: l.filters,
        kernel_size: l.kernelSize,
        strides: l.strides,
        padding: l.padding,
        data_format: 'channels_last',
        activation: l.activation,
        use_bias: true,
      };
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return { name, pool_size: l.poolSize, strides: l.strides ?? l.poolSize, padding: l.padding };
    case 'GlobalAveragePooling2D':
      return { name, data_format: 'channels_last', keepdims: false };
    case 'BatchNormalization':
      return { name, axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true };
    case 'Dropout':
      return { name, rate: l.rate, seed: null };
    case 'Flatten':
      return { name };
    case 'Dense':
      return { name, units: l.units, activation: l.activation, use_bias: true };
    case 'Base':
      throw new TopologyError('A base is written by keras-base-config.ts.');
  }
}

export interface KerasFileLayer {
  name: string;
  className: string;
  /** Its group in model.weights.h5 (`layers/<group>/vars`). */
  group: string;
  /** The lab layer it stands for (its weights are the checkpoint's); null for a layer the export adds. */
  labIndex: number | null;
  /** The weights of a layer the export adds (VGG16's preprocessing). */
  fixed?: FixedArray[];
  /** A base's own layers, their groups under `layers/<group>/layers/` and weight roles. */
  nested?: NestedLayer[];
}

export interface KerasExport {
  config: Obj;
  /** The layers in the file, in order, with their names and their weight groups in model.weights.h5. */
  layers: KerasFileLayer[];
  /** True when a Rescaling(1/255) was put first because the lab scales this model's pixels outside it. */
  addedRescaling: boolean;
}

/** config.json of a Keras 3 Sequential model that takes 0-255 images, as the lab feeds this model. */
export function kerasModelConfig(arch: Architecture, modelName: string): KerasExport {
  const summary = inferSummary(arch);
  if (!summary.valid) throw new TopologyError(`The model is not valid: ${summary.issues[0]!.message}`);
  const tfjsBase = kerasExportProblem(arch);
  if (tfjsBase) throw new TopologyError(tfjsBase);
  const labNames = stackNames(arch);
  const addedRescaling = pixelScale(arch) !== 1;
  const input = [null, arch.input.height, arch.input.width, arch.input.channels];
  // Shapes entering each layer: the model input, then each lab layer's output (added layers keep the shape).
  const shapes = summary.rows.map((r) => (r.outputShape ? [null, ...r.outputShape] : null));
  const inputOf = (i: number) => (i === 0 ? input : shapes[i - 1]!);
  const items: KerasFileLayer[] = [];
  const layers: Obj[] = [];
  if (addedRescaling) {
    const taken = new Set(labNames);
    let name = 'rescaling';
    for (let k = 1; taken.has(name); k++) name = `rescaling_${k}`;
    items.push({ name, className: 'Rescaling', group: '', labIndex: null });
    layers.push(layer('Rescaling', { name, scale: 1 / 255, offset: 0 }, input));
  }
  arch.layers.forEach((l, i) => {
    if (l.type !== 'Base' || l.base === 'tfjs') {
      items.push({ name: labNames[i]!, className: l.type, group: '', labIndex: i });
      layers.push(layer(l.type, layerConfig(l, labNames[i]!), inputOf(i)));
      return;
    }
    const pre = preprocessLayer(l);
    items.push({ name: PREPROCESS_NAME, className: pre.className, group: '', labIndex: null, fixed: pre.fixed });
    layers.push(layer(pre.className, pre.config, inputOf(i)));
    const base = baseFunctional(l, arch.input, weightGroupNames);
    items.push({ name: base.name, className: 'Functional', group: '', labIndex: i, nested: base.nested });
    layers.push(base.config);
  });
  const groups = weightGroupNames(items.map((l) => l.className));
  items.forEach((l, i) => (l.group = groups[i]!));
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: modelName,
      trainable: true,
      dtype: 'float32',
      layers: [layer('InputLayer', { batch_shape: input, dtype: 'float32', name: 'input_layer' }, null), ...layers],
    },
    registered_name: null,
    build_config: { input_shape: input },
    // The textbook's compile (rmsprop, accuracy), so evaluate() works on the loaded model as is.
    compile_config: {
      optimizer: 'rmsprop',
      loss: summary.loss,
      metrics: ['accuracy'],
      loss_weights: null,
      weighted_metrics: null,
      run_eagerly: false,
      steps_per_execution: 1,
      jit_compile: false,
    },
  };
  return { config, layers: items, addedRescaling };
}

export interface KerasChain {
  /** A Sequential topology fromTopology.ts reads. */
  topology: Obj;
  /** For each layer of the file's container (as saving_lib walks it), its name and weight group. */
  groups: Map<string, string>;
}

const layerName = (l: Obj): string =>
  isObj(l.config) && typeof l.config.name === 'string' ? l.config.name : typeof l.name === 'string' ? l.name : '';

/** The layer a functional layer takes its one input from (Keras 3 keras_history, or Keras 2 inbound_nodes). */
function inboundOf(l: Obj): string[] {
  const nodes = Array.isArray(l.inbound_nodes) ? l.inbound_nodes : [];
  const names: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      // Keras 2: [["conv2d", 0, 0, {}]]
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach(walk);
    } else if (isObj(v)) {
      if (isObj(v.config) && Array.isArray(v.config.keras_history)) names.push(String(v.config.keras_history[0]));
      else Object.values(v).forEach(walk);
    }
  };
  nodes.forEach(walk);
  return names;
}

/** A Keras model config (Sequential, or a Functional chain) as a Sequential topology, plus its weight groups. */
export function kerasChain(model: unknown): KerasChain {
  if (!isObj(model) || !isObj(model.config))
    throw new TopologyError('config.json does not describe a Keras model (no "config" object).');
  const cfg = model.config;
  const raw = Array.isArray(cfg.layers) ? cfg.layers.filter(isObj) : [];
  if (raw.length === 0) throw new TopologyError('config.json: the model has no "layers" list.');
  if (model.class_name === 'Sequential') {
    const own = raw.filter((l) => l.class_name !== 'InputLayer');
    const groups = weightGroupNames(own.map((l) => String(l.class_name)));
    const map = new Map(own.map((l, i) => [layerName(l), groups[i]!]));
    const kept = own.flatMap((l, i) => {
      const next = own[i + 1];
      // The lab's preprocessing before a base goes back inside the base, where fromTopology looks for it.
      if (layerName(l) === PREPROCESS_NAME && next?.class_name === 'Functional') return [];
      if (l.class_name !== 'Functional' || !isObj(l.config)) return [l];
      const inner = Array.isArray(l.config.layers) ? l.config.layers.filter(isObj) : [];
      const nested = weightGroupNames(inner.map((n) => String(n.class_name)));
      inner.forEach((n, k) => map.set(layerName(n), `${map.get(layerName(l))}/layers/${nested[k]}`));
      const prev = own[i - 1];
      if (!prev || layerName(prev) !== PREPROCESS_NAME) return [l];
      const mode = prev.class_name === 'Conv2D' ? 'caffe' : 'tf';
      const pre = { class_name: 'PreprocessInput', config: { name: PREPROCESS_NAME, mode } };
      return [{ ...l, config: { ...l.config, layers: [inner[0], pre, ...inner.slice(1)] } }];
    });
    const inputs = raw.filter((l) => l.class_name === 'InputLayer');
    return { topology: { ...model, config: { ...cfg, layers: [...inputs, ...kept] } }, groups: map };
  }
  if (model.class_name !== 'Functional' && model.class_name !== 'Model')
    throw new TopologyError(`config.json: the model is a ${String(model.class_name)}, which the lab can't show.`);
  // A chain: each layer takes exactly the layer before it, from the one input to the one output.
  raw.forEach((l, i) => {
    const from = inboundOf(l);
    const want = i === 0 ? [] : [layerName(raw[i - 1]!)];
    if (from.length !== want.length || from.some((f, k) => f !== want[k]))
      throw new TopologyError(
        `config.json: layer '${layerName(l)}' (${String(l.class_name)}) takes ${from.length === 0 ? 'no input' : from.join(' and ')}${want.length ? `, not just the layer before it ('${want[0]}')` : ''}: the lab shows a chain of layers, one after another, and not a graph with branches.`,
      );
  });
  const groups = weightGroupNames(raw.map((l) => String(l.class_name)));
  const topology = { class_name: 'Sequential', config: { name: cfg.name, layers: raw } };
  return { topology, groups: new Map(raw.map((l, i) => [layerName(l), groups[i]!])) };
}
