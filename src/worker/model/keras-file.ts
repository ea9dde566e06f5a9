// Keras 3's `.keras` file (a zip of metadata.json, config.json and model.weights.h5) both ways, and Keras 2's
// full-model `.h5` (root attribute model_config + group model_weights) in. The JSON is keras-config.ts (pure);
// here are the zip and the HDF5 weights, laid out as Keras 3.15's saving_lib.H5IOStore writes them: each layer's
// arrays at `layers/<snake_case class, numbered>/vars/<i>` in the layer's own order (kernel, bias; gamma, beta,
// moving_mean, moving_variance), a `name` attribute on each vars group, and the model's own empty `vars`.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { architectureFromTopology, TopologyError } from '../../model/from-topology';
import { KERAS_VERSION, kerasChain, kerasModelConfig } from '../../model/keras-config';
import type { Architecture } from '../../model/layers';
import type { WeightTensor } from '../trainer';
import { readH5, writeH5, type H5Reader, type H5Writer } from '../h5/file';
import { readLegacyWeights } from '../h5/legacy-weights';
import { H5FormatError } from '../h5/superblock';
import { baseLayers } from '../../model/bases/spec';
import { baseRef } from '../../model/bases/summary';
import { mapWeights, ModelFileError, type ImportedWeights, type NamedBytes } from './io';

/** Each weight kind's place in its Keras layer's variables. */
const KIND_ORDER = ['kernel', 'bias', 'gamma', 'beta', 'moving_mean', 'moving_variance'];
const KINDS_OF: Record<string, string[]> = {
  Conv2D: ['kernel', 'bias'],
  Dense: ['kernel', 'bias'],
  BatchNormalization: ['gamma', 'beta', 'moving_mean', 'moving_variance'],
};

export const LAB_METADATA_KEY = 'convnet_lab';

/** The .keras file of `arch` with a checkpoint's tensors; and whether a Rescaling(1/255) was put first. */
export async function exportKerasFile(
  arch: Architecture,
  tensors: WeightTensor[],
  meta: { modelName: string; classNames: readonly string[] | null; now: Date },
): Promise<{ bytes: Uint8Array; addedRescaling: boolean }> {
  const built = build(arch, meta.modelName);
  const weights = await writeH5((file) => writeWeights(file, built, tensors));
  const metadata = {
    keras_version: KERAS_VERSION,
    date_saved: meta.now.toISOString().replace('T', '@').slice(0, 19),
    // Keras reads keras_version and date_saved only; the lab's own facts travel under a key of their own.
    [LAB_METADATA_KEY]: {
      class_names: meta.classNames,
      pixels: built.addedRescaling
        ? 'Feed 0-255 images: the first layer, Rescaling(1/255), was added on export (the lab scaled pixels outside the model).'
        : 'Feed 0-255 images: the model scales them itself.',
    },
  };
  const bytes = zipSync({
    'metadata.json': strToU8(JSON.stringify(metadata)),
    'config.json': strToU8(JSON.stringify(built.config)),
    'model.weights.h5': weights,
  });
  return { bytes, addedRescaling: built.addedRescaling };
}

/** The weights alone, as Keras 3's model.save_weights("x.weights.h5") writes them for the same model. */
export async function exportKerasWeights(arch: Architecture, tensors: WeightTensor[]): Promise<Uint8Array> {
  const built = build(arch, 'sequential');
  return writeH5((file) => writeWeights(file, built, tensors));
}

function build(arch: Architecture, modelName: string) {
  try {
    return kerasModelConfig(arch, modelName);
  } catch (e) {
    if (e instanceof TopologyError) throw new ModelFileError(e.message);
    throw e;
  }
}

function writeWeights(file: H5Writer, built: ReturnType<typeof kerasModelConfig>, tensors: WeightTensor[]): void {
  const byLayer = new Map<string, WeightTensor[]>();
  for (const t of tensors) {
    const cut = t.name.indexOf('/');
    const list = byLayer.get(t.name.slice(0, cut)) ?? [];
    list.push(t);
    byLayer.set(t.name.slice(0, cut), list);
  }
  const put = (vars: string, name: string, arrays: { shape: readonly number[]; values: Float32Array }[]) => {
    file.group(vars);
    file.text(vars, 'name', name);
    arrays.forEach((a, i) => file.float32(`${vars}/${i}`, a.shape, a.values));
  };
  const kind = (t: WeightTensor) => KIND_ORDER.indexOf(t.name.slice(t.name.indexOf('/') + 1));
  for (const l of built.layers) {
    if (l.nested) {
      // A base: its own layers' weights are named after them (block1_conv1/kernel), in Keras' role order.
      const own = new Map(tensors.map((t) => [t.name, t]));
      for (const n of l.nested)
        put(
          `layers/${l.group}/layers/${n.group}/vars`,
          n.name,
          n.roles.map((r) => own.get(`${n.name}/${r}`) ?? fail(`The checkpoint lacks ${n.name}/${r} of the base.`)),
        );
      put(`layers/${l.group}/vars`, l.name, []);
    } else if (l.fixed) put(`layers/${l.group}/vars`, l.name, l.fixed);
    else
      put(
        `layers/${l.group}/vars`,
        l.name,
        (byLayer.get(l.name) ?? []).slice().sort((a, b) => kind(a) - kind(b)),
      );
  }
  file.group('vars');
  file.text('vars', 'name', String((built.config.config as { name: string }).name));
}

const fail = (message: string): never => {
  throw new ModelFileError(message);
};

/** A .keras file or a Keras 2 full-model .h5 → the lab's architecture and a checkpoint, or a ModelFileError. */
export async function importKerasFile(input: NamedBytes[]): Promise<ImportedWeights> {
  if (input.length !== 1) fail('Choose one .keras (or Keras 2 .h5) file at a time.');
  const { name, bytes } = input[0]!;
  try {
    return /\.h5$/i.test(name) ? await importLegacyH5(name, bytes) : await importDotKeras(name, bytes);
  } catch (e) {
    if (e instanceof H5FormatError || e instanceof TopologyError)
      throw new ModelFileError(`${name}: ${e.message.replace(/^model\.json: /, '')}`);
    throw e;
  }
}

function parseJson(name: string, what: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (e) {
    return fail(`${name}: ${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
}

async function importDotKeras(name: string, bytes: Uint8Array): Promise<ImportedWeights> {
  let entries: Record<string, Uint8Array> = {};
  try {
    entries = unzipSync(bytes);
  } catch {
    fail(
      `${name} is not a .keras file: a .keras file is a zip (of config.json and model.weights.h5), and this is not one.`,
    );
  }
  const config = entries['config.json'] ?? fail(`${name} holds no config.json, so it says nothing about the model.`);
  const weights =
    entries['model.weights.h5'] ?? fail(`${name} holds no model.weights.h5: it has a model but no weights.`);
  const chain = kerasChain(parseJson(name, 'config.json', config));
  const { arch, layers } = architectureFromTopology(chain.topology);
  const metaBytes = entries['metadata.json'];
  const meta = metaBytes ? parseJson(name, 'metadata.json', metaBytes) : null;
  const labMeta = (meta as Record<string, { class_names?: unknown }> | null)?.[LAB_METADATA_KEY];
  const names = labMeta?.class_names;
  const classNames =
    Array.isArray(names) && names.length === arch.numClasses && names.every((n) => typeof n === 'string')
      ? (names as string[])
      : null;
  const arrays = await readH5(
    weights,
    (file) => {
      const out = new Map<string, { shape: number[]; values: Float32Array }>();
      for (const l of layers) {
        if (l.config.type === 'Base' && l.config.base !== 'tfjs') {
          // A base's arrays are named after its own layers (block1_conv1/kernel), as the lab's model names them.
          for (const n of baseLayers(baseRef(l.config), arch.input.height, arch.input.width))
            n.weights.forEach((w, i) => {
              const path = `layers/${chain.groups.get(n.name)}/vars/${i}`;
              if (file.kind(path) !== 'dataset')
                throw new H5FormatError(`the weights of the base's layer '${n.name}' lack its ${w.role} (no ${path}).`);
              out.set(`${n.name}/${w.role}`, file.array(path));
            });
          continue;
        }
        const group = chain.groups.get(l.name);
        const kinds = KINDS_OF[l.config.type] ?? [];
        kinds.forEach((kind, i) => {
          const path = `layers/${group}/vars/${i}`;
          if (file.kind(path) !== 'dataset')
            throw new H5FormatError(
              `the weights of layer '${l.name}' (${l.config.type}) lack its ${kind} (no ${path}).`,
            );
          out.set(`${l.name}/${kind}`, file.array(path));
        });
      }
      return out;
    },
    `${name}'s model.weights.h5`,
  );
  return { arch, classNames, tensors: fit(name, arch, layers, arrays) };
}

/** Keras 2's `model.save("x.h5")`: the config as a JSON attribute, the weights in the legacy layout under model_weights. */
async function importLegacyH5(name: string, bytes: Uint8Array): Promise<ImportedWeights> {
  const read = await readH5(
    bytes,
    (file) => {
      const config = file.strings('', 'model_config')?.[0];
      if (!config)
        throw new H5FormatError(
          `it holds weights only (no model_config): the lab needs the whole model, as model.save("x.h5") or model.save("x.keras") writes it.`,
        );
      if (file.kind('model_weights') !== 'group')
        throw new H5FormatError('it has a model_config but no model_weights group.');
      return { config: config!, weights: readLegacyWeights(within(file, 'model_weights'), name) };
    },
    name,
  );
  const chain = kerasChain(parseJson(name, 'model_config', strToU8(read.config)));
  const { arch, layers } = architectureFromTopology(chain.topology);
  const arrays = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const l of read.weights.layers)
    for (const w of l.weights) {
      const kind = w.name.split('/').pop()!.replace(/:\d+$/, '');
      arrays.set(`${l.layer}/${kind}`, { shape: w.shape, values: w.values });
    }
  return { arch, classNames: null, tensors: fit(name, arch, layers, arrays) };
}

/** A reader of one group of a file, as if it were the root. */
function within(file: H5Reader, root: string): H5Reader {
  const at = (p: string) => (p === '' ? root : `${root}/${p}`);
  return {
    has: (p) => file.has(at(p)),
    kind: (p) => file.kind(at(p)),
    keys: (p) => file.keys(at(p)),
    strings: (p, n) => file.strings(at(p), n),
    attributeNames: (p) => file.attributeNames(at(p)),
    array: (p) => file.array(at(p)),
  };
}

/** The arrays, named `<file's layer name>/<kind>`, onto the lab's model (shapes checked by mapWeights). */
function fit(
  name: string,
  arch: Architecture,
  layers: { name: string }[],
  arrays: Map<string, { shape: number[]; values: Float32Array }>,
): WeightTensor[] {
  const specs = [...arrays].map(([n, a]) => ({ name: n, shape: a.shape, dtype: 'float32' as const }));
  const total = [...arrays.values()].reduce((s, a) => s + a.values.length, 0);
  const buffer = new Float32Array(total);
  let at = 0;
  for (const a of arrays.values()) {
    buffer.set(a.values, at);
    at += a.values.length;
  }
  return mapWeights(
    arch,
    layers.map((l) => l.name),
    specs,
    buffer.buffer,
    name,
  );
}
