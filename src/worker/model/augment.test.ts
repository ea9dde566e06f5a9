// Keras 3 semantics of the six augmentation layers, on small known images
// (tfjs CPU backend). Expected pixels are worked out by hand from Keras'
// definitions (keras/src/layers/preprocessing/image_preprocessing/*.py).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  augmentationLayer,
  RandomFlipLayer,
  RandomRotationLayer,
  RandomTranslationLayer,
  RandomZoomLayer,
} from './augment';
import { RandomBrightnessLayer, RandomContrastLayer } from './augment-color';
import { defaultLayer, LAYER_TYPES, isAugmentation, type FillMode, type LayerConfig } from '../../model/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 5x5 one-channel image whose pixel (row r, column c) is 10·r + c: every pixel differs, nothing is symmetric. */
const grid = (rows = 5, cols = 5) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => 10 * r + c));
const toTensor = (img: number[][], copies = 1) =>
  tf.tile(tf.tensor4d(img.flat(), [1, img.length, img[0]!.length, 1]), [copies, 1, 1, 1]) as tf.Tensor4D;
/** Image i of a batch as rows of numbers. */
const imageAt = (t: tf.Tensor, i: number): number[][] =>
  t.slice([i, 0, 0, 0], [1, -1, -1, 1]).squeeze([0, 3]).arraySync() as number[][];
const run = (layer: tf.layers.Layer, x: tf.Tensor, training = true) => layer.apply(x, { training }) as tf.Tensor4D;
const expectImage = (got: number[][], want: number[][], digits = 4) =>
  got.forEach((row, r) => row.forEach((v, c) => expect(v, `pixel (${r}, ${c})`).toBeCloseTo(want[r]![c]!, digits)));
const mirror = (img: number[][]) => img.map((row) => [...row].reverse());
const upsideDown = (img: number[][]) => [...img].reverse();

describe('RandomFlip (Keras 3: flipped when a uniform draw is <= 0.5)', () => {
  it.each([
    ['horizontal', mirror],
    ['vertical', upsideDown],
    ['horizontal_and_vertical', (img: number[][]) => mirror(upsideDown(img))],
  ] as const)('%s: every image is either unchanged or flipped exactly, and both happen', (mode, flip) => {
    const img = grid();
    const out = run(new RandomFlipLayer({ mode, seed: 4 }), toTensor(img, 16));
    let flipped = 0;
    for (let i = 0; i < 16; i++) {
      const o = imageAt(out, i);
      if (JSON.stringify(o) === JSON.stringify(flip(img))) flipped += 1;
      else expect(o).toEqual(img);
    }
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(16);
  });
});

describe('RandomRotation', () => {
  it('factor (0.25, 0.25) turns a square image exactly 90° counter-clockwise (np.rot90), every image of the batch', () => {
    const img = grid();
    const rot90 = img.map((_, r) => img.map((row) => row[4 - r]!)); // out[r][c] = in[c][W-1-r]
    const out = run(new RandomRotationLayer({ factor: [0.25, 0.25], seed: 1 }), toTensor(img, 3));
    for (let i = 0; i < 3; i++) expectImage(imageAt(out, i), rot90);
  });

  it('a negative factor turns clockwise', () => {
    const img = grid();
    const clockwise = img.map((_, r) => img.map((row) => row[r]!).reverse()); // out[r][c] = in[H-1-c][r]
    expectImage(
      imageAt(run(new RandomRotationLayer({ factor: [-0.25, -0.25], seed: 1 }), toTensor(img)), 0),
      clockwise,
    );
  });

  it("draws each image's angle within [low, high] × 360°", () => {
    // A bright 3x3 spot 12 pixels right of the centre of a 31x31 image: its centroid's angle after rotation is the drawn angle.
    const n = 31,
      c = 15;
    const img = Array.from({ length: n }, (_, r) =>
      Array.from({ length: n }, (_, col) => (Math.abs(r - c) <= 1 && Math.abs(col - (c + 12)) <= 1 ? 1 : 0)),
    );
    const out = run(new RandomRotationLayer({ factor: [0.05, 0.1], fillMode: 'constant', seed: 9 }), toTensor(img, 12));
    const angles = Array.from({ length: 12 }, (_, i) => {
      let sx = 0,
        sy = 0,
        s = 0;
      imageAt(out, i).forEach((row, r) =>
        row.forEach((v, col) => {
          sx += v * (col - c);
          sy += v * (r - c);
          s += v;
        }),
      );
      return (Math.atan2(-sy / s, sx / s) * 180) / Math.PI; // y grows downwards: -sy is "up", so counter-clockwise is positive
    });
    for (const a of angles) {
      expect(a).toBeGreaterThan(18 - 1);
      expect(a).toBeLessThan(36 + 1);
    }
    expect(Math.max(...angles) - Math.min(...angles)).toBeGreaterThan(3); // not one angle for the whole batch
  });
});

describe('RandomZoom', () => {
  /**
   * A linear image 1·x + 10·y: after a zoom about the centre, the slopes are the zoom factors (Keras' input =
   * centre + zoom·(output - centre)).
   */
  const slopes = (layer: tf.layers.Layer) => {
    const img = Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (_, c) => c + 10 * r));
    const o = imageAt(run(layer, toTensor(img)), 0);
    return { x: o[4]![5]! - o[4]![4]!, y: (o[5]![4]! - o[4]![4]!) / 10, centre: o[4]![4]! };
  };

  it('a zoom of 0 is the identity', () => {
    const img = grid();
    expect(imageAt(run(new RandomZoomLayer({ heightFactor: 0, widthFactor: 0, seed: 2 }), toTensor(img)), 0)).toEqual(
      img,
    );
  });

  it('a positive factor zooms out (the content shrinks: each output pixel covers 1 + f input pixels), a negative one zooms in', () => {
    const out = slopes(new RandomZoomLayer({ heightFactor: [0.5, 0.5], widthFactor: [0.2, 0.2], seed: 2 }));
    expect(out.x).toBeCloseTo(1.2, 4);
    expect(out.y).toBeCloseTo(1.5, 4);
    expect(out.centre).toBeCloseTo(44, 4); // the centre stays put
    expect(
      slopes(new RandomZoomLayer({ heightFactor: [-0.5, -0.5], widthFactor: [-0.5, -0.5], seed: 2 })).x,
    ).toBeCloseTo(0.5, 4);
  });

  it("width_factor None zooms the width by the height's own draw (aspect ratio kept); a given width_factor draws its own", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const kept = slopes(new RandomZoomLayer({ heightFactor: [0.1, 0.6], widthFactor: null, seed }));
      expect(kept.x).toBeCloseTo(kept.y, 4);
      expect(kept.y).toBeGreaterThanOrEqual(1.1 - 1e-4);
      expect(kept.y).toBeLessThanOrEqual(1.6 + 1e-4);
    }
    const own = slopes(new RandomZoomLayer({ heightFactor: [0.4, 0.4], widthFactor: [0, 0], seed: 3 }));
    expect([own.x, own.y].map((v) => +v.toFixed(4))).toEqual([1, 1.4]);
  });
});

describe('RandomTranslation', () => {
  it('shifts by factor × size pixels: positive height_factor moves the content down, positive width_factor right', () => {
    const img = grid();
    // 0.2 × 5 = 1 row down, 0.4 × 5 = 2 columns right; what comes in from outside is fill_value.
    const out = imageAt(
      run(
        new RandomTranslationLayer({
          heightFactor: [0.2, 0.2],
          widthFactor: [0.4, 0.4],
          fillMode: 'constant',
          fillValue: 99,
          seed: 1,
        }),
        toTensor(img),
      ),
      0,
    );
    const want = img.map((row, r) => row.map((_, c) => (r < 1 || c < 2 ? 99 : img[r - 1]![c - 2]!)));
    expectImage(out, want);
  });

  it('negative factors move the content up and left', () => {
    const img = grid();
    const out = imageAt(
      run(
        new RandomTranslationLayer({
          heightFactor: [-0.2, -0.2],
          widthFactor: [-0.2, -0.2],
          fillMode: 'constant',
          fillValue: -1,
          seed: 1,
        }),
        toTensor(img),
      ),
      0,
    );
    expectImage(
      out,
      img.map((row, r) => row.map((_, c) => (r > 3 || c > 3 ? -1 : img[r + 1]![c + 1]!))),
    );
  });
});

describe('fill_mode on the image edge (a 2-pixel shift right brings in 2 columns from outside)', () => {
  // One row a b c d e = 1 2 3 4 5: the output's first two pixels read input columns -2 and -1.
  const row = [[1, 2, 3, 4, 5]];
  const shifted = (fillMode: FillMode, fillValue = 0) =>
    imageAt(
      run(
        new RandomTranslationLayer({
          heightFactor: 0,
          widthFactor: [0.4, 0.4],
          fillMode,
          fillValue,
          interpolation: 'nearest',
          seed: 1,
        }),
        toTensor(row),
      ),
      0,
    )[0];
  it.each([
    ['reflect', 0, [2, 1, 1, 2, 3]], // (d c b a | a b c d): column -1 is a, -2 is b
    ['wrap', 0, [4, 5, 1, 2, 3]], // (a b c d | a b c d): column -1 is e, -2 is d
    ['constant', 7, [7, 7, 1, 2, 3]], // (k k k k | a b c d) with k = fill_value
    ['nearest', 0, [1, 1, 1, 2, 3]], // (a a a a | a b c d)
  ] as const)('%s', (mode, value, want) => {
    expect(shifted(mode, value)).toEqual(want);
  });
});

describe('interpolation', () => {
  it('nearest copies input pixels; bilinear blends neighbours (a half-pixel shift)', () => {
    const row = [[0, 10, 20, 30, 40]];
    const half = (interpolation: 'nearest' | 'bilinear') =>
      imageAt(
        run(
          new RandomTranslationLayer({
            heightFactor: 0,
            widthFactor: [0.1, 0.1],
            interpolation,
            fillMode: 'nearest',
            seed: 1,
          }),
          toTensor(row),
        ),
        0,
      )[0]!;
    const nearest = half('nearest');
    nearest.forEach((v) => expect(row[0]).toContain(v));
    expect(half('bilinear').map((v) => +v.toFixed(4))).toEqual([0, 5, 15, 25, 35]);
  });
});

describe('RandomContrast and RandomBrightness', () => {
  const photo = () => tf.tidy(() => tf.randomUniform([8, 6, 6, 3], 0, 255, 'float32', 3).round() as tf.Tensor4D);

  it('contrast: per image (x - mean)·c + mean, mean per channel, c in [1 - lower, 1 + upper], clipped to value_range', () => {
    const x = tf.tidy(() => tf.add(tf.mul(photo(), 0.2), 100)); // 100-151: no clipping, so c can be measured
    const out = run(new RandomContrastLayer({ factor: [0.1, 0.3], seed: 5 }), x);
    const mean = (t: tf.Tensor) => tf.mean(t, [1, 2], true);
    expect(tf.max(tf.abs(tf.sub(mean(out), mean(x)))).dataSync()[0]).toBeLessThan(1e-3); // the means stay
    const c = tf
      .div(tf.sum(tf.abs(tf.sub(out, mean(out))), [1, 2, 3]), tf.sum(tf.abs(tf.sub(x, mean(x))), [1, 2, 3]))
      .dataSync();
    for (const v of c) {
      expect(v).toBeGreaterThanOrEqual(0.9 - 1e-4);
      expect(v).toBeLessThanOrEqual(1.3 + 1e-4);
    }
    const strong = run(new RandomContrastLayer({ factor: 1, valueRange: [0, 255], seed: 5 }), photo());
    expect(tf.min(strong).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(strong).dataSync()[0]).toBeLessThanOrEqual(255);
  });

  it('brightness: adds uniform(lower, upper) × (value_range span) to the whole image, clipped to value_range', () => {
    const flat = tf.fill([6, 4, 4, 1], 100) as tf.Tensor4D;
    const out = run(new RandomBrightnessLayer({ factor: [0.1, 0.2], valueRange: [0, 255], seed: 2 }), flat);
    for (let i = 0; i < 6; i++) {
      const values = imageAt(out, i).flat();
      expect(new Set(values.map((v) => v.toFixed(3))).size).toBe(1); // one delta per image
      expect(values[0]! - 100).toBeGreaterThanOrEqual(25.5 - 1e-3);
      expect(values[0]! - 100).toBeLessThanOrEqual(51 + 1e-3);
    }
    const unit = run(new RandomBrightnessLayer({ factor: 0.9, valueRange: [0, 1], seed: 2 }), tf.div(photo(), 255));
    expect(tf.min(unit).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(unit).dataSync()[0]).toBeLessThanOrEqual(1);
    expect(tf.max(unit).dataSync()[0]).toBe(1); // some image got brighter than 1 and was clipped
  });
});

describe('every augmentation layer', () => {
  const augmentations = LAYER_TYPES.filter(isAugmentation).map((t) => defaultLayer(t));
  const strong: Record<string, Partial<LayerConfig>> = { RandomFlip: { mode: 'horizontal_and_vertical' } };
  const build = (l: LayerConfig, seed: number) =>
    augmentationLayer({ ...l, ...strong[l.type] } as LayerConfig, { name: 'aug' }, seed)!;
  const batch = () => tf.tidy(() => tf.randomUniform([6, 8, 8, 3], 0, 255, 'float32', 11).round());

  it('are the six Keras layers', () => {
    expect(augmentations.map((l) => l.type)).toEqual([
      'RandomFlip',
      'RandomRotation',
      'RandomZoom',
      'RandomTranslation',
      'RandomContrast',
      'RandomBrightness',
    ]);
  });

  it.each(augmentations.map((l) => [l.type, l]))(
    '%s: passes images through unchanged at inference, changes them in training, keeps the shape and leaks nothing',
    (_, l) => {
      const x = batch();
      const before = tf.memory().numTensors;
      const layer = build(l as LayerConfig, 3);
      const inference = run(layer, x, false);
      const training = run(layer, x, true);
      expect(tf.memory().numTensors).toBe(before + 2);
      expect(Array.from(inference.dataSync())).toEqual(Array.from(x.dataSync()));
      expect(training.shape).toEqual(x.shape);
      expect(Array.from(training.dataSync())).not.toEqual(Array.from(x.dataSync()));
      tf.dispose([x, inference, training]);
    },
  );

  it.each(augmentations.map((l) => [l.type, l]))(
    '%s: the same seed gives the same batch, another seed another',
    (_, l) => {
      const x = batch();
      const [a, b, c] = [
        run(build(l as LayerConfig, 7), x),
        run(build(l as LayerConfig, 7), x),
        run(build(l as LayerConfig, 8), x),
      ];
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
      tf.dispose([x, a, b, c]);
    },
  );

  it.each(augmentations.map((l) => [l.type, l]))('%s: a new draw at every batch', (_, l) => {
    const x = batch();
    const layer = build(l as LayerConfig, 7);
    const [a, b] = [run(layer, x), run(layer, x)];
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });

  it("save under Keras' class and argument names (model.json) and come back from it drawing the same augmentations", async () => {
    const layers = augmentations.map((l) => ({ ...l, ...strong[l.type] }) as LayerConfig);
    const model = tf.sequential({
      layers: layers.map((l, i) =>
        augmentationLayer(l, { name: `aug_${i}`, ...(i === 0 ? { inputShape: [8, 8, 3] } : {}) }, 5)!,
      ),
    });
    const json = model.toJSON(null, false) as unknown as {
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
    };
    const saved = json.config.layers.map((l) => [
      l.class_name,
      Object.keys(l.config)
        .filter((k) => !['name', 'trainable', 'dtype', 'batch_input_shape'].includes(k))
        .sort(),
    ]);
    expect(saved).toEqual([
      ['RandomFlip', ['mode', 'seed']],
      ['RandomRotation', ['factor', 'fill_mode', 'fill_value', 'interpolation', 'seed']],
      ['RandomZoom', ['fill_mode', 'fill_value', 'height_factor', 'interpolation', 'seed', 'width_factor']],
      ['RandomTranslation', ['fill_mode', 'fill_value', 'height_factor', 'interpolation', 'seed', 'width_factor']],
      ['RandomContrast', ['factor', 'seed', 'value_range']],
      ['RandomBrightness', ['factor', 'seed', 'value_range']],
    ]);
    expect(json.config.layers[0]!.config).toMatchObject({ mode: 'horizontal_and_vertical' });
    expect(json.config.layers[2]!.config).toMatchObject({
      height_factor: 0.2,
      width_factor: null,
      fill_mode: 'reflect',
      interpolation: 'bilinear',
      fill_value: 0,
    });
    expect(json.config.layers[5]!.config).toMatchObject({ factor: 0.2, value_range: [0, 255] });
    const back = await tf.models.modelFromJSON({ modelTopology: json } as unknown as tf.io.ModelJSON);
    expect(back.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
    // The reloaded layers draw the same augmentations (same seed, same arguments).
    const x = batch();
    const [a, b] = [model.apply(x, { training: true }) as tf.Tensor, back.apply(x, { training: true }) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    back.dispose();
  });
});
