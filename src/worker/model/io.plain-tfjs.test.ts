// The default export loads in plain TensorFlow.js: a fresh Node process with nothing but @tensorflow/tfjs (none
// of the lab's layer classes registered) reads the zip's model.json and weights with tf.loadLayersModel and
// metadata.json's class names, as someone using the exported model would.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../model/presets';
import { makeMetadata } from '../../model/tfjs-metadata';
import { withoutAugmentation } from '../../model/from-topology';
import { snapshotWeights } from '../trainer';
import { buildModel } from './build';
import { exportLayersModel, importLayersModel, packModel } from './io';
import { readFileSync } from 'node:fs';
import './augment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The textbook's cats-vs-dogs model with augmentation and Dropout, at a small input so the test is quick.
const arch = { ...findPreset('catsdogs-augmented')!.build(), input: { height: 96, width: 96, channels: 3 } };
const labels = ['cats', 'dogs'];

async function exportZip(stripAugmentation: boolean): Promise<string> {
  const model = buildModel(arch, 1);
  const tensors = await snapshotWeights(model);
  model.dispose();
  const { modelJson, weights } = await exportLayersModel(arch, tensors, { stripAugmentation });
  const metadata = makeMetadata(labels, stripAugmentation ? withoutAugmentation(arch) : arch, {
    modelName: 'cats vs dogs',
    tfjsVersion: tf.version_layers,
    stripAugmentation,
    now: new Date(),
  });
  const [zip] = packModel(modelJson, weights, true, 'run', JSON.stringify(metadata));
  const path = join(mkdtempSync(join(tmpdir(), 'convnet-lab-plain-')), zip!.name);
  writeFileSync(path, zip!.bytes);
  return path;
}

/** Plain tfjs in a child process: unzip, tf.loadLayersModel(tf.io.fromMemory(...)), predict one image. */
const LOADER = `
import * as tf from '@tensorflow/tfjs';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
const files = unzipSync(readFileSync(process.argv[1]));
const json = JSON.parse(strFromU8(files['model.json']));
const bin = files[json.weightsManifest[0].paths[0]];
try {
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
  const meta = JSON.parse(strFromU8(files['metadata.json']));
  const p = model.predict(tf.zeros([1, meta.imageHeight, meta.imageWidth, meta.imageChannels]));
  console.log(JSON.stringify({ ok: true, classes: model.layers.map((l) => l.getClassName()), labels: meta.labels,
    output: p.shape, files: Object.keys(files).sort() }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e.message ?? e) }));
}`;

function loadInPlainTfjs(zipPath: string) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', LOADER, zipPath], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`the plain tfjs process said: ${child.stderr || child.stdout}`);
  return JSON.parse(line) as
    { ok: true; classes: string[]; labels: string[]; output: number[]; files: string[] } | { ok: false; error: string };
}

describe('the default tfjs export in plain TensorFlow.js', () => {
  it('loads with tf.loadLayersModel, no custom classes, and carries the class names', async () => {
    const got = loadInPlainTfjs(await exportZip(true));
    expect(got).toMatchObject({ ok: true, labels: ['cats', 'dogs'], output: [1, 1] });
    if (!got.ok) return;
    expect(got.files).toEqual(['metadata.json', 'model.json', 'model.weights.bin']);
    expect(got.classes[0]).toBe('Rescaling');
    expect(got.classes).not.toContain('RandomFlip');
    expect(got.classes).toContain('Dropout');
  }, 90_000);

  it('with the augmentation layers kept, plain tfjs refuses it: why they are left out by default', async () => {
    const got = loadInPlainTfjs(await exportZip(false));
    expect(got).toMatchObject({ ok: false });
    if (!got.ok) expect(got.error).toMatch(/Unknown layer: Random/);
  }, 90_000);

  it("the lab's own import reads the class names back from metadata.json", async () => {
    const path = await exportZip(true);
    const back = importLayersModel([{ name: 'run.zip', bytes: new Uint8Array(readFileSync(path)) }]);
    expect(back.classNames).toEqual(['cats', 'dogs']);
  });
});
