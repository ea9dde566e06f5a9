// Identity (what tf.clone and the gradient tape's "save for backward" run)
// without a copy: the output shares the input's buffer, with a reference
// count, as tfjs' CPU backend and tfjs-wasm's own Reshape already do.
// Tensors are immutable (every kernel here and in tfjs-wasm writes only new
// outputs; variables get new buffers on assign), so sharing is safe.
// tfjs-wasm's Identity copies: the tape clones ~40 tensors per MNIST training
// step (every saved input and output), ~0.9 ms of a 22 ms step on one thread.
import { Identity, type IdentityInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { gradientRoutes } from './routes';
import type { WasmBackend } from './wasm-internals';

type IdentityArgs = { inputs: IdentityInputs; backend: WasmBackend };
let fallback: ((args: IdentityArgs) => TensorInfo) | null = null;
export function setIdentityFallback(kernel: ((args: IdentityArgs) => TensorInfo) | null): void {
  fallback = kernel;
}

export function identityWasm(args: IdentityArgs): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string' || gradientRoutes.identity === 'copy') {
    if (!fallback) throw new Error("Identity: the WASM backend's own Identity kernel is missing.");
    return fallback(args);
  }
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityWasmConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelFunc,
};
