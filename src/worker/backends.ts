// Which tfjs backend the worker trains on. Every candidate must pass the
// one-step self-test. `auto` first looks cheaply at the GPU backends (adapter
// and renderer names, no model built), self-tests WASM, skips software GPUs
// when WASM works, times a capped trial of the student's model on what is left
// (see backend-trial.ts) and lets chooseBackend decide; the choice is
// remembered per device and model (backend-memory.ts).
import * as tf from '@tensorflow/tfjs';
import { selfTest } from './selftest';
import {
  chooseBackend,
  isSoftwareName,
  planTrials,
  TIMED_OUT,
  TRIAL_CAP_MS,
  TRIAL_STEPS,
  type GpuProbe,
} from './choose-backend';
import { runCappedTrial, type TrialFactory } from './backend-trial';
import { memoryKey, type BackendMemory } from './backend-memory';
import type { KernelThreadControl } from './kernel-threads';
import type { Architecture } from '../model/layers';
import type { BackendChoice, BackendInfo, BackendName, BackendTrial } from './protocol';

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

/** What `auto` needs from the run: the model to try, and where to remember the answer. */
export interface AutoContext {
  arch: Architecture;
  batchSize: number;
  /** Builds the student's model on the active backend (see modelTrial). */
  makeTrial: TrialFactory;
  memory: BackendMemory;
  /** Forget the remembered choice and measure again ("re-run the backend trial"). */
  fresh?: boolean;
  /** Aborted by "start on WASM now". */
  wasmNow?: AbortSignal;
}

/** The outside world of the activation, swapped for fakes in tests. */
export interface BackendEnv {
  probe(): Promise<GpuProbe[]>;
  start(name: BackendName): Promise<Started>;
  now(): number;
  capMs: number;
  steps: number;
}

export const browserEnv: BackendEnv = {
  probe: async () => [await probeWebGpu(), probeWebGl()],
  start: startTrusted,
  now: () => performance.now(),
  capMs: TRIAL_CAP_MS,
  steps: TRIAL_STEPS,
};

/** Adapter and renderer strings plus cores: a new GPU, driver or browser flag is a new device. */
export const deviceKey = (probes: readonly GpuProbe[]) =>
  probes.map((p) => `${p.backend}:${p.unavailable ? 'none' : p.name}`).join(';') +
  `;cores:${typeof navigator === 'undefined' ? '?' : navigator.hardwareConcurrency}`;

/**
 * Activates the chosen backend. A forced one that fails throws. `auto` uses a
 * remembered choice when this device and model have one, else self-tests WASM,
 * skips software GPUs when it works, times capped trials and remembers the winner.
 */
export async function activateBackend(
  choice: BackendChoice,
  auto: AutoContext,
  onStatus: (message: string) => void,
  env: BackendEnv = browserEnv,
): Promise<Activation> {
  const activation = (name: BackendName, info: Omit<BackendInfo, 'name'>): Activation => ({
    info: { name, ...info },
    device: name === 'webgpu' ? webGpuDevice() : null,
  });
  if (choice !== 'auto') {
    onStatus(`Starting ${BACKEND_LABEL[choice]}…`);
    const started = await env.start(choice);
    return activation(choice, {
      adapter: started.adapter,
      reason: 'Chosen in the settings.',
      trials: [],
      source: 'settings',
    });
  }

  // WASM starts (and self-tests) while the GPUs are probed: it is needed in every
  // case but a remembered GPU, and it waits on nothing the probes do. Every later
  // start waits for it, since its setBackend must not land after theirs.
  onStatus('Looking at the GPU backends of this device and checking WASM…');
  const w0 = env.now();
  const wasmStart = env.start('wasm').then(
    (s) => ({ ok: true as const, adapter: s.adapter, ms: env.now() - w0 }),
    (e: unknown) => ({ ok: false as const, error: errorText(e), ms: env.now() - w0 }),
  );
  const probes = await env.probe();
  const wasm = await wasmStart;
  const wasmWorks = wasm.ok;
  /** The backend active and self-tested right now (tf.getBackend()). */
  let current: BackendName | null = wasm.ok ? 'wasm' : null;
  const key = memoryKey(deviceKey(probes), auto.arch, auto.batchSize);
  if (auto.fresh) await auto.memory.forget(key);
  else {
    const remembered = await auto.memory.get(key);
    if (remembered) {
      onStatus(`Starting ${BACKEND_LABEL[remembered.backend]} (remembered from an earlier trial on this device)…`);
      try {
        const adapter =
          remembered.backend === current && wasm.ok ? wasm.adapter : (await env.start(remembered.backend)).adapter;
        return activation(remembered.backend, {
          adapter,
          reason: remembered.reason,
          trials: remembered.trials,
          source: 'remembered',
          decidedAt: remembered.decidedAt,
        });
      } catch {
        current = null;
        await auto.memory.forget(key); // it no longer starts here: measure again
      }
    }
  }

  const adapters = new Map<BackendName, string | null>();
  const trials: BackendTrial[] = [];
  if (wasm.ok) adapters.set('wasm', wasm.adapter);
  else trials.push({ backend: 'wasm', ok: false, msPerStep: null, error: wasm.error, ms: wasm.ms });
  const plan = planTrials(probes, wasmWorks);
  trials.push(...plan.skipped);
  const wasmNow = () => wasmWorks && auto.wasmNow?.aborted === true;

  let untimed: BackendName | null = null;
  if (plan.toTry.length === 1 && !wasmNow()) {
    // One candidate left: it only has to start; timing it would only delay the first batch.
    const only = plan.toTry[0]!;
    const t0 = env.now();
    try {
      if (only !== current) {
        current = null;
        adapters.set(only, (await env.start(only)).adapter);
        current = only;
      }
      untimed = only;
    } catch (e) {
      trials.push({ backend: only, ok: false, msPerStep: null, error: errorText(e), ms: env.now() - t0 });
    }
  } else if (plan.toTry.length > 1) {
    for (const [i, name] of plan.toTry.entries()) {
      if (wasmNow()) {
        trials.push({
          backend: name,
          ok: false,
          msPerStep: null,
          skipped: 'not tried: you chose to start on WASM now',
        });
        continue;
      }
      onStatus(
        `Trying ${BACKEND_LABEL[name]} on your model (${i + 1} of ${plan.toTry.length}, at most ${env.capMs / 1000} s)…`,
      );
      const t0 = env.now();
      try {
        current = null;
        const started = await env.start(name);
        current = name;
        adapters.set(name, started.adapter);
        const r = await runCappedTrial(auto.makeTrial, {
          steps: env.steps,
          capMs: env.capMs,
          cut: wasmWorks ? auto.wasmNow : undefined,
          now: env.now,
        });
        const base = {
          backend: name,
          msPerStep: r.msPerStep,
          ms: env.now() - t0,
          isFallbackAdapter: started.isFallbackAdapter,
        };
        if (r.cut === 'wasm-now')
          trials.push({ ...base, ok: false, skipped: 'trial ended: you chose to start on WASM now' });
        else if (r.cut === 'time')
          trials.push({ ...base, ok: false, error: `${TIMED_OUT}${r.stepsDone ? ` (${r.stepsDone} done)` : ''}` });
        else trials.push({ ...base, ok: true });
      } catch (e) {
        trials.push({ backend: name, ok: false, msPerStep: null, error: errorText(e), ms: env.now() - t0 });
      }
    }
  }

  const decision = chooseBackend(trials, auto.batchSize, { wasmNow: wasmNow(), untimed });
  let adapter = adapters.get(decision.backend) ?? null;
  if (decision.backend !== current) {
    onStatus(`Starting ${BACKEND_LABEL[decision.backend]}…`);
    adapter = (await env.start(decision.backend)).adapter ?? adapter;
  }
  const decidedAt = Date.now();
  await auto.memory.put(key, { backend: decision.backend, reason: decision.reason, trials, decidedAt });
  return activation(decision.backend, { adapter, reason: decision.reason, trials, source: 'trial', decidedAt });
}
