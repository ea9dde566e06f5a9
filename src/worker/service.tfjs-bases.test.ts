import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inferSummary } from '../model/infer';
import { withId, type Architecture, type LayerConfig, type TfjsBaseLayer } from '../model/layers';
import type { KeptTfjsBase } from '../model/bases/tfjs-types';
import { putKeptBaseWeights } from './base-files/apply';
import { buildModel } from './model/build';
import { exportLayersModel } from './model/io';
import { featureModel, saveTfjs, teachableMachineModel, type TfjsFiles } from './model/bases/tfjs-fixture';
import { tfjsBaseEntries } from './service-tfjs-bases';

const blob = (b: Uint8Array | string) => new Blob([b as BlobPart]);
const picked = (f: TfjsFiles, bin = 'weights.bin') => [
  { name: 'model.json', blob: blob(f.modelJson) },
  { name: bin, blob: blob(f.weights) },
];

let features: tf.LayersModel;
let tm: TfjsFiles;
let plain: TfjsFiles;

beforeAll(async () => {
  await tf.setBackend('cpu');
  features = featureModel(32);
  plain = await saveTfjs(features);
  tm = await saveTfjs(teachableMachineModel(features));
});

afterEach(async () => {
  const api = tfjsBaseEntries();
  const kept = await api.tfjsBases();
  if (kept.ok) for (const f of kept.value) await api.removeTfjsBase(f.fileName);
});

const layerOf = (kept: KeptTfjsBase, fineTuneFrom: string | null = null): TfjsBaseLayer => ({
  type: 'Base',
  base: 'tfjs',
  alpha: 1,
  fineTuneFrom,
  tfjs: { file: kept.fileName, preprocess: kept.preprocess, model: kept.model },
});

const archOf = (base: TfjsBaseLayer): Architecture => ({
  input: { height: 32, width: 32, channels: 3 },
  layers: (
    [base, { type: 'GlobalAveragePooling2D' }, { type: 'Dense', units: 2, activation: 'softmax' }] as LayerConfig[]
  ).map((l) => withId(l)),
  numClasses: 2,
});

async function add(files: { name: string; blob: Blob }[]): Promise<KeptTfjsBase> {
  const answer = await tfjsBaseEntries().addTfjsBase(files);
  if (!answer.ok) throw new Error(answer.failure.message);
  return answer.value;
}

const keptNames = async () => {
  const kept = await tfjsBaseEntries().tfjsBases();
  return kept.ok ? kept.value.map((b) => b.fileName).sort() : [];
};

const failure = async (files: { name: string; blob: Blob }[]) => {
  const answer = await tfjsBaseEntries().addTfjsBase(files);
  expect(answer.ok).toBe(false);
  return answer.ok ? '' : answer.failure.message;
};

describe('a TensorFlow.js LayersModel as a base, in the worker (tfjs CPU)', () => {
  it("takes Teachable Machine's nested feature model, not its head, and describes it as tfjs measures it", async () => {
    const kept = await add(picked(tm));
    expect(kept).toMatchObject({ source: 'teachable-machine', preprocess: 'tf', where: 'indexeddb' });
    expect(kept.fileName).toMatch(/^model_1-[0-9a-f]{8}$/);
    expect(kept.model.name).toBe('model_1');
    expect(kept.model.input).toEqual([32, 32, 3]);
    expect(kept.model.outputShape).toEqual([16, 16, 16]);
    expect(kept.model.layers.map((l) => l.name)).toEqual([
      'conv1',
      'conv1_bn',
      'conv1_relu',
      'conv_dw_1',
      'conv_dw_1_bn',
      'conv_pw_1',
      'conv_pw_13_relu',
    ]);
    expect(kept.model.layers.reduce((n, l) => n + l.params, 0)).toBe(features.countParams());
    // BatchNormalization: gamma and beta train, the moving statistics never (as Keras counts them).
    expect(kept.model.layers[1]).toMatchObject({ className: 'BatchNormalization', params: 32, trainableParams: 16 });
    expect(kept.bytes).toBe(features.countParams() * 4);
    expect((await tfjsBaseEntries().tfjsBases()).ok).toBe(true);
  });

  it('its features equal the original model on the same pixels within 1e-4 relative, frozen BatchNorm in inference mode', async () => {
    const kept = await add(picked(tm));
    const layer = layerOf(kept);
    const arch = archOf(layer);
    expect(inferSummary(arch).valid).toBe(true);
    const before = tf.memory().numTensors;
    const model = buildModel(arch);
    await putKeptBaseWeights(model, arch);
    const base = model.layers[0] as tf.LayersModel;
    const pixels = tf.tidy(() => tf.randomUniform([2, 32, 32, 3], 0, 255, 'float32', 3).round());
    const [got, want] = tf.tidy(() => [
      (base.apply(pixels, { training: true }) as tf.Tensor).arraySync() as number[][][][],
      features.predict(pixels.div(127.5).sub(1)) as tf.Tensor,
    ]);
    const wantValues = (want as tf.Tensor).dataSync();
    const gotValues = Float32Array.from((got as number[][][][]).flat(3));
    const scale = Math.max(...wantValues.map(Math.abs));
    let worst = 0;
    gotValues.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - wantValues[i]!))));
    expect(worst / scale).toBeLessThan(1e-4);
    tf.dispose([pixels, want as tf.Tensor]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fine-tunes from a chosen layer: the layers from it train, the rest stay frozen (summary and model agree)', async () => {
    const kept = await add(picked(plain));
    expect(kept.source).toBe('whole');
    expect(kept.preprocess).toBe('unit');
    const arch = archOf(layerOf(kept, 'conv_dw_1'));
    const summary = inferSummary(arch);
    const model = buildModel(arch);
    const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    expect(trainable).toBe(summary.trainableParams);
    // conv_dw_1 (72) + conv_dw_1_bn gamma, beta (16) + conv_pw_1 (144) + the head's Dense (34).
    expect(summary.trainableParams).toBe(72 + 16 + 144 + 34);
    model.dispose();
  });

  it('the tfjs export includes the base (preprocessing and weights), and plain tfjs predicts as the lab does', async () => {
    const kept = await add(picked(tm));
    const arch = archOf(layerOf(kept));
    const model = buildModel(arch);
    await putKeptBaseWeights(model, arch);
    const tensors = model.weights.map((w) => ({
      name: w.originalName,
      shape: w.shape as number[],
      values: w.read().dataSync() as Float32Array,
    }));
    const { modelJson, weights } = await exportLayersModel(arch, tensors, { stripAugmentation: true });
    const json = JSON.parse(modelJson);
    const nested = json.modelTopology.config.layers[0];
    expect(nested.config.name).toBe('model_1');
    expect(nested.config.layers.map((l: { class_name: string }) => l.class_name).slice(0, 3)).toEqual([
      'InputLayer',
      'PreprocessInput',
      'Conv2D',
    ]);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weights.buffer as ArrayBuffer,
      }),
    );
    const x = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 5);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Math.max(...(a.sub(b).abs().dataSync() as Float32Array))).toBeLessThan(1e-5);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('a whole model cut after one of its layers is kept as a base of its own, equal to that layer of the original', async () => {
    const whole = await add(picked(plain));
    const answer = await tfjsBaseEntries().cutTfjsBase(whole.fileName, 'conv_dw_1');
    if (!answer.ok) throw new Error(answer.failure.message);
    const cut = answer.value;
    expect(cut.model.name).toBe('model_1_conv_dw_1');
    expect(cut.model.outputShape).toEqual([16, 16, 8]);
    expect(cut.model.layers.map((l) => l.name)).toEqual(['conv1', 'conv1_bn', 'conv1_relu', 'conv_dw_1']);
    expect(cut.bytes).toBe((216 + 32 + 72) * 4);
    expect((await tfjsBaseEntries().tfjsBases()).ok && (await keptNames())).toEqual(
      [whole.fileName, cut.fileName].sort(),
    );
    const arch = { ...archOf(layerOf(cut)), input: { height: 32, width: 32, channels: 3 } };
    const model = buildModel(arch);
    await putKeptBaseWeights(model, arch);
    const inner = tf.model({ inputs: features.inputs, outputs: features.getLayer('conv_dw_1').output });
    const x = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 9);
    const [got, want] = tf.tidy(() => [
      (model.layers[0] as tf.LayersModel).predict(x) as tf.Tensor,
      inner.predict(x.div(255)) as tf.Tensor,
    ]);
    const scale = Math.max(...(want!.abs().dataSync() as Float32Array));
    expect(Math.max(...(got!.sub(want!).abs().dataSync() as Float32Array)) / scale).toBeLessThan(1e-4);
    tf.dispose([x, got!, want!]);
    model.dispose();
    const missing = await tfjsBaseEntries().cutTfjsBase(whole.fileName, 'nope');
    expect(!missing.ok && missing.failure.message).toMatch(/no layer named 'nope'/);
  });

  it('refuses bad files with a message naming what is wrong, keeping nothing', async () => {
    const api = tfjsBaseEntries();
    expect(await failure([{ name: 'notes.json', blob: blob('{"hello": 1}') }])).toMatch(/no "modelTopology"/);
    expect(await failure([{ name: 'model.json', blob: blob(tm.modelJson) }])).toMatch(/'weights.bin'.*not among/);
    expect(
      await failure([
        { name: 'model.json', blob: blob(tm.modelJson) },
        { name: 'weights.bin', blob: blob(tm.weights.slice(0, 100)) },
      ]),
    ).toMatch(/holds 100 bytes.*cut short/);
    const unknown = tm.modelJson.replace('"class_name":"DepthwiseConv2D"', '"class_name":"FancyConv"');
    expect(await failure(picked({ modelJson: unknown, weights: tm.weights }))).toMatch(
      /'FancyConv'.*cannot deserialize/,
    );
    const vector = await saveTfjs(tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] }));
    expect(await failure(picked(vector))).toMatch(/Sequential of plain layers/);
    const flat = tf.input({ shape: [8] });
    const dense = await saveTfjs(
      tf.model({ inputs: flat, outputs: tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor }),
    );
    expect(await failure(picked(dense))).toMatch(/input of rank 4/);
    expect(await api.tfjsBases()).toEqual({ ok: true, value: [] });
  });
});
