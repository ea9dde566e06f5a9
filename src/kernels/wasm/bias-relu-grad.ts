// The backward pass of y = relu(z + bias) before the convolution gradients:
// dz = dy where y > 0 (else 0) and dBias = dz summed over every axis but the
// last, in one pass over dy and y. tfjs does this as Step, Cast, Multiply and
// Sum: four calls and four passes over the activation.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { util } from '@tensorflow/tfjs';
import { nativeKernelsOf } from './native';
import { nativeSumRows } from './native-routes';
import { runSplit } from './kernel-threads-pool';
import { gradientRoutes } from './routes';
import { dispose, heapOffset, type WasmBackend } from './wasm-internals';

export const BIAS_RELU_GRAD = 'LabBiasReluGrad';

/**
 * At most this many blocks of rows, each summed into its own row of a partial
 * [blocks, width] matrix that sum_rows then adds up: contiguous reads for every
 * thread, and enough blocks to share between threads.
 */
const MAX_BLOCKS = 64;

function biasReluGradWasm(args: { inputs: Record<'dy' | 'y', TensorInfo>; backend: WasmBackend }): TensorInfo[] {
  const {
    inputs: { dy, y },
    backend,
  } = args;
  const width = dy.shape[dy.shape.length - 1]!;
  const rows = util.sizeFromShape(dy.shape) / width;
  const dz = backend.makeOutput(dy.shape, 'float32');
  const db = backend.makeOutput([width], 'float32');
  const native = nativeKernelsOf(backend);
  if (native && gradientRoutes.biasRelu === 'auto') {
    const block = Math.max(1, Math.ceil(rows / MAX_BLOCKS));
    const blocks = Math.ceil(rows / block);
    const partial = backend.makeOutput([blocks, width], 'float32');
    runSplit(
      native,
      'bias_relu_grad',
      [
        heapOffset(backend, dy),
        heapOffset(backend, y),
        heapOffset(backend, dz),
        heapOffset(backend, partial),
        rows,
        width,
        block,
        1,
      ],
      blocks,
    );
    nativeSumRows(native, backend, partial, db, blocks, width);
    dispose(backend, partial);
    return [dz, db];
  }
  const g = backend.typedArrayFromHeap(dy);
  const v = backend.typedArrayFromHeap(y);
  const d = backend.typedArrayFromHeap(dz);
  const acc = new Float64Array(width);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < width; c++, i++) {
      const m = v[i]! > 0 ? g[i]! : 0;
      d[i] = m;
      acc[c]! += m;
    }
  }
  backend.typedArrayFromHeap(db).set(acc);
  return [dz, db];
}

export const biasReluGradWasmConfig: KernelConfig = {
  kernelName: BIAS_RELU_GRAD,
  backendName: 'wasm',
  kernelFunc: biasReluGradWasm as unknown as KernelFunc,
};
