// The arithmetic of a model, counted from its summary: floating-point operations per image, as the lab's
// estimates of time need them. Pure. A multiply and an add count as two operations (as PyTorch's and
// the textbook's GFLOP figures do).
import type { Architecture } from './layers';
import { inferSummary } from './infer';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Layers whose work is one operation or so per value (activations, rescaling, augmentation, dropout). */
const ELEMENTWISE: ReadonlySet<string> = new Set([
  'Rescaling',
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
  'BatchNormalization',
  'Dropout',
  'Flatten',
  'GlobalAveragePooling2D',
]);

/**
 * Forward operations for one image; null when the model does not build or holds a pretrained base, whose
 * layers the summary does not list one by one.
 */
export function forwardFlopsPerImage(arch: Architecture): number | null {
  const summary = inferSummary(arch);
  let prev: readonly number[] = summary.input;
  let flops = 0;
  for (const [i, row] of summary.rows.entries()) {
    const out = row.outputShape;
    const layer = arch.layers[i]!;
    if (!out) return null;
    if (layer.type === 'Conv2D') {
      flops += 2 * size(out) * layer.kernelSize[0] * layer.kernelSize[1] * prev[prev.length - 1]!;
    } else if (layer.type === 'Dense') {
      flops += 2 * size(out) * prev[prev.length - 1]!;
    } else if (layer.type === 'MaxPooling2D' || layer.type === 'AveragePooling2D') {
      flops += size(out) * layer.poolSize[0] * layer.poolSize[1];
    } else if (ELEMENTWISE.has(layer.type)) {
      flops += size(prev);
    } else {
      return null; // a pretrained base: its own layers are not in the summary
    }
    prev = out;
  }
  return flops;
}

/**
 * Operations to train on one image: the forward pass and the backward pass, which for a convolution or a
 * Dense layer is two products of the forward's size (the gradients of the input and of the weights).
 * The textbook's MNIST convnet: 6.2 MFLOP forward, 18.6 MFLOP a training image (bench notes: ~0.58 GFLOP a
 * batch of 32).
 */
export function trainFlopsPerImage(arch: Architecture): number | null {
  const f = forwardFlopsPerImage(arch);
  return f === null ? null : 3 * f;
}
