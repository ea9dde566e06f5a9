// The training forward pass: what model.apply(x, { training: true }) computes,
// layer by layer, with each Conv2D and Dense layer run as one fused kernel
// (convolution or matrix product + bias + ReLU or linear) on the WASM backend
// (src/kernels/wasm/fused.ts). It reads the layers' own variables, so the
// optimizer, checkpoints, export and inspect see the one model; every other
// layer, and every other backend, runs as tfjs runs it.
import * as tf from '@tensorflow/tfjs';
import { conv2dBiasAct, fusedKernelsActive, matMulBiasAct, type FusedActivation } from '../../kernels/wasm/fused';

/** Off: the trainer runs model.apply as before (the bench measures both in one run). */
export const fusedTraining = { enabled: true };

type Plan =
  | { kind: 'conv'; strides: [number, number]; pad: 'valid' | 'same'; activation: FusedActivation }
  | { kind: 'dense'; activation: FusedActivation; after: ((t: tf.Tensor) => tf.Tensor) | null }
  | { kind: 'plain' };

const FUSED: readonly string[] = ['relu', 'linear'];
const plans = new WeakMap<tf.layers.Layer, Plan>();

function planFor(layer: tf.layers.Layer): Plan {
  const cfg = layer.getConfig() as Record<string, unknown>;
  const activation = String(cfg['activation'] ?? 'linear');
  const biased = cfg['useBias'] !== false && layer.weights.length === 2;
  const className = layer.getClassName();
  if (className === 'Conv2D' && biased && FUSED.includes(activation) && cfg['dataFormat'] === 'channelsLast') {
    const dilation = cfg['dilationRate'] as number | number[];
    const strides = cfg['strides'] as [number, number];
    if ((Array.isArray(dilation) ? dilation : [dilation]).every((d) => d === 1)) {
      return {
        kind: 'conv',
        strides: [strides[0], strides[1]],
        pad: cfg['padding'] as 'valid' | 'same',
        activation: activation as FusedActivation,
      };
    }
  }
  if (className === 'Dense' && biased) {
    // softmax, sigmoid...: the matrix product and bias fused, then the layer's own activation.
    const own = (layer as unknown as { activation: { apply(t: tf.Tensor): tf.Tensor } }).activation;
    if (FUSED.includes(activation)) return { kind: 'dense', activation: activation as FusedActivation, after: null };
    return { kind: 'dense', activation: 'linear', after: (t) => own.apply(t) };
  }
  return { kind: 'plain' };
}

function applyLayer(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor {
  let plan = plans.get(layer);
  if (!plan) {
    plan = planFor(layer);
    plans.set(layer, plan);
  }
  const [w, b] = layer.weights;
  if (plan.kind === 'conv' && x.rank === 4) {
    return conv2dBiasAct(x as tf.Tensor4D, w!.read() as tf.Tensor4D, b!.read() as tf.Tensor1D, {
      strides: plan.strides,
      pad: plan.pad,
      activation: plan.activation,
    });
  }
  if (plan.kind === 'dense' && x.rank === 2) {
    const z = matMulBiasAct(x as tf.Tensor2D, w!.read() as tf.Tensor2D, b!.read() as tf.Tensor1D, plan.activation);
    return plan.after ? plan.after(z) : z;
  }
  return layer.apply(x, { training: true }) as tf.Tensor;
}

/** The model's output in training mode (Dropout and augmentation active), as model.apply(x, { training: true }). */
export function trainingForward(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  if (!fusedTraining.enabled || !(model instanceof tf.Sequential) || !fusedKernelsActive()) {
    return model.apply(x, { training: true }) as tf.Tensor;
  }
  return model.layers.reduce((t, layer) => applyLayer(layer, t), x);
}
