// Round trips arch -> tfjs model -> toJSON -> arch for every layer type the
// lab knows (fromTopology.ts reads what tfjs writes). Here, not beside
// fromTopology.ts, because src/model's tests may not load tfjs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { architectureFromTopology } from '../../model/from-topology';
import { inferSummary } from '../../model/infer';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';
import { PRESETS } from '../../model/presets';
import { buildModel } from './build';
import './augment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const strip = (a: Architecture) => a.layers.map(({ id: _, ...l }) => l);
/** arch → tfjs model → toJSON → arch. */
function roundTrip(arch: Architecture) {
  const model = buildModel(arch);
  const json = model.toJSON(null, false) as unknown;
  model.dispose();
  return architectureFromTopology(json);
}

const conv: LayerConfig = {
  type: 'Conv2D',
  filters: 4,
  kernelSize: [3, 2],
  strides: [1, 2],
  padding: 'same',
  activation: 'tanh',
};
const dense: LayerConfig = { type: 'Dense', units: 3, activation: 'softmax' };
const everyType: LayerConfig[][] = [
  [{ type: 'Rescaling', scale: 0.5, offset: -1 }],
  [{ type: 'RandomFlip', mode: 'horizontal_and_vertical' }],
  [{ type: 'RandomRotation', factor: [-0.2, 0.1], fillMode: 'constant', interpolation: 'nearest', fillValue: 3 }],
  [
    {
      type: 'RandomZoom',
      heightFactor: 0.3,
      widthFactor: [-0.1, 0.2],
      fillMode: 'wrap',
      interpolation: 'bilinear',
      fillValue: 0,
    },
  ],
  [
    {
      type: 'RandomZoom',
      heightFactor: 0.3,
      widthFactor: null,
      fillMode: 'nearest',
      interpolation: 'bilinear',
      fillValue: 0,
    },
  ],
  [
    {
      type: 'RandomTranslation',
      heightFactor: 0.1,
      widthFactor: 0.2,
      fillMode: 'reflect',
      interpolation: 'bilinear',
      fillValue: 0,
    },
  ],
  [{ type: 'RandomContrast', factor: 0.2, valueRange: [0, 1] }],
  [{ type: 'RandomBrightness', factor: [-0.1, 0.3], valueRange: [0, 255] }],
  [conv],
  [{ type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' }],
  [{ type: 'MaxPooling2D', poolSize: [3, 3], strides: [1, 1], padding: 'same' }],
  [{ type: 'AveragePooling2D', poolSize: [2, 2], strides: [1, 1], padding: 'valid' }],
  [conv, { type: 'GlobalAveragePooling2D' }],
  [conv, { type: 'GlobalAveragePooling2D' }, { type: 'Flatten' }],
  [{ type: 'BatchNormalization' }],
  [{ type: 'Dropout', rate: 0.25 }],
  [{ type: 'Dense', units: 5, activation: 'relu' }],
];

describe('architectureFromTopology', () => {
  it.each(everyType.map((ls) => [ls.map((l) => l.type).join('+'), ls]))(
    'round trip %s: same layers and summary total',
    (_name, ls) => {
      const needsFlatten = !ls.some((l) => l.type === 'GlobalAveragePooling2D' || l.type === 'Dense');
      const layers: LayerConfig[] = [...ls, ...(needsFlatten ? [{ type: 'Flatten' } as LayerConfig] : []), dense];
      const arch: Architecture = {
        input: { height: 8, width: 8, channels: 3 },
        numClasses: 3,
        layers: layers.map((l) => withId(l)),
      };
      const back = roundTrip(arch).arch;
      expect(strip(back)).toEqual(layers);
      expect(back.input).toEqual(arch.input);
      expect(back.numClasses).toBe(3);
      expect(inferSummary(back).totalParams).toBe(inferSummary(arch).totalParams);
    },
  );

  it.each(PRESETS.map((p) => [p.id, p]))('round trip of the %s preset', (_id, preset) => {
    const arch = preset.build();
    const back = roundTrip(arch);
    expect(strip(back.arch)).toEqual(strip(arch));
    expect(inferSummary(back.arch).totalParams).toBe(inferSummary(arch).totalParams);
    expect(back.layers.map((l) => l.name)).toEqual(inferSummary(arch).rows.map((r) => r.name));
  });
});
