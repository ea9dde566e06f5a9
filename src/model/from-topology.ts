// A TensorFlow.js / Keras Sequential `modelTopology` (model.json) as the lab's
// Architecture, or an error naming the layer and what is wrong. Pure: the
// worker calls it before touching any weights, so a file the lab cannot show
// changes nothing. Accepts what tfjs-layers writes (batch_input_shape on the
// first layer, strings possibly camelCased), what Keras 2 writes
// (model_config wrapper, InputLayer with batch_input_shape) and Keras 3
// (InputLayer with batch_shape, "module"/"registered_name" keys).
import {
  isAugmentation,
  withId,
  type Activation,
  type Architecture,
  type Factor,
  type FillMode,
  type FlipMode,
  type Interpolation,
  type LayerConfig,
  type LayerSpec,
  type Pair,
  type Padding,
} from './layers';
import { FILL_MODES, FLIP_MODES, INTERPOLATIONS, LAYER_TYPES } from './layers';
import { baseFromTopology } from './bases/from-topology';

export class TopologyError extends Error {
  override name = 'TopologyError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** tfjs camelCases some string values on the way ("horizontalAndVertical"); Keras writes snake_case. */
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'softmax', 'tanh', 'linear'];

/**
 * Layer classes a plain topology may hold: the editor's own (a pretrained base comes as a nested model, read in
 * bases/from-topology.ts), and Reshape (tfjs builds Flatten of a flat input as a same-size Reshape).
 */
const KNOWN: ReadonlySet<string> = new Set([...LAYER_TYPES.filter((t) => t !== 'Base'), 'Reshape']);
const ALIASES: Record<string, string> = {
  MaxPool2D: 'MaxPooling2D',
  AvgPool2D: 'AveragePooling2D',
  AveragePool2D: 'AveragePooling2D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  Convolution2D: 'Conv2D',
};

export interface TopologyLayer {
  /** The layer's name in the file (weights are named after it). */
  name: string;
  config: LayerConfig;
}

export interface ImportedTopology {
  arch: Architecture;
  /** One per lab layer, in order: the file's names, to find each layer's weights in the manifest. */
  layers: TopologyLayer[];
}

function unwrap(topology: unknown): Obj {
  if (!isObj(topology)) throw new TopologyError('model.json: "modelTopology" is missing or not an object.');
  // Keras 2's converter wraps the model in { model_config, training_config }.
  return isObj(topology.model_config) ? topology.model_config : topology;
}

function shapeOf(config: Obj): (number | null)[] | null {
  for (const key of ['batch_input_shape', 'batch_shape', 'batchInputShape', 'batchShape']) {
    const v = config[key];
    if (Array.isArray(v)) return v as (number | null)[];
  }
  const v = config.input_shape ?? config.inputShape;
  return Array.isArray(v) ? [null, ...(v as (number | null)[])] : null;
}

export function architectureFromTopology(topology: unknown): ImportedTopology {
  const model = unwrap(topology);
  const cls = model.class_name;
  if (cls !== 'Sequential')
    throw new TopologyError(
      `model.json: the model is a ${typeof cls === 'string' ? cls : 'model of unknown kind'} (a functional graph), not a Sequential stack; the lab can only show a Sequential model.`,
    );
  const cfg = model.config;
  const rawLayers = Array.isArray(cfg) ? cfg : isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : null;
  if (!rawLayers) throw new TopologyError('model.json: the Sequential model has no "layers" list.');
  let input: (number | null)[] | null =
    isObj(cfg) && Array.isArray(cfg.build_input_shape) ? (cfg.build_input_shape as (number | null)[]) : null;
  const layers: TopologyLayer[] = [];
  rawLayers.forEach((raw: unknown, i: number) => {
    const where = (name: string) => `model.json: layer ${i + 1} '${name}'`;
    if (!isObj(raw) || typeof raw.class_name !== 'string' || !isObj(raw.config))
      throw new TopologyError(`model.json: layer ${i + 1} is not a {class_name, config} object.`);
    const c = raw.config;
    const name = typeof c.name === 'string' ? c.name : `layer_${i + 1}`;
    const type = ALIASES[raw.class_name] ?? raw.class_name;
    const shape = shapeOf(c);
    if (shape && !input) input = shape;
    if (type === 'InputLayer') {
      if (i !== 0) throw new TopologyError(`${where(name)} is an InputLayer, which may only come first.`);
      return;
    }
    if (type === 'Model' || type === 'Functional') {
      // A pretrained base, as the lab's export writes it (bases/from-topology.ts).
      const base = baseFromTopology(c);
      if ('problem' in base) throw new TopologyError(`${where(name)}: ${base.problem}.`);
      // First in the stack, it carries the input in its own InputLayer.
      const inner = Array.isArray(c.layers) ? c.layers.find((l) => isObj(l) && l.class_name === 'InputLayer') : null;
      if (!input && isObj(inner) && isObj(inner.config)) input = shapeOf(inner.config);
      layers.push({ name, config: base });
      return;
    }
    if (!KNOWN.has(type)) throw new TopologyError(`${where(name)} is a ${raw.class_name}, which the lab can't show.`);
    layers.push({ name, config: layerConfig(type, c, where(name), layers.length === 0) });
  });
  if (layers.length === 0) throw new TopologyError('model.json: the model has no layers the lab could show.');
  const inputShape = inputFrom(input);
  const last = layers.at(-1)!.config;
  if (last.type !== 'Dense')
    throw new TopologyError(
      `model.json: the last layer '${layers.at(-1)!.name}' is a ${last.type}; the lab needs a Dense layer with one output per class at the end.`,
    );
  const numClasses = last.units === 1 ? 2 : last.units;
  if (numClasses < 2 || numClasses > 1000)
    throw new TopologyError(
      `model.json: the last Dense layer has ${last.units} units; the lab handles 2 to 1000 classes.`,
    );
  return { arch: { input: inputShape, layers: layers.map((l): LayerSpec => withId(l.config)), numClasses }, layers };
}

function inputFrom(shape: (number | null)[] | null) {
  if (!shape)
    throw new TopologyError('model.json: no input shape (batch_input_shape, batch_shape or an InputLayer) was found.');
  const [, h, w, c] = shape;
  const ok = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;
  if (shape.length !== 4 || !ok(h, 1024) || !ok(w, 1024) || (c !== 1 && c !== 3))
    throw new TopologyError(
      `model.json: the input shape is [${shape.map((d) => d ?? 'None').join(', ')}]; the lab needs images [None, height, width, 1 or 3] of at most 1024 pixels a side.`,
    );
  return { height: h as number, width: w as number, channels: c as 1 | 3 };
}

function layerConfig(type: string, c: Obj, where: string, first: boolean): LayerConfig {
  const fail = (what: string): never => {
    throw new TopologyError(`${where} (${type}): ${what}`);
  };
  const get = (...keys: string[]) => {
    for (const k of keys) if (k in c) return c[k];
    return undefined;
  };
  const positive = (key: string, v: unknown): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fail(`"${key}" must be a positive whole number.`);
  const num = (key: string, v: unknown, d: number): number =>
    v === undefined || v === null
      ? d
      : typeof v === 'number' && Number.isFinite(v)
        ? v
        : fail(`"${key}" must be a number.`);
  const pair = (key: string, v: unknown, d?: Pair): Pair => {
    if (v === undefined && d) return d;
    if (typeof v === 'number') return [positive(key, v), positive(key, v)];
    if (Array.isArray(v) && v.length === 2) return [positive(key, v[0]), positive(key, v[1])];
    return fail(`"${key}" must be a number or a pair of numbers.`);
  };
  const oneOf = <T extends string>(key: string, v: unknown, allowed: readonly T[], d: T): T => {
    if (v === undefined || v === null) return d;
    const s = typeof v === 'string' ? (snake(v) as T) : null;
    return s && allowed.includes(s)
      ? s
      : fail(`"${key}" is ${JSON.stringify(v)}; the lab knows ${allowed.join(', ')}.`);
  };
  const activation = () => oneOf<Activation>('activation', get('activation'), ACTIVATIONS, 'linear');
  const padding = () => oneOf<Padding>('padding', get('padding'), ['valid', 'same'], 'valid');
  const factor = (key: string, v: unknown, nullable = false): Factor | null => {
    if (v === null && nullable) return null;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)))
      return [v[0] as number, v[1] as number];
    return fail(`"${key}" must be a number or a [low, high] pair.`);
  };
  const range = (v: unknown): [number, number] =>
    Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')
      ? [v[0] as number, v[1] as number]
      : v === undefined
        ? [0, 255]
        : fail('"value_range" must be a [low, high] pair.');
  const channelsLast = () => {
    const f = get('data_format', 'dataFormat');
    if (f !== undefined && f !== null && f !== 'channels_last' && f !== 'channelsLast')
      fail(`data_format is ${JSON.stringify(f)}; the lab works channels_last only.`);
  };
  const transform = () => ({
    fillMode: oneOf<FillMode>('fill_mode', get('fill_mode', 'fillMode'), FILL_MODES, 'reflect'),
    interpolation: oneOf<Interpolation>('interpolation', get('interpolation'), INTERPOLATIONS, 'bilinear'),
    fillValue: num('fill_value', get('fill_value', 'fillValue'), 0),
  });
  switch (type) {
    case 'Conv2D': {
      channelsLast();
      const dil = pair('dilation_rate', get('dilation_rate', 'dilationRate'), [1, 1]);
      if (dil[0] !== 1 || dil[1] !== 1) fail('a dilated convolution, which the lab does not have.');
      if (get('use_bias', 'useBias') === false) fail('a convolution without bias, which the lab does not have.');
      if ((get('groups') ?? 1) !== 1) fail('a grouped convolution, which the lab does not have.');
      return {
        type,
        filters: positive('filters', get('filters')),
        kernelSize: pair('kernel_size', get('kernel_size', 'kernelSize')),
        strides: pair('strides', get('strides'), [1, 1]),
        padding: padding(),
        activation: activation(),
      };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      channelsLast();
      const poolSize = pair('pool_size', get('pool_size', 'poolSize'), [2, 2]);
      const s = get('strides');
      // Keras' None (and tfjs' copy of the pool size) both mean "strides = pool size": the lab's null.
      const strides = s === undefined || s === null ? null : pair('strides', s);
      return {
        type,
        poolSize,
        strides: strides && strides[0] === poolSize[0] && strides[1] === poolSize[1] ? null : strides,
        padding: padding(),
      };
    }
    case 'GlobalAveragePooling2D':
      channelsLast();
      if (get('keepdims') === true) fail('keepdims=True, which the lab does not have.');
      return { type };
    case 'Flatten':
      return { type };
    case 'Reshape': {
      // The lab's builder writes Flatten of an already flat input as a same-size Reshape (build.ts).
      const t = get('target_shape', 'targetShape');
      if (first || !Array.isArray(t) || t.length !== 1)
        return fail('only a Reshape to one axis (a Flatten) is something the lab can show.');
      return { type: 'Flatten' };
    }
    case 'Dense':
      if (get('use_bias', 'useBias') === false) fail('a Dense layer without bias, which the lab does not have.');
      return { type, units: positive('units', get('units')), activation: activation() };
    case 'Dropout': {
      const rate = num('rate', get('rate'), 0.5);
      if (rate < 0 || rate >= 1) fail('"rate" must be in [0, 1).');
      return { type, rate };
    }
    case 'BatchNormalization': {
      const axis = get('axis');
      const a = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
      if (a !== undefined && a !== -1 && a !== 3)
        fail(`axis ${JSON.stringify(axis)}; the lab normalises the channel axis (-1) only.`);
      if (get('center') === false || get('scale') === false) fail('center or scale is off; the lab keeps both.');
      return { type };
    }
    case 'Rescaling':
      return { type, scale: num('scale', get('scale'), 1), offset: num('offset', get('offset'), 0) };
    case 'RandomFlip':
      return { type, mode: oneOf<FlipMode>('mode', get('mode'), FLIP_MODES, 'horizontal_and_vertical') };
    case 'RandomRotation':
      return { type, factor: factor('factor', get('factor'))!, ...transform() };
    case 'RandomZoom':
      return {
        type,
        heightFactor: factor('height_factor', get('height_factor', 'heightFactor'))!,
        widthFactor: factor('width_factor', get('width_factor', 'widthFactor') ?? null, true),
        ...transform(),
      };
    case 'RandomTranslation':
      return {
        type,
        heightFactor: factor('height_factor', get('height_factor', 'heightFactor'))!,
        widthFactor: factor('width_factor', get('width_factor', 'widthFactor'))!,
        ...transform(),
      };
    case 'RandomContrast':
      return { type, factor: factor('factor', get('factor'))!, valueRange: range(get('value_range', 'valueRange')) };
    case 'RandomBrightness':
      return { type, factor: factor('factor', get('factor'))!, valueRange: range(get('value_range', 'valueRange')) };
    default:
      return fail('unknown layer.');
  }
}

/** The architecture without its augmentation layers: what "for prediction only" exports (they have no weights, so the rest keep theirs). */
export function withoutAugmentation(arch: Architecture): Architecture {
  return { ...arch, layers: arch.layers.filter((l) => !isAugmentation(l.type)) };
}
