// Keras 3's RandomRotation, RandomZoom and RandomTranslation. Each builds one
// affine matrix per image exactly as Keras does and hands the batch to
// tf.image.transform, tfjs' port of TensorFlow's ImageProjectiveTransformV3
// (the op Keras' TensorFlow backend calls): a row [a0 a1 a2 b0 b1 b2 0 0]
// maps each output pixel (x, y) to the input point
// (a0·x + a1·y + a2, b0·x + b1·y + b2), read with `interpolation`, and
// `fill_mode` / `fill_value` decide what lies outside the image.
import * as tf from '@tensorflow/tfjs';
import { factorRange, type Factor, type FillMode, type Interpolation } from '../../model/layers';
import { TrainingOnlyLayer, factorConfig, uniform, type AugmentBaseArgs } from './augmentBase';

/** Keras' transform arguments and defaults (camelCase here, as tfjs configs are; model.json writes fill_mode, fill_value). */
interface TransformArgs {
  fillMode?: FillMode;
  interpolation?: Interpolation;
  fillValue?: number;
}

/**
 * tf.image.transform on a batch. tfjs-backend-cpu 4.22's Transform kernel
 * returns after the first image of a batch (its `return` sits inside the batch
 * loop), leaving every other image at fill_value; there, each image goes
 * through on its own. WebGL, WebGPU and WASM transform the whole batch at once.
 */
export function affineTransform(x: tf.Tensor4D, rows: number[][], interpolation: Interpolation, fillMode: FillMode, fillValue: number): tf.Tensor4D {
  const n = x.shape[0];
  if (tf.getBackend() === 'cpu' && n > 1) {
    const images = tf.split(x, n, 0) as tf.Tensor4D[];
    return tf.concat(images.map((image, i) => tf.image.transform(image, tf.tensor2d([rows[i]!], [1, 8]), interpolation, fillMode, fillValue)), 0);
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
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
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
    const zx = wf === null ? zy : ((r) => Array.from({ length: n }, () => 1 + uniform(this.rand, r[0], r[1])))(factorRange(wf));
    return zy.map((y, i) => {
      const x = zx[i]!;
      return [x, 0, ((w - 1) / 2) * (1 - x), 0, y, ((h - 1) / 2) * (1 - y), 0, 0];
    });
  }
  override getConfig() {
    return { ...super.getConfig(), heightFactor: factorConfig(this.heightFactor), widthFactor: factorConfig(this.widthFactor) };
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
    return { ...super.getConfig(), heightFactor: factorConfig(this.heightFactor), widthFactor: factorConfig(this.widthFactor) };
  }
}
