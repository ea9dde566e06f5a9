import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';
import { snapshotWeights } from '../trainer';
import { buildModel } from './build';
import { exportLayersModel, importLayersModel, packModel, MODEL_JSON, WEIGHTS_BIN, type NamedBytes } from './io';
import './augment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers: LayerConfig[] = [
  { type: 'Rescaling', scale: 1 / 255, offset: 0 },
  { type: 'RandomFlip', mode: 'horizontal' },
  { type: 'RandomRotation', factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
  {
    type: 'RandomZoom',
    heightFactor: 0.2,
    widthFactor: null,
    fillMode: 'reflect',
    interpolation: 'bilinear',
    fillValue: 0,
  },
  { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
  { type: 'BatchNormalization' },
  { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
  { type: 'Flatten' },
  { type: 'Dropout', rate: 0.5 },
  { type: 'Dense', units: 3, activation: 'softmax' },
];
const arch: Architecture = {
  input: { height: 10, width: 10, channels: 1 },
  numClasses: 3,
  layers: layers.map((l) => withId(l)),
};
const images = tf.tidy(() => tf.randomUniform([6, 10, 10, 1], 0, 255, 'float32', 7));

/** A few real optimiser steps (augmentation and Dropout active), so BatchNorm's statistics and every kernel moved from their start. */
async function trainedCheckpoint() {
  const model = buildModel(arch, 3);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2]);
  await model.fit(images, y, { epochs: 3, batchSize: 3, verbose: 0 });
  const tensors = await snapshotWeights(model);
  const expected = tf.tidy(() => (model.predict(images) as tf.Tensor).arraySync() as number[][]);
  y.dispose();
  model.optimizer.dispose();
  model.dispose();
  return { tensors, expected };
}

/** The `file://` loading that tfjs-node would do, from the files read back from disk (no tfjs-node here). */
async function loadFromDir(dir: string) {
  const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
  const bin = readFileSync(join(dir, json.weightsManifest[0]!.paths[0]!));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return {
    json,
    model: await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData,
      }),
    ),
  };
}

function writeFiles(files: NamedBytes[]) {
  const dir = mkdtempSync(join(tmpdir(), 'convnet-lab-io-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

let trained: Awaited<ReturnType<typeof trainedCheckpoint>>;
beforeAll(async () => {
  trained = await trainedCheckpoint();
});
afterAll(() => images.dispose());

describe('exportLayersModel', () => {
  it.each([false, true])(
    'writes a LayersModel tf.loadLayersModel reads back with the same predictions (stripAugmentation %s)',
    async (strip) => {
      const before = tf.memory().numTensors;
      const { modelJson, weights } = await exportLayersModel(arch, trained.tensors, { stripAugmentation: strip });
      expect(tf.memory().numTensors).toBe(before);
      const dir = writeFiles(packModel(modelJson, weights, false, 'x'));
      const { json, model } = await loadFromDir(dir);
      expect(json.format).toBe('layers-model');
      expect(json.convertedBy).toBeNull();
      expect(json.generatedBy).toMatch(/TensorFlow\.js/);
      const classes = model.layers.map((l) => l.getClassName());
      if (strip)
        expect(classes).toEqual([
          'Rescaling',
          'Conv2D',
          'BatchNormalization',
          'MaxPooling2D',
          'Flatten',
          'Dropout',
          'Dense',
        ]);
      else expect(classes.slice(0, 4)).toEqual(['Rescaling', 'RandomFlip', 'RandomRotation', 'RandomZoom']);
      const got = tf.tidy(() => (model.predict(images) as tf.Tensor).arraySync() as number[][]);
      model.dispose();
      got.forEach((row, i) => row.forEach((p, k) => expect(Math.abs(p - trained.expected[i]![k]!)).toBeLessThan(1e-5)));
    },
  );

  it('zips model.json and the .bin into one file that imports back to the same stack and weights', async () => {
    const { modelJson, weights } = await exportLayersModel(arch, trained.tensors, { stripAugmentation: false });
    const [zip] = packModel(modelJson, weights, true, 'run-1');
    expect(zip!.name).toBe('run-1.zip');
    const before = tf.memory().numTensors;
    const back = importLayersModel([zip!]);
    expect(tf.memory().numTensors).toBe(before);
    expect(back.arch.layers.map(({ id: _, ...l }) => l)).toEqual(layers);
    expect(back.arch.input).toEqual(arch.input);
    expect(back.tensors.map((t) => [t.name, t.shape])).toEqual(trained.tensors.map((t) => [t.name, t.shape]));
    back.tensors.forEach((t, i) => expect(Array.from(t.values)).toEqual(Array.from(trained.tensors[i]!.values)));
  });
});

describe('importLayersModel errors change nothing and say what is wrong', () => {
  const files = async () => {
    const { modelJson, weights } = await exportLayersModel(arch, trained.tensors, { stripAugmentation: true });
    return {
      json: JSON.parse(modelJson) as Record<string, unknown> & {
        modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      },
      weights,
    };
  };
  const asFiles = (json: unknown, weights: Uint8Array): NamedBytes[] => [
    { name: MODEL_JSON, bytes: strToU8(JSON.stringify(json)) },
    { name: WEIGHTS_BIN, bytes: weights },
  ];

  it('malformed JSON', () => {
    expect(() => importLayersModel([{ name: 'model.json', bytes: strToU8('{"format": "layers-model", ') }])).toThrow(
      /model\.json is not valid JSON/,
    );
  });
  it('not a zip', () => {
    expect(() => importLayersModel([{ name: 'model.zip', bytes: strToU8('hello') }])).toThrow(
      /model\.zip is not a readable zip/,
    );
  });
  it('no model.json', () => {
    expect(() => importLayersModel([{ name: 'a.zip', bytes: zipSync({ 'w.bin': new Uint8Array(4) }) }])).toThrow(
      /No model\.json/,
    );
  });
  it('missing weight file', async () => {
    const { json } = await files();
    expect(() => importLayersModel([{ name: MODEL_JSON, bytes: strToU8(JSON.stringify(json)) }])).toThrow(
      /'model\.weights\.bin', which is not among the chosen files/,
    );
  });
  it('weights cut short', async () => {
    const { json, weights } = await files();
    expect(() => importLayersModel(asFiles(json, weights.slice(0, weights.length - 4)))).toThrow(
      /holds \d+ bytes, but model\.json's manifest describes \d+/,
    );
  });
  it('an unknown layer, named by position and name', async () => {
    const { json, weights } = await files();
    json.modelTopology.config.layers[1]!.class_name = 'DepthwiseConv2D';
    expect(() => importLayersModel(asFiles(json, weights))).toThrow(
      "model.json: layer 2 'conv2d' is a DepthwiseConv2D, which the lab can't show.",
    );
  });
  it('a weight of the wrong shape', async () => {
    const { json, weights } = await files();
    const l = json.modelTopology.config.layers[1]!;
    l.config.filters = 5;
    expect(() => importLayersModel(asFiles(json, weights))).toThrow(
      /layer 2 'conv2d' \(Conv2D\) has a kernel of shape \[3, 3, 1, 4\], but the layer needs \[3, 3, 1, 5\]/,
    );
  });
  it('a weight missing from the manifest', async () => {
    const { json, weights } = await files();
    const manifest = json.weightsManifest as { weights: { name: string }[] }[];
    manifest[0]!.weights[0]!.name = 'something/else';
    expect(() => importLayersModel(asFiles(json, weights))).toThrow(/layer 2 'conv2d' \(Conv2D\) lack its kernel/);
  });
  it('a graph model', async () => {
    const { json, weights } = await files();
    expect(() => importLayersModel(asFiles({ ...json, format: 'graph-model' }, weights))).toThrow(
      /reads "layers-model" files only/,
    );
  });
});
