// Files made by real Keras (testdata/keras/make_fixtures.py, Keras 3.15.1 / TensorFlow 2.21) open in the lab and
// predict what Keras printed when it made them; damaged ones are refused with a message naming what is wrong.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './build';
import { importKerasFile } from './keras-file';
import { ModelFileError } from './io';
import type { WeightTensor } from '../trainer';
import type { Architecture } from '../../model/layers';
import './augment';

const DIR = join(__dirname, '../../../testdata/keras');
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) });
interface Expected {
  input: number[];
  input_shape: number[];
  input_divided_by_255: boolean;
  output: number[];
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  files: Record<string, Expected>;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The lab's model with these weights, predicting (inference: augmentation and Dropout inactive). */
function predictWith(arch: Architecture, tensors: WeightTensor[], input: number[], shape: number[]): number[] {
  const model = buildModel(arch);
  try {
    return tf.tidy(() => {
      model.setWeights(tensors.map((t) => tf.tensor(t.values, t.shape)));
      const y = model.predict(tf.tensor(input, shape)) as tf.Tensor;
      return Array.from(y.dataSync());
    });
  } finally {
    model.dispose();
  }
}

async function refusal(files: { name: string; bytes: Uint8Array }[]): Promise<string> {
  try {
    await importKerasFile(files);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('importKerasFile: files Keras made', () => {
  it.each(Object.keys(expected.files))('%s predicts what Keras printed (1e-4)', async (name) => {
    const e = expected.files[name]!;
    const before = tf.memory().numTensors;
    const got = await importKerasFile([fixture(name)]);
    const input = e.input_divided_by_255 ? e.input.map((v) => v / 255) : e.input;
    const out = predictWith(got.arch, got.tensors, input, e.input_shape);
    expect(out).toHaveLength(e.output.length);
    out.forEach((v, i) => expect(Math.abs(v - e.output[i]!)).toBeLessThan(1e-4));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads the layers of the augmented Sequential model and the functional chain as Keras lists them', async () => {
    const aug = await importKerasFile([fixture('augmented.keras')]);
    expect(aug.arch.layers.map((l) => l.type)).toEqual([
      'RandomFlip',
      'RandomRotation',
      'RandomZoom',
      'Rescaling',
      'Conv2D',
      'BatchNormalization',
      'MaxPooling2D',
      'Conv2D',
      'GlobalAveragePooling2D',
      'Dropout',
      'Dense',
    ]);
    expect(aug.arch.input).toEqual({ height: 8, width: 8, channels: 3 });
    const chain = await importKerasFile([fixture('functional_chain.keras')]);
    expect(chain.arch.layers.map((l) => l.type)).toEqual(['Conv2D', 'AveragePooling2D', 'Flatten', 'Dense', 'Dense']);
    expect(chain.arch.numClasses).toBe(4);
  });
});

describe('importKerasFile: damaged files', () => {
  it('not a zip', async () => {
    expect(await refusal([{ name: 'x.keras', bytes: strToU8('hello, not a zip') }])).toMatch(
      /x\.keras is not a \.keras file: .* zip/,
    );
  });
  it('a zip without config.json', async () => {
    const bytes = zipSync({ 'model.weights.h5': new Uint8Array(8) });
    expect(await refusal([{ name: 'y.keras', bytes }])).toMatch(/y\.keras holds no config\.json/);
  });
  it('weights that do not fit the model', async () => {
    expect(await refusal([fixture('wrong_weights.keras')])).toMatch(
      /wrong_weights\.keras: layer 1 'conv2d' \(Conv2D\) has a kernel of shape \[3, 3, 1, 5\], but the layer needs \[3, 3, 1, 4\]/,
    );
  });
  it('an unknown layer class, named', async () => {
    expect(await refusal([fixture('unknown_layer.keras')])).toMatch(
      /unknown_layer\.keras: layer \d 'layer_normalization' is a LayerNormalization, which the lab can't show/,
    );
  });
  it('a legacy .h5 holding weights only', async () => {
    const { writeH5 } = await import('../h5/file');
    const bytes = await writeH5((f) => f.strings('', 'layer_names', []));
    expect(await refusal([{ name: 'w.h5', bytes }])).toMatch(/w\.h5: it holds weights only \(no model_config\)/);
  });
});
