// Keras 3's RandomRotation, RandomZoom and RandomTranslation. Each builds one
// affine matrix per image exactly as Keras does and hands the batch to
// tf.image.transform, tfjs' port of TensorFlow's ImageProjectiveTransformV3
// (the op Keras' TensorFlow backend calls): a row [a0 a1 a2 b0 b1 b2 0 0]
// maps each output pixel (x, y) to the input point
// (a0·x + a1·y + a2, b0·x + b1·y + b2), read with `interpolation`, and
// `fill_mode` / `fill_value` decide what lies outside the image.
import * as tf from '@tensorflow/tfjs';
import { factorRange, type Factor, type FillMode, type Interpolation } from '../../model/layers';
import { TrainingOnlyLayer, factorConfig, uniform, type AugmentBaseArgs } from './augment-base';

/** Keras' transform arguments and defaults (camelCase here, as tfjs configs are; model.json writes fill_mode, fill_value). */
interface TransformArgs {
  fillMode?: FillMode;
  interpolation?: Interpolation;
  fillValue?: number;
}

/**
 * tf.image.transform on a batch, worked around two tfjs 4.22 kernel bugs
 * (measured against TensorFlow's definition, which CPU-per-image and WebGL
 * follow exactly; augment.test.ts and augment.wasm.test.ts):
 * - tfjs-backend-cpu's Transform returns after the first image of a batch (its
 *   `return` sits inside the batch loop), leaving the others at fill_value:
 *   there, each image goes through on its own.
 * - tfjs-backend-wasm's "reflect" reads the wrong pixels left of / above the
 *   image (a 2-pixel shift of 1 2 3 4 5 gives 5 5 1 2 3, not 2 1 1 2 3): there,
 *   the batch is mirror-padded by half its size (tf.mirrorPad "symmetric" is
 *   Keras' d c b a | a b c d) and transformed with "nearest" around the pad,
 *   which is exact wherever a transform reaches at most half the size outside
 *   the image (rotations up to ±0.1 turn and zooms up to 0.5 stay well inside).
 */
export function affineTransform(
  x: tf.Tensor4D,
  rows: number[][],
  interpolation: Interpolation,
  fillMode: FillMode,
  fillValue: number,
): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const backend = tf.getBackend();
  if (backend === 'cpu' && n > 1) {
    const images = tf.split(x, n, 0) as tf.Tensor4D[];
    return tf.concat(
      images.map((image, i) =>
        tf.image.transform(image, tf.tensor2d([rows[i]!], [1, 8]), interpolation, fillMode, fillValue),
      ),
      0,
    );
  }
  if (backend === 'wasm' && fillMode === 'reflect') {
    const py = Math.ceil(h / 2);
    const px = Math.ceil(w / 2);
    const padded = tf.mirrorPad(
      x,
      [
        [0, 0],
        [py, py],
        [px, px],
        [0, 0],
      ],
      'symmetric',
    );
    // Output (x, y) still reads input (a0·x + a1·y + a2, ...); in the padded image that point sits px (py) further right (down).
    const shifted = rows.map(([a0, a1, a2, b0, b1, b2]) => [a0!, a1!, a2! + px, b0!, b1!, b2! + py, 0, 0]);
    return tf.image.transform(padded, tf.tensor2d(shifted, [n, 8]), interpolation, 'nearest', fillValue, [h, w]);
  }
  return tf.image.transform(x, tf.tensor2d(rows, [n, 8]), interpolation, fillMode, fillValue);
}

abstract class AffineLayer extends TrainingOnlyLayer {
  protected readonly fillMode: FillMode;
  protected readonly interpolation: Interpolation;
  protected readonly fillValue: number;
  constructor(config: AugmentBaseArgs & TransformArgs) {
    super(config);
    this.fillMode = config.fillMode ?? 'reflect';
    this.interpolation = config.interpolation ?? 'bilinear';
    this.fillValue = config.fillValue ?? 0;
  }
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w] = x.shape;
    return affineTransform(x, this.matrices(n, h, w), this.interpolation, this.fillMode, this.fillValue);
  }
  /** One transform row per image of the batch (drawing that image's random numbers). */
  protected abstract matrices(n: number, height: number, width: number): number[][];
  override getConfig() {
    return {
      ...super.getConfig(),
      fillMode: this.fillMode,
      interpolation: this.interpolation,
      fillValue: this.fillValue,
    };
  }
}

/**
 * Keras: angle uniform in [lower, upper] × 360° (positive turns the content
 * counter-clockwise on screen), about the centre ((w - 1) / 2, (h - 1) / 2).
 */
export class RandomRotationLayer extends AffineLayer {
  static className = 'RandomRotation';
  private readonly factor: Factor;
  constructor(config: AugmentBaseArgs & TransformArgs & { factor: Factor }) {
    super(config);
    this.factor = config.factor;
  }
  protected matrices(n: number, h: number, w: number): number[][] {
    const [lo, hi] = factorRange(this.factor);
    const cx = (w - 1) / 2;
    const cy = (h - 1) / 2;
    return Array.from({ length: n }, () => {
      const angle = uniform(this.rand, lo, hi) * 2 * Math.PI;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      return [c, -s, cx - cx * c + cy * s, s, c, cy - cx * s - cy * c, 0, 0];
    });
  }
  override getConfig() {
    return { ...super.getConfig(), factor: factorConfig(this.factor) };
  }
}

/**
 * Keras: zoom = 1 + uniform(lower, upper) per axis; the output samples a
 * window `zoom` times the image, so a positive factor zooms out (the content
 * shrinks). width_factor None reuses the height's draw (aspect kept).
 */
export class RandomZoomLayer extends AffineLayer {
  static className = 'RandomZoom';
  private readonly heightFactor: Factor;
  private readonly widthFactor: Factor | null;
  constructor(config: AugmentBaseArgs & TransformArgs & { heightFactor: Factor; widthFactor?: Factor | null }) {
    super(config);
    this.heightFactor = config.heightFactor;
    this.widthFactor = config.widthFactor ?? null;
  }
  protected matrices(n: number, h: number, w: number): number[][] {
    const [hLo, hHi] = factorRange(this.heightFactor);
    const zy = Array.from({ length: n }, () => 1 + uniform(this.rand, hLo, hHi));
    const wf = this.widthFactor;
    const zx =
      wf === null ? zy : ((r) => Array.from({ length: n }, () => 1 + uniform(this.rand, r[0], r[1])))(factorRange(wf));
    return zy.map((y, i) => {
      const x = zx[i]!;
      return [x, 0, ((w - 1) / 2) * (1 - x), 0, y, ((h - 1) / 2) * (1 - y), 0, 0];
    });
  }
  override getConfig() {
    return {
      ...super.getConfig(),
      heightFactor: factorConfig(this.heightFactor),
      widthFactor: factorConfig(this.widthFactor),
    };
  }
}

/**
 * Keras: shifts of uniform(lower, upper) × height (and × width) pixels;
 * positive moves the content down (right). The output pixel (x, y) reads the
 * input at (x - dx, y - dy).
 */
export class RandomTranslationLayer extends AffineLayer {
  static className = 'RandomTranslation';
  private readonly heightFactor: Factor;
  private readonly widthFactor: Factor;
  constructor(config: AugmentBaseArgs & TransformArgs & { heightFactor: Factor; widthFactor: Factor }) {
    super(config);
    this.heightFactor = config.heightFactor;
    this.widthFactor = config.widthFactor;
  }
  protected matrices(n: number, h: number, w: number): number[][] {
    const [hLo, hHi] = factorRange(this.heightFactor);
    const [wLo, wHi] = factorRange(this.widthFactor);
    const dy = Array.from({ length: n }, () => uniform(this.rand, hLo, hHi) * h);
    const dx = Array.from({ length: n }, () => uniform(this.rand, wLo, wHi) * w);
    return dy.map((y, i) => [1, 0, -dx[i]!, 0, 1, -y, 0, 0]);
  }
  override getConfig() {
    return {
      ...super.getConfig(),
      heightFactor: factorConfig(this.heightFactor),
      widthFactor: factorConfig(this.widthFactor),
    };
  }
}
