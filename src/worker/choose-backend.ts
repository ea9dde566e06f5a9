// Which backend `auto` trains on, decided from short measured trials on the
// student's own model and batch size. Pure: the worker runs the trials.
import { BACKEND_LABEL as LABEL } from '../model/training';
import type { BackendName, BackendTrial } from './protocol';

export interface BackendDecision {
  backend: BackendName;
  /** One sentence for the backend badge, in words a student understands. */
  reason: string;
}

/** On a near-tie the earlier one wins: a GPU leaves the processor free for the page. */
const PREFERENCE: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Trials closer than this are a tie (short trials are noisy). */
const TIE = 0.1;

export function imagesPerSecond(trial: BackendTrial, batchSize: number): number | null {
  const ms = trial.msPerStep;
  if (!trial.ok || ms === null || !Number.isFinite(ms) || ms <= 0) return null;
  return (batchSize * 1000) / ms;
}

function speedText(trial: BackendTrial, batchSize: number): string {
  const ips = imagesPerSecond(trial, batchSize);
  return `${LABEL[trial.backend]} ${ips === null ? '?' : ips >= 10 ? Math.round(ips) : ips.toFixed(1)} images/s`;
}

export function chooseBackend(trials: readonly BackendTrial[], batchSize: number): BackendDecision {
  const working = trials.filter((t) => imagesPerSecond(t, batchSize) !== null);
  const software = working.filter((t) => t.backend === 'webgpu' && t.isFallbackAdapter === true);
  const real = working.filter((t) => !software.includes(t));
  const failed = trials.filter((t) => !working.includes(t));
  const failedText = failed.length
    ? ` ${failed.map((t) => `${LABEL[t.backend]} failed${t.error ? ` (${t.error})` : ''}`).join('; ')}.`
    : '';

  const pool = real.length > 0 ? real : software;
  if (pool.length === 0) {
    return { backend: 'cpu', reason: `No backend finished its trial, so training uses the plain CPU backend (slow, but always there).${failedText}` };
  }
  const fastest = Math.max(...pool.map((t) => imagesPerSecond(t, batchSize) ?? 0));
  const nearTies = pool.filter((t) => (imagesPerSecond(t, batchSize) ?? 0) >= fastest * (1 - TIE));
  const winner = [...nearTies].sort((a, b) => PREFERENCE.indexOf(a.backend) - PREFERENCE.indexOf(b.backend))[0]!;
  const others = pool.filter((t) => t !== winner).sort((a, b) => (imagesPerSecond(b, batchSize) ?? 0) - (imagesPerSecond(a, batchSize) ?? 0));

  let reason = `${speedText(winner, batchSize)} on your model`;
  if (others.length > 0) reason += `, ${nearTies.length > 1 ? 'as fast as' : 'faster than'} ${others.map((t) => speedText(t, batchSize)).join(', ')}`;
  reason += '.';
  if (software.length > 0 && pool !== software) {
    reason += ' WebGPU was skipped: this browser only offers a software adapter (no real GPU).';
  } else if (pool === software) {
    reason += ' WebGPU here is a software adapter (no real GPU), but nothing else worked.';
  }
  return { backend: winner.backend, reason: reason + failedText };
}
