// A picked TensorFlow.js LayersModel (model.json + its .bin files) read as a base, worker side: the part that
// becomes the base (tfjs-pick.ts), deserialized by tfjs itself (a layer class tfjs does not know is named), its
// input checked (one image of rank 4, fixed size), every weight it needs found in the manifest with its shape,
// and what the summary needs measured on the built model (TfjsBaseModel). Nothing is kept here.
import * as tf from '@tensorflow/tfjs';
import { cutAfter, pickBase, TfjsBaseError, withPreprocess } from '../../../model/bases/tfjs-pick';
import type { TfjsBaseModel, TfjsBaseSource, TfjsPreprocess } from '../../../model/bases/tfjs-types';
import { md5Hex } from '../../h5/md5';
import { joinWeightFiles, ModelFileError, parseModelJson, unpackFiles, type NamedBytes } from '../io';
import './preprocess';

export { TfjsBaseError };

/** One weight of the base, named as tfjs names it (`conv1/kernel`), in the built model's weight order. */
export interface TfjsBaseWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface TfjsBaseRead {
  /** The key a model refers to it by (`<name>-<8 hex of the weights' MD5>`). */
  fileName: string;
  source: TfjsBaseSource;
  preprocess: TfjsPreprocess;
  model: TfjsBaseModel;
  /** The base's topology with the lab's preprocess layer after its input (mode set at build). */
  topology: Record<string, unknown>;
  /** The preprocess layer's name in `topology`. */
  preprocessLayer: string;
  /** tfjs' own config of the built model (what LayersModel.fromConfig takes): builds need no reading again. */
  config: tf.serialization.ConfigDict;
  weights: TfjsBaseWeight[];
}

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The model tfjs deserializes from a topology (no weights), or a message naming what it could not read. */
export async function modelFromTopology(topology: Record<string, unknown>): Promise<tf.LayersModel> {
  try {
    return await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  } catch (e) {
    const unknown = /Unknown (?:layer|activation|initializer|constraint|regularizer)[^:]*: *(\w+)/i.exec(text(e));
    throw new TfjsBaseError(
      unknown
        ? `model.json uses '${unknown[1]}', a class tfjs cannot deserialize (TensorFlow.js has no such layer): the lab cannot build this model.`
        : `tfjs could not build the model in model.json: ${text(e)}`,
    );
  }
}

function describe(model: tf.LayersModel, name: string, skip: ReadonlySet<string>): TfjsBaseModel {
  const inShape = model.inputs[0]!.shape;
  const [, h, w, c] = inShape;
  if (model.inputs.length !== 1 || inShape.length !== 4)
    throw new TfjsBaseError(
      `The model's input is [${inShape.map(String).join(', ')}]: a base takes images, an input of rank 4 [batch, height, width, channels].`,
    );
  if (!h || !w || (c !== 1 && c !== 3))
    throw new TfjsBaseError(
      `The model's input is [${inShape.map(String).join(', ')}]: the lab needs a fixed height and width and 1 or 3 channels.`,
    );
  const count = (ws: tf.LayerVariable[]) => ws.reduce((n, v) => n + v.shape.reduce((a, b) => a! * b!, 1)!, 0);
  const out = model.outputs[0]!.shape.slice(1) as number[];
  return {
    name,
    input: [h, w, c],
    outputShape: out,
    layers: model.layers
      .filter((l) => !skip.has(l.name) && l.getClassName() !== 'InputLayer')
      .map((l) => {
        const shape = (Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape) as number[];
        // With the layer trainable, tfjs splits its weights as Keras does (moving statistics never train).
        l.trainable = true;
        return {
          name: l.name,
          className: l.getClassName(),
          outputShape: shape.slice(1),
          params: count(l.weights),
          trainableParams: count(l.trainableWeights),
        };
      }),
  };
}

/** The base's weights from the manifest by tfjs' names, shapes checked: a message names the first that does not fit. */
function baseWeights(model: tf.LayersModel, decoded: tf.NamedTensorMap): TfjsBaseWeight[] {
  return model.weights.map((w) => {
    const t = decoded[w.originalName];
    if (!t)
      throw new TfjsBaseError(
        `The weights lack '${w.originalName}' (layer ${w.originalName.split('/')[0]}): the .bin files and model.json do not belong together.`,
      );
    if (t.shape.join(',') !== w.shape.join(','))
      throw new TfjsBaseError(
        `The weight '${w.originalName}' has shape [${t.shape.join(', ')}], but its layer needs [${w.shape.join(', ')}].`,
      );
    return { name: w.originalName, shape: w.shape as number[], values: new Float32Array(t.dataSync()) };
  });
}

/** Float32 weights one after another, as they are kept (and hashed for the base's key). */
export function weightBytes(weights: readonly TfjsBaseWeight[]): Uint8Array {
  const bytes = new Uint8Array(weights.reduce((n, w) => n + w.values.byteLength, 0));
  let at = 0;
  for (const w of weights) {
    bytes.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), at);
    at += w.values.byteLength;
  }
  return bytes;
}

/** A topology (the lab's preprocess layer in it) built by tfjs, described, and its weights found by `weightsOf`. */
async function asBase(
  topology: Record<string, unknown>,
  preprocessLayer: string,
  name: string,
  source: TfjsBaseSource,
  weightsOf: (model: tf.LayersModel) => TfjsBaseWeight[],
): Promise<TfjsBaseRead> {
  const model = await modelFromTopology(topology);
  try {
    const info = describe(model, name, new Set([preprocessLayer]));
    const weights = weightsOf(model);
    return {
      fileName: `${name.replace(/[^\w.-]+/g, '_')}-${md5Hex(weightBytes(weights)).slice(0, 8)}`,
      source,
      // Teachable Machine feeds its MobileNet x / 127 - 1; a model of unknown origin most often takes 0-1.
      preprocess: source === 'teachable-machine' ? 'tf' : 'unit',
      model: info,
      topology,
      preprocessLayer,
      config: model.getConfig(),
      weights,
    };
  } finally {
    model.dispose();
  }
}

/** The picked files as a base, or a TfjsBaseError / ModelFileError naming what is wrong. */
export async function readTfjsBase(input: NamedBytes[]): Promise<TfjsBaseRead> {
  const files = unpackFiles(input);
  const parsed = parseModelJson(files);
  const picked = pickBase(parsed.modelTopology);
  const { topology, preprocess } = withPreprocess(picked.topology);
  const buffer = joinWeightFiles(files, parsed);
  let decoded: tf.NamedTensorMap = {};
  try {
    return await asBase(topology, preprocess, picked.name, picked.source, (model) => {
      try {
        decoded = tf.io.decodeWeights(buffer.buffer as ArrayBuffer, parsed.specs);
      } catch (e) {
        throw new ModelFileError(`The weights could not be decoded: ${text(e)}`);
      }
      return baseWeights(model, decoded);
    });
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/** What a kept base is made from, to cut it. */
export interface TfjsBaseParts {
  topology: Record<string, unknown>;
  preprocessLayer: string;
  source: TfjsBaseSource;
  preprocess: TfjsPreprocess;
  weights: TfjsBaseWeight[];
}

/** A kept base cut after `layer` (the layers it needs, the rest left out), as a base of its own. */
export async function cutTfjsBase(kept: TfjsBaseParts, layer: string): Promise<TfjsBaseRead> {
  const topology = cutAfter(kept.topology, layer);
  const byName = new Map(kept.weights.map((w) => [w.name, w]));
  const name = String((topology.config as { name: unknown }).name);
  const read = await asBase(topology, kept.preprocessLayer, name, kept.source, (model) =>
    model.weights.map((w) => byName.get(w.originalName)!),
  );
  return { ...read, preprocess: kept.preprocess };
}
