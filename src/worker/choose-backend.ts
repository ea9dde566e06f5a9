// Which backend `auto` trains on. Pure: the worker probes and runs the trials,
// this file decides (1) which candidates are worth a trial at all and (2) which
// one wins, with one truthful sentence for the badge.
//
// Why skip software renderers: on a machine without a GPU, Chromium offers
// WebGPU and WebGL through SwiftShader. Trials of the student's model there
// took 152 s (WebGPU) and 108 s (WebGL) before WASM won anyway at 3 epochs in
// 7 s, so when WASM passes its self-test they are not tried.
import { BACKEND_LABEL as LABEL, BACKEND_PREFERENCE as PREFERENCE } from '../model/training';
import type { BackendName, BackendTrial } from './protocol';

export interface BackendDecision {
  backend: BackendName;
  /** One sentence for the backend badge, in words a student understands. */
  reason: string;
}

/** Trials closer than this are a tie (short trials are noisy). */
const TIE = 0.1;
/** Steps in one trial (the first compiles shaders) and the wall-clock cap on them. */
export const TRIAL_STEPS = 3;
export const TRIAL_CAP_MS = 3000;
export const TIMED_OUT = `did not finish ${TRIAL_STEPS} steps in ${TRIAL_CAP_MS / 1000} s`;

/** What a cheap look at a GPU backend found, before any model is built on it. */
export interface GpuProbe {
  backend: 'webgpu' | 'webgl';
  /** No adapter / no context: why, in words. */
  unavailable?: string;
  /** Adapter or renderer name, e.g. "Google SwiftShader". */
  name: string | null;
  /** A fallback adapter or a software renderer (SwiftShader, llvmpipe, "Software"). */
  software: boolean;
}

const SOFTWARE_NAME = /swiftshader|llvmpipe|software/i;

/** True when an adapter or renderer string names a software implementation. */
export const isSoftwareName = (name: string | null | undefined): boolean => !!name && SOFTWARE_NAME.test(name);

export interface TrialPlan {
  /** Backends to time on the student's model, in preference order. */
  toTry: BackendName[];
  /** Entries for the badge: backends not tried, and why. */
  skipped: BackendTrial[];
}

/** Software GPUs are tried only when WASM does not work; unavailable ones never. */
export function planTrials(probes: readonly GpuProbe[], wasmWorks: boolean): TrialPlan {
  const toTry: BackendName[] = [];
  const skipped: BackendTrial[] = [];
  for (const p of probes) {
    const kind = p.backend === 'webgpu' ? 'software adapter' : 'software renderer';
    if (p.unavailable)
      skipped.push({ backend: p.backend, ok: false, msPerStep: null, skipped: `not available (${p.unavailable})` });
    else if (p.software && wasmWorks)
      skipped.push({
        backend: p.backend,
        ok: false,
        msPerStep: null,
        skipped: `${kind}${p.name ? ` ${p.name}` : ''}`,
        isFallbackAdapter: true,
      });
    else toTry.push(p.backend);
  }
  if (wasmWorks) toTry.push('wasm');
  toTry.sort((a, b) => PREFERENCE.indexOf(a) - PREFERENCE.indexOf(b));
  return { toTry, skipped };
}

/**
 * Where to start when there is no time for a trial (a question after a reload): what `auto` would try,
 * untimed, then the CPU. Software GPUs are left out, as `auto` leaves them out where WASM works (WASM is
 * in the list, and the CPU backend always is, so something starts).
 */
export function untimedOrder(probes: readonly GpuProbe[]): BackendName[] {
  return [...planTrials(probes, true).toTry, 'cpu'];
}

export function imagesPerSecond(trial: BackendTrial, batchSize: number): number | null {
  const ms = trial.msPerStep;
  if (!trial.ok || ms === null || !Number.isFinite(ms) || ms <= 0) return null;
  return (batchSize * 1000) / ms;
}

const msText = (ms: number) => (ms >= 10 ? `${Math.round(ms)} ms/step` : `${ms.toFixed(1)} ms/step`);

function speedText(trial: BackendTrial, batchSize: number): string {
  const ips = imagesPerSecond(trial, batchSize) ?? 0;
  return `${LABEL[trial.backend]} ${msText(trial.msPerStep!)}, ${ips >= 10 ? Math.round(ips) : ips.toFixed(1)} images/s`;
}

/** "WebGL skipped: software renderer SwiftShader", "WebGPU lost: did not finish 3 steps in 3 s". */
function lossText(t: BackendTrial): string {
  if (t.skipped) return `${LABEL[t.backend]} skipped: ${t.skipped}`;
  return `${LABEL[t.backend]} lost: ${t.error ?? 'no usable timing'}`;
}

export interface ChooseOptions {
  /** The student pressed "start on WASM now" during the trial (and WASM passed its self-test). */
  wasmNow?: boolean;
  /** A backend that passed its self-test without being timed (the only candidate left). */
  untimed?: BackendName | null;
}

export function chooseBackend(
  trials: readonly BackendTrial[],
  batchSize: number,
  options: ChooseOptions = {},
): BackendDecision {
  const notes = (winner: BackendName | null, also: readonly BackendTrial[] = []) => {
    const rest = trials.filter(
      (t) => t.backend !== winner && !also.includes(t) && (t.skipped || imagesPerSecond(t, batchSize) === null),
    );
    return rest.length ? ` ${rest.map(lossText).join('; ')}.` : '';
  };
  if (options.wasmNow)
    return { backend: 'wasm', reason: `Chosen by you: "start on WASM now" ended the trial.${notes('wasm')}` };
  if (options.untimed) {
    return {
      backend: options.untimed,
      reason: `Chosen: the only backend left after the checks, so no trial was needed.${notes(options.untimed)}`,
    };
  }

  const working = trials.filter((t) => imagesPerSecond(t, batchSize) !== null);
  // A software WebGPU adapter that was tried (WASM did not work) still loses to anything real.
  const software = working.filter((t) => t.isFallbackAdapter === true);
  const real = working.filter((t) => !software.includes(t));
  const pool = real.length > 0 ? real : software;
  if (pool.length === 0) {
    // Nothing finished its steps: a trial cut off by the cap may still have timed a step or two.
    const partial = trials
      .filter((t) => !t.skipped && t.msPerStep !== null && Number.isFinite(t.msPerStep) && t.msPerStep > 0)
      .sort((a, b) => a.msPerStep! - b.msPerStep!)[0];
    if (partial)
      return {
        backend: partial.backend,
        reason: `Chosen: no backend finished its trial; ${LABEL[partial.backend]} got furthest (${msText(partial.msPerStep!)}).${notes(partial.backend)}`,
      };
    return {
      backend: 'cpu',
      reason: `Chosen: the plain CPU backend (slow, but always there), since no other backend worked.${notes('cpu')}`,
    };
  }
  const fastest = Math.max(...pool.map((t) => imagesPerSecond(t, batchSize) ?? 0));
  const nearTies = pool.filter((t) => (imagesPerSecond(t, batchSize) ?? 0) >= fastest * (1 - TIE));
  const winner = [...nearTies].sort((a, b) => PREFERENCE.indexOf(a.backend) - PREFERENCE.indexOf(b.backend))[0]!;
  const ranked = [
    winner,
    ...working
      .filter((t) => t !== winner)
      .sort((a, b) => (imagesPerSecond(b, batchSize) ?? 0) - (imagesPerSecond(a, batchSize) ?? 0)),
  ];
  const how =
    ranked.length === 1
      ? 'the only one that finished its trial'
      : nearTies.length > 1
        ? `a near-tie of ${ranked.length} tried, where the GPU is preferred`
        : `fastest of ${ranked.length} tried`;
  let reason = `Chosen: ${how} (${ranked.map((t) => speedText(t, batchSize)).join('; ')}).`;
  if (pool === software) reason += ' This is a software adapter (no real GPU), but nothing else worked.';
  else if (software.length > 0)
    reason += ` ${software.map((t) => LABEL[t.backend]).join(', ')} lost: software, no real GPU.`;
  return { backend: winner.backend, reason: reason + notes(winner.backend, software) };
}
