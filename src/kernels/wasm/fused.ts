// Conv2D + bias + activation and Dense (MatMul + bias + activation) as one
// kernel each on WASM, with gradients that take the activation's mask and the
// bias gradient in one pass (bias-relu-grad.ts). tfjs' own fused ops do not
// fuse while recording gradients with an activation other than linear
// (tfjs-core ops/fused_util shouldFuse), so in training a Conv2D layer with
// ReLU is Conv2D, Add, Relu forward and Step, Cast, Multiply, Sum backward,
// each a tfjs call, a pass over the activation and a tensor saved (copied) for
// the tape. Here it is one call forward and one (plus the two convolution
// gradients) backward. Only 'relu' and 'linear' are fused; the model-side
// caller (src/worker/model/fused-forward.ts) applies anything else after.
import * as tf from '@tensorflow/tfjs';
import {
  _FusedMatMul,
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  FusedConv2D,
  getKernel,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  type NamedTensorMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { BIAS_RELU_GRAD } from './bias-relu-grad';
import { MAX_NATIVE_K } from './conv2d';
import { nativeKernelsOf } from './native';
import { convArgs } from './native-routes';
import { runSplit } from './kernel-threads-pool';
import { gradientRoutes } from './routes';
import { heapOffset, type WasmBackend } from './wasm-internals';
import { dropDisposedFilters } from './winograd';

export const CONV2D_BIAS_ACT = 'LabConv2DBiasAct';
export const MATMUL_BIAS_ACT = 'LabMatMulBiasAct';
export type FusedActivation = 'relu' | 'linear';
type Pad = 'valid' | 'same' | number;

export interface ConvBiasActAttrs {
  strides: number | [number, number];
  pad: Pad;
  activation: FusedActivation;
}

type Args<I extends string, A> = { inputs: Record<I, TensorInfo>; backend: WasmBackend; attrs: A };

function stockKernel(name: string): KernelFunc {
  const kernel = getKernel(name, 'wasm');
  if (!kernel) throw new Error(`${name}: the WASM backend's own kernel is missing.`);
  return kernel.kernelFunc;
}

/** NHWC x, HWIO filter, bias [O]; y = act(conv(x, filter) + bias). */
function conv2dBiasActWasm(args: Args<'x' | 'filter' | 'bias', ConvBiasActAttrs>): TensorInfo {
  const {
    inputs: { x, filter, bias },
    backend,
    attrs,
  } = args;
  const native = nativeKernelsOf(backend);
  const [fh, fw, ci] = filter.shape as [number, number, number, number];
  if (native && gradientRoutes.forward === 'auto' && fh * fw * ci <= MAX_NATIVE_K) {
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
    );
    const y = backend.makeOutput(info.outShape, 'float32');
    const ptrs = [
      heapOffset(backend, x),
      heapOffset(backend, filter),
      heapOffset(backend, bias),
      heapOffset(backend, y),
    ];
    runSplit(
      native,
      'conv2d_forward_bias_act',
      [...ptrs, ...convArgs(info), attrs.activation === 'relu' ? 1 : 0],
      info.batchSize,
    );
    return y;
  }
  // XNNPACK's convolution with its own bias + activation epilogue (no SIMD module, or deep layers).
  const fusedAttrs = {
    strides: attrs.strides,
    pad: attrs.pad,
    dilations: 1,
    dataFormat: 'NHWC',
    activation: attrs.activation,
  };
  return stockKernel(FusedConv2D)({ inputs: { x, filter, bias }, backend, attrs: fusedAttrs as never }) as TensorInfo;
}

/** a [N,K], b [K,U], bias [U]; y = act(a·b + bias) through tfjs-wasm's XNNPACK fully-connected kernel (rank 3 only). */
function matMulBiasActWasm(args: Args<'a' | 'b' | 'bias', { activation: FusedActivation }>): TensorInfo {
  const {
    inputs: { a, b, bias },
    backend,
    attrs,
  } = args;
  dropDisposedFilters(backend);
  const [n, k] = a.shape as [number, number];
  const u = b.shape[1]!;
  const a3 = { dataId: a.dataId, shape: [1, n, k], dtype: a.dtype };
  const b3 = { dataId: b.dataId, shape: [1, k, u], dtype: b.dtype };
  const mmAttrs = { transposeA: false, transposeB: false, activation: attrs.activation };
  const out = stockKernel(_FusedMatMul)({
    inputs: { a: a3, b: b3, bias },
    backend,
    attrs: mmAttrs as never,
  }) as TensorInfo;
  return { dataId: out.dataId, shape: [n, u], dtype: 'float32' };
}

export const conv2dBiasActWasmConfig: KernelConfig = {
  kernelName: CONV2D_BIAS_ACT,
  backendName: 'wasm',
  kernelFunc: conv2dBiasActWasm as unknown as KernelFunc,
};
export const matMulBiasActWasmConfig: KernelConfig = {
  kernelName: MATMUL_BIAS_ACT,
  backendName: 'wasm',
  kernelFunc: matMulBiasActWasm as unknown as KernelFunc,
};

const run = (kernel: string, inputs: NamedTensorMap, attrs: object = {}) =>
  tf.engine().runKernel(kernel, inputs, attrs as never);

/**
 * The gradient through act(z) and the bias: [dz, dBias]. Computed once, in the
 * backward pass' own scope (not inside one input's closure, whose tidy would
 * dispose dz before the other closures read it).
 */
function throughActivation(dy: tf.Tensor, y: tf.Tensor, activation: FusedActivation): [tf.Tensor, tf.Tensor] {
  if (activation === 'relu') return run(BIAS_RELU_GRAD, { dy, y }) as [tf.Tensor, tf.Tensor];
  return [
    dy,
    tf.sum(
      dy,
      dy.shape.slice(0, -1).map((_, i) => i),
    ),
  ];
}

export const conv2dBiasActGrad: GradConfig = {
  kernelName: CONV2D_BIAS_ACT,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, activation } = attrs as unknown as ConvBiasActAttrs;
    const [dz, db] = throughActivation(dy as tf.Tensor, y, activation);
    const conv = { strides, pad, dataFormat: 'NHWC' };
    return {
      x: () => run(Conv2DBackpropInput, { dy: dz, filter }, { ...conv, inputShape: x.shape }) as tf.Tensor,
      filter: () => run(Conv2DBackpropFilter, { x, dy: dz }, { ...conv, filterShape: filter.shape }) as tf.Tensor,
      bias: () => db,
    };
  },
};

export const matMulBiasActGrad: GradConfig = {
  kernelName: MATMUL_BIAS_ACT,
  inputsToSave: ['a', 'b'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [a, b, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [dz, db] = throughActivation(
      dy as tf.Tensor,
      y,
      (attrs as unknown as { activation: FusedActivation }).activation,
    );
    return {
      a: () => tf.matMul(dz as tf.Tensor2D, b, false, true),
      b: () => tf.matMul(a, dz as tf.Tensor2D, true, false),
      bias: () => db,
    };
  },
};

/** act(conv2d(x, filter) + bias) in one kernel (NHWC, dilation 1); WASM backend only. */
export function conv2dBiasAct(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  attrs: ConvBiasActAttrs,
): tf.Tensor4D {
  return run(CONV2D_BIAS_ACT, { x, filter, bias }, attrs) as tf.Tensor4D;
}

/** act(a·b + bias) in one kernel; WASM backend only. */
export function matMulBiasAct(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: FusedActivation,
): tf.Tensor2D {
  return run(MATMUL_BIAS_ACT, { a, b, bias }, { activation }) as tf.Tensor2D;
}

/** Whether the fused kernels can run on the active backend (WASM, registered by registerWasmTrainingKernels). */
export function fusedKernelsActive(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(CONV2D_BIAS_ACT, 'wasm') !== undefined;
}
