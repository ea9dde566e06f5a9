// Keras' RandomFlip / RandomRotation / RandomZoom as tfjs layers: they change
// images only when called with { training: true } and pass them through at
// inference, exactly like the Keras preprocessing layers. Worker side only.
import * as tf from '@tensorflow/tfjs';
import type { FlipMode } from '../../model/layers';
import { mulberry32 } from '../../data/random';

type Kwargs = Record<string, unknown>;
type Random = () => number;
const uniform = (rand: Random, lo: number, hi: number) => lo + (hi - lo) * rand();

abstract class TrainingOnlyLayer extends tf.layers.Layer {
  protected rand: Random;
  constructor(config: { name?: string; inputShape?: number[]; seed?: number }) {
    super({ name: config.name, inputShape: config.inputShape });
    this.rand = mulberry32(config.seed ?? 1);
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]) {
    return shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true) return x.clone();
    return tf.tidy(() => this.augment(x as tf.Tensor4D));
  }
  protected abstract augment(x: tf.Tensor4D): tf.Tensor4D;
}

export class RandomFlipLayer extends TrainingOnlyLayer {
  static className = 'RandomFlip';
  private mode: FlipMode;
  constructor(config: { mode: FlipMode; name?: string; inputShape?: number[]; seed?: number }) {
    super(config);
    this.mode = config.mode;
  }
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const n = x.shape[0];
    let out = x;
    const flipAxis = (axis: 1 | 2) => {
      const mask = tf.tensor1d(Array.from({ length: n }, () => (this.rand() < 0.5 ? 1 : 0)), 'bool').reshape([n, 1, 1, 1]);
      out = tf.where(tf.broadcastTo(mask, out.shape), tf.reverse(out, axis), out);
    };
    if (this.mode !== 'vertical') flipAxis(2);
    if (this.mode !== 'horizontal') flipAxis(1);
    return out;
  }
  override getConfig() {
    return { ...super.getConfig(), mode: this.mode };
  }
}

/** One projective transform per image: out(x, y) samples in(center + Z·R·((x, y) − center)). */
function rotateZoom(x: tf.Tensor4D, angles: number[], zoomH: number[], zoomW: number[]): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.cos(angles[i]!);
    const s = Math.sin(angles[i]!);
    const zx = zoomW[i]!;
    const zy = zoomH[i]!;
    const a0 = zx * c, a1 = -zx * s, b0 = zy * s, b1 = zy * c;
    rows.push([a0, a1, cx - a0 * cx - a1 * cy, b0, b1, cy - b0 * cx - b1 * cy, 0, 0]);
  }
  return tf.image.transform(x, tf.tensor2d(rows, [n, 8]), 'bilinear', 'reflect');
}

export class RandomRotationLayer extends TrainingOnlyLayer {
  static className = 'RandomRotation';
  private factor: number;
  constructor(config: { factor: number; name?: string; inputShape?: number[]; seed?: number }) {
    super(config);
    this.factor = config.factor;
  }
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const n = x.shape[0];
    const max = this.factor * 2 * Math.PI; // Keras: a fraction of a full turn
    const angles = Array.from({ length: n }, () => uniform(this.rand, -max, max));
    const ones = new Array<number>(n).fill(1);
    return rotateZoom(x, angles, ones, ones);
  }
  override getConfig() {
    return { ...super.getConfig(), factor: this.factor };
  }
}

export class RandomZoomLayer extends TrainingOnlyLayer {
  static className = 'RandomZoom';
  private heightFactor: number;
  private widthFactor: number;
  constructor(config: { heightFactor: number; widthFactor: number; name?: string; inputShape?: number[]; seed?: number }) {
    super(config);
    this.heightFactor = config.heightFactor;
    this.widthFactor = config.widthFactor;
  }
  protected augment(x: tf.Tensor4D): tf.Tensor4D {
    const n = x.shape[0];
    // Keras: a zoom factor f samples a window 1 ± f as large (positive f zooms out).
    const zoomH = Array.from({ length: n }, () => 1 + uniform(this.rand, -this.heightFactor, this.heightFactor));
    const zoomW = Array.from({ length: n }, () => 1 + uniform(this.rand, -this.widthFactor, this.widthFactor));
    return rotateZoom(x, new Array<number>(n).fill(0), zoomH, zoomW);
  }
  override getConfig() {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}

tf.serialization.registerClass(RandomFlipLayer);
tf.serialization.registerClass(RandomRotationLayer);
tf.serialization.registerClass(RandomZoomLayer);
