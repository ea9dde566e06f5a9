// A frozen Keras base's inference forward pass with each BatchNormalization folded into the convolution before
// it and the ReLU (capped at 6 or not) after it fused in: one kernel per convolution instead of three, and two
// fewer passes over every activation. What fast feature extraction runs once over every image. MobileNetV2 1.0
// at 160x160 was bound by those passes: as layers (convolution, BatchNormalization, ReLU6 one kernel each)
// 27.9 images/s against PyTorch's 83.0 on the same 2 idle cores (npm run bench -- transfer). Folding is exact
// in arithmetic: w' = w * gamma / sqrt(var + eps), b' = beta + (b - mean) * gamma / sqrt(var + eps); the
// rounding differs in the last bits (keras-forward.wasm.test.ts holds it to Keras' features within 1e-4).
import * as tf from '@tensorflow/tfjs';
import { baseLayers } from '../../../model/bases/spec';
import { baseRef } from '../../../model/bases/summary';
import { BN_EPSILON, type BaseLayer } from '../../../model/bases/types';
import type { KerasBaseLayer } from '../../../model/layers';

type Activation = 'linear' | 'relu' | 'relu6';

type Step =
  | { kind: 'layer'; name: string; input: string; layer: tf.layers.Layer }
  | { kind: 'pad'; name: string; input: string; padding: [[number, number], [number, number]] }
  | { kind: 'pool'; name: string; input: string; pool: number; strides: number }
  | { kind: 'add'; name: string; inputs: [string, string] }
  | {
      kind: 'conv' | 'depthwise';
      name: string;
      input: string;
      filter: tf.Tensor4D;
      bias: tf.Tensor1D | undefined;
      strides: number;
      padding: 'same' | 'valid';
      activation: Activation;
    };

export interface FoldedBase {
  /** The base's output for a batch of 0-255 images (preprocess_input included); the caller disposes it. */
  apply(x: tf.Tensor4D): tf.Tensor4D;
  /** Frees the folded filters and biases. */
  dispose(): void;
}

const activationOf = (maxValue: number | undefined): Activation =>
  maxValue === undefined ? 'relu' : maxValue === 6 ? 'relu6' : 'linear';

/**
 * The folded pass of `model` (a base built by buildBase for `layer`, frozen, with its weights), or null when
 * some layer is not as Keras builds its bases (the caller then runs the layers as they are).
 */
export function foldBase(model: tf.LayersModel, layer: KerasBaseLayer): FoldedBase | null {
  const [, height, width] = model.inputs[0]!.shape as number[];
  const spec = baseLayers(baseRef(layer), height!, width!);
  const consumers = new Map<string, number>();
  for (const s of spec) for (const i of s.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const next = (s: BaseLayer): BaseLayer | undefined =>
    consumers.get(s.name) === 1 ? spec.find((t) => t.inputs.length === 1 && t.inputs[0] === s.name) : undefined;
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => (made.push(t), t);
  const steps: Step[] = [];
  // The input's successor is preprocess_input, the model's layer 1 (no weights): it runs as it is.
  steps.push({ kind: 'layer', name: spec[0]!.name, input: '', layer: model.layers[1]! });
  try {
    for (let i = 1; i < spec.length; i++) {
      const s = spec[i]!;
      const input = s.inputs[0]!;
      const op = s.op;
      if (op.kind === 'Conv2D' || op.kind === 'DepthwiseConv2D') {
        const weights = model.getLayer(s.name).getWeights();
        let filter = weights[0] as tf.Tensor4D;
        let bias = op.kind === 'Conv2D' && op.useBias ? (weights[1] as tf.Tensor1D) : undefined;
        let out = s;
        let activation: Activation = op.kind === 'Conv2D' ? op.activation : 'linear';
        const bn = next(s);
        if (bn?.op.kind === 'BatchNormalization' && activation === 'linear') {
          const [gamma, beta, mean, variance] = model.getLayer(bn.name).getWeights() as tf.Tensor1D[];
          const scale = tf.tidy(() => gamma!.div(variance!.add(BN_EPSILON).sqrt())) as tf.Tensor1D;
          const f = filter;
          filter = tf.tidy(() =>
            op.kind === 'Conv2D' ? f.mul(scale) : f.mul(scale.reshape([1, 1, -1, 1])),
          ) as tf.Tensor4D;
          const b = bias;
          bias = tf.tidy(() => beta!.add((b ?? tf.zerosLike(mean!)).sub(mean!).mul(scale))) as tf.Tensor1D;
          scale.dispose();
          keep(filter);
          keep(bias);
          out = bn;
          const relu = next(bn);
          if (relu?.op.kind === 'ReLU') {
            activation = activationOf(relu.op.maxValue);
            if (activation === 'linear') return null;
            out = relu;
          }
        } else if (bn?.op.kind === 'BatchNormalization') {
          return null;
        }
        const padding = op.padding;
        if (padding !== 'same' && padding !== 'valid') return null;
        const kind = op.kind === 'Conv2D' ? 'conv' : 'depthwise';
        steps.push({ kind, name: out.name, input, filter, bias, strides: op.strides, padding, activation });
        i = spec.indexOf(out);
      } else if (op.kind === 'ZeroPadding2D') {
        steps.push({ kind: 'pad', name: s.name, input, padding: op.padding });
      } else if (op.kind === 'MaxPooling2D') {
        steps.push({ kind: 'pool', name: s.name, input, pool: op.pool, strides: op.strides });
      } else if (op.kind === 'Add') {
        steps.push({ kind: 'add', name: s.name, inputs: [s.inputs[0]!, s.inputs[1]!] });
      } else {
        return null;
      }
    }
  } catch (e) {
    made.forEach((t) => t.dispose());
    throw e;
  }
  if (steps.at(-1)!.name !== spec.at(-1)!.name) {
    made.forEach((t) => t.dispose());
    return null;
  }
  // Each activation is freed once its last reader has run, as tfjs-layers' predict does: the pass holds about
  // two layers' outputs at a time (train-work.ts extractBytes counts that), not all of them.
  const inputsOf = (st: Step): string[] => (st.kind === 'layer' ? [] : st.kind === 'add' ? st.inputs : [st.input]);
  const lastUse = new Map<string, number>();
  steps.forEach((st, i) => inputsOf(st).forEach((n) => lastUse.set(n, i)));
  return {
    apply: (x) =>
      tf.tidy(() => {
        const out = new Map<string, tf.Tensor4D>();
        const get = (n: string) => out.get(n)!;
        for (const [i, st] of steps.entries()) {
          if (st.kind === 'layer') out.set(st.name, st.layer.apply(x, { training: false }) as tf.Tensor4D);
          else if (st.kind === 'pad') out.set(st.name, tf.pad(get(st.input), [[0, 0], ...st.padding, [0, 0]]));
          else if (st.kind === 'pool') out.set(st.name, tf.maxPool(get(st.input), st.pool, st.strides, 'valid'));
          else if (st.kind === 'add') out.set(st.name, tf.add(get(st.inputs[0]), get(st.inputs[1])));
          else {
            const args = { x: get(st.input), filter: st.filter, strides: st.strides, pad: st.padding, bias: st.bias };
            const y = { ...args, activation: st.activation };
            out.set(st.name, st.kind === 'conv' ? tf.fused.conv2d(y) : tf.fused.depthwiseConv2d(y));
          }
          for (const n of inputsOf(st))
            if (lastUse.get(n) === i) {
              out.get(n)!.dispose();
              out.delete(n);
            }
        }
        return get(spec.at(-1)!.name);
      }),
    dispose: () => made.forEach((t) => t.dispose()),
  };
}
