// Which tfjs backend the worker trains on. Every candidate must pass the
// one-step self-test; `auto` then measures short trials on the student's own
// model and batch size and lets chooseBackend decide.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from './choose-backend';
import { selfTest } from './selftest';
import { BACKEND_LABEL } from '../model/training';
import type { BackendChoice, BackendInfo, BackendName, BackendTrial } from './protocol';

interface Started {
  adapter: string | null;
  isFallbackAdapter?: boolean;
}

// The few WebGPU types we read (the DOM lib in use has none).
interface GpuAdapterInfo { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean }
interface GpuAdapter { info?: GpuAdapterInfo; isFallbackAdapter?: boolean }
interface GpuLike { requestAdapter(): Promise<GpuAdapter | null> }

async function describeWebGpu(): Promise<Started> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) throw new Error('this browser has no WebGPU');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter (no usable GPU, or WebGPU is switched off)');
  const info = adapter.info ?? {};
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const name = [info.vendor, info.description || info.architecture || info.device].filter(Boolean).join(' ') || 'GPU';
  const software = fallback || /swiftshader/i.test(name);
  return { adapter: software ? `${name} (software, no real GPU)` : name, isFallbackAdapter: software };
}

function describeWebGl(): Started {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    // RENDERER is masked ("WebKit WebGL"); the debug extension names the real GPU.
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl ? String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null;
    if (!renderer) return { adapter: null };
    return { adapter: /swiftshader|llvmpipe|software/i.test(renderer) ? `${renderer} (software)` : renderer };
  } catch {
    return { adapter: null };
  }
}

/** Makes `name` the active backend, or throws saying why it cannot be. */
export async function startBackend(name: BackendName): Promise<Started> {
  let started: Started = { adapter: null };
  if (name === 'webgpu') {
    started = await describeWebGpu();
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const { setupWasmBackend } = await import('../kernels/wasm/index');
    const info = await setupWasmBackend();
    // Without COOP/COEP headers there is no SharedArrayBuffer, so no threads: say why.
    const threads = info.isolated
      ? `${info.threads} thread${info.threads === 1 ? '' : 's'} on ${info.cores} core${info.cores === 1 ? '' : 's'}`
      : '1 thread (page not cross-origin isolated)';
    const kernels = info.nativeKernels ? ', lab SIMD gradients' : info.simd ? '' : ' (no SIMD: slower gradients)';
    started = { adapter: `${threads}${info.simd ? ', SIMD' : ''}${kernels}` };
  }
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) throw new Error(`${BACKEND_LABEL[name]} could not start in this browser`);
  await tf.ready();
  if (name === 'webgl') started = describeWebGl();
  return started;
}

/** Starts a backend and runs the self-test on it. */
export async function startTrusted(name: BackendName): Promise<Started> {
  const started = await startBackend(name);
  try {
    await selfTest();
  } catch (e) {
    throw new Error(`${BACKEND_LABEL[name]} failed its self-test: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return started;
}

/** Runs a few training steps of the student's model on the active backend; milliseconds per step. */
export type TrialRunner = () => Promise<number>;

export interface Activation {
  info: BackendInfo;
  /** Where WebGPU's device can be watched for loss (null elsewhere). */
  device: { lost: Promise<{ message: string }> } | null;
}

function webGpuDevice(): Activation['device'] {
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message: string }> } }).device;
  return device?.lost ? { lost: device.lost } : null;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Activates the chosen backend. A forced one that fails throws. `auto` tries
 * WebGPU, WebGL, WASM (each self-tested and measured with `trial`), and the
 * CPU only when none of them works.
 */
export async function activateBackend(choice: BackendChoice, batchSize: number, trial: TrialRunner, onStatus: (message: string) => void): Promise<Activation> {
  if (choice !== 'auto') {
    onStatus(`Starting ${BACKEND_LABEL[choice]}…`);
    const started = await startTrusted(choice);
    return { info: { name: choice, adapter: started.adapter, reason: 'Chosen in the settings.', trials: [] }, device: choice === 'webgpu' ? webGpuDevice() : null };
  }
  const trials: BackendTrial[] = [];
  const adapters = new Map<BackendName, string | null>();
  const candidates: BackendName[] = ['webgpu', 'webgl', 'wasm'];
  for (const [i, name] of candidates.entries()) {
    onStatus(`Trying ${BACKEND_LABEL[name]} on your model (${i + 1} of ${candidates.length})…`);
    try {
      const started = await startTrusted(name);
      adapters.set(name, started.adapter);
      trials.push({ backend: name, ok: true, msPerStep: await trial(), isFallbackAdapter: started.isFallbackAdapter });
    } catch (e) {
      trials.push({ backend: name, ok: false, msPerStep: null, error: errorText(e) });
    }
  }
  const decision = chooseBackend(trials, batchSize);
  onStatus(`Starting ${BACKEND_LABEL[decision.backend]}…`);
  const started = await startTrusted(decision.backend);
  return {
    info: { name: decision.backend, adapter: started.adapter ?? adapters.get(decision.backend) ?? null, reason: decision.reason, trials },
    device: decision.backend === 'webgpu' ? webGpuDevice() : null,
  };
}
