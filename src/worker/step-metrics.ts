// Loss and accuracy of training steps, read from the device in batches of
// steps instead of once per step. On WebGPU/WebGL every `data()` waits for the
// GPU to finish all queued work, so a read per step stalls the pipeline (the
// CPU cannot build and upload the next batch while the GPU computes). Here each
// step only keeps its two scalars on the device; `read()` packs every pending
// step into one tensor and downloads it with a single async `data()`. The
// per-step values come back exactly, so epoch sums, NaN detection and the
// batch a run blew up at are the same as with a read per step.
import * as tf from '@tensorflow/tfjs';

export interface StepValues {
  loss: number;
  correct: number;
  size: number;
}

export class PendingSteps {
  private costs: tf.Scalar[] = [];
  private corrects: tf.Scalar[] = [];
  private sizes: number[] = [];

  get length(): number {
    return this.sizes.length;
  }

  /** Takes ownership of the two scalars (they are disposed by `read` or `dispose`). */
  add(cost: tf.Scalar, correct: tf.Scalar, size: number): void {
    this.costs.push(cost);
    this.corrects.push(correct);
    this.sizes.push(size);
  }

  /** One download for all pending steps; they are forgotten (and their tensors disposed) once it is started. */
  async read(): Promise<StepValues[]> {
    const n = this.sizes.length;
    if (n === 0) return [];
    const sizes = this.sizes;
    // Counts are small integers, exact in float32, so losses and counts travel in one float tensor.
    const packed = tf.tidy(() => tf.concat([tf.stack(this.costs), tf.stack(this.corrects).toFloat()]));
    this.dispose();
    try {
      const v = await packed.data();
      return sizes.map((size, i) => ({ loss: v[i]!, correct: v[n + i]!, size }));
    } finally {
      packed.dispose();
    }
  }

  dispose(): void {
    tf.dispose([...this.costs, ...this.corrects]);
    this.costs = [];
    this.corrects = [];
    this.sizes = [];
  }
}
