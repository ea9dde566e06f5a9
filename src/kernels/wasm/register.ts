// Puts the training kernels into tfjs' registry for the 'wasm' backend,
// replacing tfjs-wasm's own where ours are faster. Safe to call repeatedly.
import {
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs';
import { biasReluGradWasmConfig } from './bias-relu-grad';
import { conv2DWasmConfig, setConv2DFallback } from './conv2d';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputWasmConfig } from './conv2d-backprop-input';
import { depthwiseGradWasmConfigs } from './depthwise-backprop';
import { conv2dBiasActGrad, conv2dBiasActWasmConfig, matMulBiasActGrad, matMulBiasActWasmConfig } from './fused';
import { identityWasmConfig, setIdentityFallback } from './identity';
import { maxPoolGradWasmConfig } from './max-pool-grad';
import { rmspropUpdateWasmConfig } from './rmsprop';
import { setSumFallback, sumWasmConfig } from './sum';
import { fusedConv2DWasmConfig, setFusedConv2DFallback } from './winograd';

const OURS = Symbol('convnet-lab wasm training kernel');
type TaggedKernelFunc = KernelFunc & { [OURS]?: true };

function isOurs(f: KernelFunc | undefined): boolean {
  return f !== undefined && (f as TaggedKernelFunc)[OURS] === true;
}

/**
 * Registers `config`, returning the kernel it replaced (undefined if none, or
 * if it was already ours) as a function that runs that kernel's setup first:
 * tfjs only sets up kernels registered when the backend starts, and ours may
 * replace them before that.
 */
function replaceKernel(config: KernelConfig): KernelFunc | undefined {
  const existing = getKernel(config.kernelName, config.backendName);
  if (existing && isOurs(existing.kernelFunc)) return undefined;
  if (existing) unregisterKernel(config.kernelName, config.backendName);
  (config.kernelFunc as TaggedKernelFunc)[OURS] = true;
  registerKernel(config);
  return existing ? withSetup(existing) : undefined;
}

function withSetup(original: KernelConfig): KernelFunc {
  const readyOn = new WeakSet<object>();
  return (args) => {
    if (!readyOn.has(args.backend)) {
      original.setupFunc?.(args.backend);
      readyOn.add(args.backend);
    }
    return original.kernelFunc(args);
  };
}

/** The kernel names this module provides for 'wasm'. */
export const WASM_TRAINING_KERNELS = [
  conv2DWasmConfig.kernelName,
  conv2DBackpropFilterWasmConfig.kernelName,
  conv2DBackpropInputWasmConfig.kernelName,
  maxPoolGradWasmConfig.kernelName,
  rmspropUpdateWasmConfig.kernelName,
  sumWasmConfig.kernelName,
  identityWasmConfig.kernelName,
  conv2dBiasActWasmConfig.kernelName,
  matMulBiasActWasmConfig.kernelName,
  biasReluGradWasmConfig.kernelName,
  fusedConv2DWasmConfig.kernelName,
  ...depthwiseGradWasmConfigs.map((c) => c.kernelName),
] as const;

export function registerWasmTrainingKernels(): void {
  replaceKernel(conv2DBackpropFilterWasmConfig);
  replaceKernel(conv2DBackpropInputWasmConfig);
  replaceKernel(maxPoolGradWasmConfig);
  replaceKernel(rmspropUpdateWasmConfig);
  const originalSum = replaceKernel(sumWasmConfig);
  if (originalSum) setSumFallback(originalSum as never);
  const originalConv2D = replaceKernel(conv2DWasmConfig);
  if (originalConv2D) setConv2DFallback(originalConv2D as never);
  const originalIdentity = replaceKernel(identityWasmConfig);
  if (originalIdentity) setIdentityFallback(originalIdentity as never);
  replaceKernel(conv2dBiasActWasmConfig);
  replaceKernel(matMulBiasActWasmConfig);
  replaceKernel(biasReluGradWasmConfig);
  const originalFusedConv2D = replaceKernel(fusedConv2DWasmConfig);
  if (originalFusedConv2D) setFusedConv2DFallback(originalFusedConv2D as never);
  for (const config of depthwiseGradWasmConfigs) replaceKernel(config);
  // Gradients are registered for every backend by name; only 'wasm' has these kernels.
  for (const grad of [conv2dBiasActGrad, matMulBiasActGrad]) if (!getGradient(grad.kernelName)) registerGradient(grad);
}
