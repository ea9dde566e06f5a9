// Starting one tfjs backend in the worker: a cheap look at the GPUs (adapter and renderer names, no model
// built), the start itself (WASM with the lab's kernels and their threads), and the one-step self-test every
// backend passes before it is trusted. Which backend to start is backends.ts's question.
import * as tf from '@tensorflow/tfjs';
import { selfTest } from './selftest';
import { isSoftwareName, type GpuProbe } from './choose-backend';
import type { KernelThreadControl } from './kernel-threads';
import type { BackendName } from './protocol';
import { BACKEND_LABEL } from '../model/training';

export interface Started {
  adapter: string | null;
  isFallbackAdapter?: boolean;
}

// The few WebGPU types we read (the DOM lib in use has none).
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapter {
  info?: GpuAdapterInfo;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapter | null>;
}

/** The WebGPU adapter's name and whether it is software, without starting the tfjs backend. */
export async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return { backend: 'webgpu', unavailable: 'this browser has no WebGPU', name: null, software: false };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter)
    return {
      backend: 'webgpu',
      unavailable: 'no WebGPU adapter: no usable GPU, or WebGPU is switched off',
      name: null,
      software: false,
    };
  const info = adapter.info ?? {};
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const name = [info.vendor, info.description || info.architecture || info.device].filter(Boolean).join(' ') || 'GPU';
  // SwiftShader's adapter says so in its architecture/device fields even where isFallbackAdapter is missing.
  const software =
    fallback || isSoftwareName([info.vendor, info.architecture, info.device, info.description].join(' '));
  return { backend: 'webgpu', name, software };
}

/** The WebGL renderer behind a throwaway 1x1 context (tens of ms, no shaders compiled). */
export function probeWebGl(): GpuProbe {
  if (typeof OffscreenCanvas === 'undefined')
    return { backend: 'webgl', unavailable: 'no OffscreenCanvas here', name: null, software: false };
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { backend: 'webgl', unavailable: 'no WebGL context', name: null, software: false };
    const renderer = rendererName(gl);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { backend: 'webgl', name: renderer, software: isSoftwareName(renderer) };
  } catch (e) {
    return { backend: 'webgl', unavailable: e instanceof Error ? e.message : String(e), name: null, software: false };
  }
}

/** RENDERER is masked ("WebKit WebGL"); the debug extension names the real GPU. */
function rendererName(gl: WebGLRenderingContext): string {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function describeWebGpu(): Promise<Started> {
  const probe = await probeWebGpu();
  if (probe.unavailable) throw new Error(probe.unavailable);
  return {
    adapter: probe.software ? `${probe.name} (software, no real GPU)` : probe.name,
    isFallbackAdapter: probe.software,
  };
}

function describeWebGl(): Started {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    const renderer = gl ? rendererName(gl) : null;
    if (!renderer) return { adapter: null };
    return { adapter: isSoftwareName(renderer) ? `${renderer} (software)` : renderer };
  } catch {
    return { adapter: null };
  }
}

let kernelThreads: KernelThreadControl | null = null;

/** The lab's WASM kernel threads, once WASM has started with its kernel pool (null before, or without one). */
export const wasmKernelThreads = (): KernelThreadControl | null => kernelThreads;

/** Makes `name` the active backend, or throws saying why it cannot be. */
export async function startBackend(name: BackendName): Promise<Started> {
  let started: Started = { adapter: null };
  if (name === 'webgpu') {
    started = await describeWebGpu();
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const { setupWasmBackend, setWasmKernelThreads, KERNEL_SIMD_LABEL } = await import('../kernels/wasm/index');
    const info = await setupWasmBackend();
    kernelThreads =
      info.kernelThreadChoices.length > 1
        ? { choices: info.kernelThreadChoices, start: info.kernelThreads, set: setWasmKernelThreads }
        : null;
    // Without COOP/COEP headers there is no SharedArrayBuffer, so no threads: say why.
    const threads = info.isolated
      ? `XNNPACK ${info.threads} thread${info.threads === 1 ? '' : 's'} on ${info.cores} core${info.cores === 1 ? '' : 's'}`
      : '1 thread (page not cross-origin isolated)';
    const kernels = info.nativeKernels
      ? `, lab ${KERNEL_SIMD_LABEL[info.nativeKernels]} gradients`
      : info.simd
        ? ''
        : ' (no SIMD: slower gradients)';
    started = { adapter: `${threads}${info.simd ? ', SIMD' : ''}${kernels}` };
  }
  if (tf.getBackend() !== name && !(await tf.setBackend(name)))
    throw new Error(`${BACKEND_LABEL[name]} could not start in this browser`);
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
    throw new Error(`${BACKEND_LABEL[name]} failed its self-test: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  return started;
}
