// Which tfjs backend the worker trains on. Every candidate must pass the
// one-step self-test (backend-start.ts). `auto` first looks cheaply at the GPU
// backends (adapter and renderer names, no model built), self-tests WASM, skips
// software GPUs when WASM works, times a capped trial of the student's model on
// what is left (see backend-trial.ts) and lets chooseBackend decide; the choice
// is remembered per device and model (backend-memory.ts). Without a trial (a
// question after a reload, an evaluation) startUntimed takes the first that
// starts, in the same order.
import * as tf from '@tensorflow/tfjs';
import {
  chooseBackend,
  planTrials,
  TIMED_OUT,
  TRIAL_CAP_MS,
  TRIAL_STEPS,
  untimedOrder,
  type GpuProbe,
} from './choose-backend';
import { runCappedTrial, type TrialFactory } from './backend-trial';
import { memoryKey, type BackendMemory } from './backend-memory';
import { probeWebGl, probeWebGpu, startTrusted, type Started } from './backend-start';
import type { Architecture } from '../model/layers';
import type { BackendChoice, BackendInfo, BackendName, BackendTrial } from './protocol';
import { BACKEND_LABEL } from '../model/training';

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

/** The backend just started, as the session keeps it (WebGPU's device watched for loss). */
const activation = (name: BackendName, info: Omit<BackendInfo, 'name'>): Activation => ({
  info: { name, ...info },
  device: name === 'webgpu' ? webGpuDevice() : null,
});

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

/**
 * A backend without a trial, for work that cannot wait for one (a question asked after a reload, an
 * evaluation): the chosen one, or for `auto` the first of untimedOrder (choose-backend.ts: real GPUs, then
 * WASM, then the CPU, in BACKEND_PREFERENCE) that starts and passes its self-test.
 */
export async function startUntimed(
  choice: BackendChoice,
  reason: string,
  env: Pick<BackendEnv, 'probe' | 'start'> = browserEnv,
): Promise<Activation> {
  const order = choice === 'auto' ? untimedOrder(await env.probe()) : [choice];
  let failure: unknown = new Error('no backend to start');
  for (const name of order) {
    try {
      const started = await env.start(name);
      return activation(name, { adapter: started.adapter, reason, trials: [] });
    } catch (e) {
      failure = e;
    }
  }
  throw failure;
}
