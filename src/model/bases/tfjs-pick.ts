// Which part of a picked TensorFlow.js LayersModel becomes the base, from its model.json topology alone (pure):
// a Sequential whose first layer is a nested model (Teachable Machine's image model: the truncated MobileNet,
// then the head it trained) gives that nested feature model, never the old head; a functional model is the base
// as a whole. The chosen model then gets the lab's preprocessing as a layer right after its input, so the built
// base is one functional model whose layers keep the file's names.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export class TfjsBaseError extends Error {
  override name = 'TfjsBaseError';
}

const FUNCTIONAL = new Set(['Model', 'Functional']);
const NESTED = new Set([...FUNCTIONAL, 'Sequential']);

/** A Sequential's layer list (tfjs writes `config.layers`; Keras 2.1 and older wrote `config` as the list). */
function sequentialLayers(config: unknown): Obj[] {
  const list = Array.isArray(config) ? config : isObj(config) && Array.isArray(config.layers) ? config.layers : [];
  return list.filter(isObj);
}

export interface PickedBase {
  /** The base's topology: `{ class_name, config }` of a functional model. */
  topology: Obj;
  name: string;
  source: 'teachable-machine' | 'nested' | 'whole';
}

/** The functional model to use as the base, or a TfjsBaseError saying why there is none. */
export function pickBase(modelTopology: unknown): PickedBase {
  const given = isObj(modelTopology) && isObj(modelTopology.model_config) ? modelTopology.model_config : modelTopology;
  if (!isObj(given) || typeof given.class_name !== 'string')
    throw new TfjsBaseError('model.json: its modelTopology has no class_name: it is not a TensorFlow.js LayersModel.');
  let top: Obj = given;
  let depth = 0;
  const outerIsSequential = top.class_name === 'Sequential';
  while (top.class_name === 'Sequential') {
    const first = sequentialLayers(top.config)[0];
    if (!first || typeof first.class_name !== 'string' || !NESTED.has(first.class_name))
      throw new TfjsBaseError(
        depth === 0
          ? 'model.json is a Sequential of plain layers (a whole classifier with no nested feature model). The lab takes a functional model as a base, or a Sequential whose first layer is one (as Teachable Machine exports).'
          : 'model.json nests a Sequential whose first layer is no functional model: the lab finds no feature model in it.',
      );
    top = first;
    depth += 1;
  }
  if (!FUNCTIONAL.has(String(top.class_name)) || !isObj(top.config))
    throw new TfjsBaseError(
      `model.json: a ${String(top.class_name)} is no functional model the lab can use as a base.`,
    );
  const name = typeof top.config.name === 'string' && top.config.name ? top.config.name : 'tfjs_base';
  return {
    topology: { class_name: top.class_name, config: top.config },
    name,
    source: !outerIsSequential
      ? 'whole'
      : depth >= 1 && looksLikeTeachableMachine(top.config)
        ? 'teachable-machine'
        : 'nested',
  };
}

/** Teachable Machine's feature model is a MobileNet cut at conv_pw_13_relu (v1) or out_relu (v2). */
const looksLikeTeachableMachine = (config: Obj): boolean =>
  Array.isArray(config.layers) &&
  config.layers.some((l) => isObj(l) && isObj(l.config) && /^(conv_pw_13_relu|out_relu)$/.test(String(l.config.name)));

type NodeRef = [string, number, number, Obj?];

/** The name of the functional model's one image input, after checking it has one input and one output. */
function oneInput(config: Obj): string {
  const ins = Array.isArray(config.input_layers) ? config.input_layers : [];
  const outs = Array.isArray(config.output_layers) ? config.output_layers : [];
  if (ins.length !== 1)
    throw new TfjsBaseError(`The model takes ${ins.length} inputs; a base takes one image input of rank 4.`);
  if (outs.length !== 1) throw new TfjsBaseError(`The model has ${outs.length} outputs; a base has one.`);
  const first = ins[0] as unknown;
  if (!Array.isArray(first) || typeof first[0] !== 'string')
    throw new TfjsBaseError('model.json: the model names its input in a form tfjs does not read.');
  return first[0];
}

/**
 * The topology with the lab's preprocessing as a layer (`PreprocessInput`, no weights) between the input and the
 * layers that read it; its mode is set when the base is built.
 */
export function withPreprocess(topology: Obj, layerName = 'preprocess_input'): { topology: Obj; preprocess: string } {
  const config = topology.config as Obj;
  const input = oneInput(config);
  const layers = (Array.isArray(config.layers) ? config.layers : []).filter(isObj);
  const names = new Set(layers.map((l) => String(l.name ?? (isObj(l.config) ? l.config.name : ''))));
  let preprocess = layerName;
  for (let k = 1; names.has(preprocess); k++) preprocess = `${layerName}_${k}`;
  const rewire = (nodes: unknown): unknown =>
    Array.isArray(nodes)
      ? nodes.map((node) =>
          Array.isArray(node)
            ? node.map((ref) =>
                Array.isArray(ref) && ref[0] === input ? ([preprocess, ...ref.slice(1)] as NodeRef) : ref,
              )
            : node,
        )
      : nodes;
  const at = layers.findIndex((l) => l.name === input || (isObj(l.config) && l.config.name === input));
  const own = {
    class_name: 'PreprocessInput',
    name: preprocess,
    config: { name: preprocess, mode: 'none', trainable: false },
    inbound_nodes: [[[input, 0, 0, {}]]],
  };
  const rewired = layers.map((l) => ({ ...l, inbound_nodes: rewire(l.inbound_nodes) }));
  rewired.splice(at + 1, 0, own);
  return { topology: { ...topology, config: { ...config, layers: rewired } }, preprocess };
}

const layerName = (l: Obj): string => String(l.name ?? (isObj(l.config) ? l.config.name : ''));

/**
 * The functional topology cut after `layer`: it becomes the output, only the layers it needs stay (a whole
 * classifier cut before its head, say), and the model is renamed `<name>_<layer>` so both can be kept.
 */
export function cutAfter(topology: Obj, layer: string): Obj {
  const config = topology.config as Obj;
  const layers = (Array.isArray(config.layers) ? config.layers : []).filter(isObj);
  const byName = new Map(layers.map((l) => [layerName(l), l]));
  if (!byName.has(layer)) throw new TfjsBaseError(`The model has no layer named '${layer}' to cut after.`);
  const needed = new Set<string>();
  const stack = [layer];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (needed.has(name)) continue;
    needed.add(name);
    const nodes = byName.get(name)?.inbound_nodes;
    for (const node of Array.isArray(nodes) ? nodes : [])
      for (const ref of Array.isArray(node) ? node : [])
        if (Array.isArray(ref) && typeof ref[0] === 'string') stack.push(ref[0]);
  }
  return {
    ...topology,
    config: {
      ...config,
      name: `${String(config.name)}_${layer}`,
      layers: layers.filter((l) => needed.has(layerName(l))),
      output_layers: [[layer, 0, 0]],
    },
  };
}
