// lab -> .keras -> lab gives the same predictions on the same 0-255 images, for every preset at its own input size
// (cats-vs-dogs at 180x180; MobileNetV2 0.35 at 96x96) and a VGG16 base at 32x32, with seeded weights. KERAS_EXPORT_DIR=<folder> also
// writes each file, its input and the lab's output there, for testdata/keras/check_lab_exports.py to load them in
// real Keras (run by hand; CI needs no Python).
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../model/presets';
import { pixelScale } from '../../model/training';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';
import type { WeightTensor } from '../trainer';
import { buildModel } from './build';
import { exportKerasFile, exportKerasWeights, importKerasFile } from './keras-file';
import './augment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Deterministic small weights (BatchNorm variances positive), in the checkpoint's order and names. */
function seededWeights(arch: Architecture, seed: number): WeightTensor[] {
  const model = buildModel(arch);
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const out = model.weights.map((w) => {
    const shape = w.shape.map((d) => d ?? 1);
    const n = shape.reduce((a, b) => a * b, 1);
    // He-like scale (variance 2 / fan-in): activations keep their size through 13 ReLU layers of VGG16, so the
    // output depends on every layer (at 1 / fan-in it shrinks to ~1e-5 and the head alone decides).
    const scale = Math.sqrt(6 / (shape.length > 1 ? n / shape.at(-1)! : 4));
    const values = Float32Array.from({ length: n }, () =>
      w.originalName.endsWith('moving_variance') ? 1 + 0.5 * Math.abs(next()) : next() * scale,
    );
    return { name: w.originalName, shape, values };
  });
  model.dispose();
  return out;
}

function image(arch: Architecture): { values: number[]; shape: number[] } {
  const { height, width, channels } = arch.input;
  const values = Array.from({ length: height * width * channels }, (_, i) => (i * 37 + (i % 7) * 11) % 256);
  return { values, shape: [1, height, width, channels] };
}

/** What the lab predicts for a 0-255 image: pixels scaled as the lab scales them for this model. */
function labPredict(arch: Architecture, tensors: WeightTensor[], img: { values: number[]; shape: number[] }) {
  const model = buildModel(arch);
  try {
    return tf.tidy(() => {
      model.setWeights(tensors.map((t) => tf.tensor(t.values, t.shape)));
      const x = tf.tensor(img.values, img.shape).mul(pixelScale(arch));
      return Array.from((model.predict(x) as tf.Tensor).dataSync());
    });
  } finally {
    model.dispose();
  }
}

// VGG16 at its presets' 180x180 takes minutes on tfjs' CPU backend: a 32x32 one stands in (same layers and weights).
const vgg16Small = (): Architecture => ({
  input: { height: 32, width: 32, channels: 3 },
  numClasses: 2,
  layers: [
    { type: 'Base', base: 'vgg16', alpha: 1, fineTuneFrom: 'block5_conv1' },
    { type: 'Flatten' },
    { type: 'Dense', units: 1, activation: 'sigmoid' },
  ].map((l) => withId(l as LayerConfig)),
});
const models: [string, () => Architecture][] = [
  ...PRESETS.filter((p) => !p.id.startsWith('vgg16')).map((p): [string, () => Architecture] => [p.id, p.build]),
  ['vgg16-32x32', vgg16Small],
];
const dumpDir = process.env.KERAS_EXPORT_DIR;

describe('lab -> .keras -> lab', () => {
  it.each(models.map(([id]) => id))(
    '%s predicts the same after the round trip',
    async (id) => {
      const arch = models.find(([m]) => m === id)![1]();
      const tensors = seededWeights(arch, 17);
      const img = image(arch);
      const before = labPredict(arch, tensors, img);
      const names = Array.from({ length: arch.numClasses }, (_, i) => `class ${i}`);
      const file = await exportKerasFile(arch, tensors, { modelName: id, classNames: names, now: new Date(0) });
      expect(file.addedRescaling).toBe(pixelScale(arch) !== 1);
      const back = await importKerasFile([{ name: `${id}.keras`, bytes: file.bytes }]);
      expect(back.classNames).toEqual(names);
      // The added Rescaling(1/255) comes back as a layer: the model now takes raw pixels itself.
      expect(back.arch.layers.length).toBe(arch.layers.length + (file.addedRescaling ? 1 : 0));
      expect(pixelScale(back.arch)).toBe(1);
      const after = labPredict(back.arch, back.tensors, img);
      after.forEach((v, i) => expect(Math.abs(v - before[i]!)).toBeLessThan(1e-6));
      if (dumpDir) {
        mkdirSync(dumpDir, { recursive: true });
        writeFileSync(join(dumpDir, `${id}.keras`), file.bytes);
        writeFileSync(join(dumpDir, `${id}.weights.h5`), await exportKerasWeights(arch, tensors));
        writeFileSync(
          join(dumpDir, `${id}.json`),
          JSON.stringify({ input: img.values, shape: img.shape, lab: before }),
        );
      }
      // VGG16 and cats-vs-dogs at 180x180 take 20-60 s each on tfjs' CPU backend on a busy 2-core machine.
    },
    180_000,
  );

  it('writes metadata.json with keras_version, date_saved and the class names under convnet_lab', async () => {
    const arch = PRESETS.find((p) => p.id === 'mnist-convnet')!.build();
    const file = await exportKerasFile(arch, seededWeights(arch, 3), {
      modelName: 'mnist',
      classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
      now: new Date('2026-12-06T03:00:00Z'),
    });
    const entries = unzipSync(file.bytes);
    expect(Object.keys(entries).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    const meta = JSON.parse(strFromU8(entries['metadata.json']!));
    expect(meta.date_saved).toBe('2026-12-06@03:00:00');
    expect(meta.convnet_lab.class_names).toHaveLength(10);
    expect(meta.convnet_lab.pixels).toMatch(/Rescaling\(1\/255\), was added/);
    const config = JSON.parse(strFromU8(entries['config.json']!));
    expect(config.config.layers.map((l: { class_name: string }) => l.class_name).slice(0, 3)).toEqual([
      'InputLayer',
      'Rescaling',
      'Conv2D',
    ]);
  });
});
