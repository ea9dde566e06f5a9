// The backend the worker trains on, in one plain sentence (graphics card or
// processor, and who chose it); behind a Details disclosure, truthfully how
// `auto` got there (what was tried, for how long, what was skipped and why
// each lost) with the developer terms (adapter, SIMD, threads). Also the two
// controls of the trial: "start on WASM now" while it runs, "re-run the
// backend trial" once one has run.
import { useState } from 'react';
import { useLab } from '../../store';
import type { BackendInfo, BackendTrial } from '../../model/run-types';
import { useCurrentRun } from './use-train-view';
import { kernelThreadsText } from './kernel-threads-text';

const BACKEND_NAME = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

function trialText(t: BackendTrial, winner: BackendInfo['name']): string {
  const took = t.ms !== undefined ? ` (${seconds(t.ms)} in all)` : '';
  if (t.skipped) return `skipped: ${t.skipped}`;
  const speed = t.msPerStep !== null && Number.isFinite(t.msPerStep) ? `${t.msPerStep.toFixed(1)} ms per step` : null;
  if (!t.ok) return `lost: ${t.error ?? 'no usable timing'}${speed ? `, ${speed} so far` : ''}${took}`;
  return `${speed ?? 'passed its self-test'}${took}${t.backend === winner ? ' (chosen)' : ''}`;
}

const WHERE = {
  webgpu: 'the graphics card (WebGPU)',
  webgl: 'the graphics card (WebGL)',
  wasm: 'the processor (WASM)',
  cpu: 'the processor in plain JavaScript (CPU, slow)',
} as const;

/** The badge's one plain sentence: where the model trains and who chose it. */
function plainText(info: BackendInfo): string {
  const who =
    info.source === 'trial'
      ? ', chosen by the backend trial on your model'
      : info.source === 'remembered'
        ? ', chosen by an earlier backend trial on this device'
        : info.source === 'settings'
          ? ', as set in the settings'
          : '';
  return `Trains on ${WHERE[info.name]}${who}.`;
}

function sourceText(info: BackendInfo): string | null {
  if (info.source === 'remembered') {
    const when = info.decidedAt ? ` (${new Date(info.decidedAt).toLocaleString()})` : '';
    return `Remembered from an earlier trial on this device${when}: no new trial.`;
  }
  return null;
}

export function BackendBadge() {
  const state = useLab((s) => s.trainState);
  const message = useLab((s) => s.trainMessage);
  const choice = useLab((s) => s.trainSettings.backend);
  const retrial = useLab((s) => s.backendRetrial);
  const { rerunBackendTrial, startOnWasmNow } = useLab.getState();
  const run = useCurrentRun();
  const [wasmPressedFor, setWasmPressedFor] = useState<string | null>(null);
  const info = run?.backend ?? null;
  // Only while a trial really runs (the worker says "Trying WebGL on your model…"): then the press ends it.
  const trialRunning = state === 'preparing' && run?.settings.backend === 'auto' && /^Trying /.test(message ?? '');
  const idle = state !== 'preparing' && state !== 'training' && state !== 'paused';
  const skipped = info?.trials.filter((t) => t.skipped).map((t) => t.backend) ?? [];
  // A trial ran for this model (now or remembered from before): only then is there one to run again.
  const trialRan = info?.source === 'trial' || info?.source === 'remembered';
  const tried = info?.trials.filter((t) => !t.skipped && t.msPerStep !== null).map((t) => t.backend) ?? [];

  return (
    <div
      className="backend-box"
      data-testid="backend-badge"
      data-backend={info?.name ?? ''}
      data-source={info?.source ?? ''}
      data-skipped={skipped.join(' ')}
      data-tried={tried.join(' ')}
    >
      <div className="backend-line">
        <span className="backend-badge">
          {info ? (
            <>
              <strong>{BACKEND_NAME[info.name]}</strong>{' '}
              <span className="muted" data-testid="backend-plain">
                {plainText(info)}
              </span>
            </>
          ) : (
            <span className="muted">Backend: chosen when training starts</span>
          )}
        </span>
        {trialRunning && (
          <button
            type="button"
            data-testid="wasm-now-button"
            disabled={wasmPressedFor === run.id}
            onClick={() => {
              setWasmPressedFor(run.id);
              startOnWasmNow();
            }}
            title="End the backend trial now and train on WASM (the processor), which works everywhere"
          >
            {wasmPressedFor === run.id ? 'Starting on WASM…' : 'Start on WASM now'}
          </button>
        )}
        {idle && choice === 'auto' && (retrial || trialRan) && (
          <button
            type="button"
            className="link"
            data-testid="backend-retrial-button"
            disabled={retrial}
            onClick={rerunBackendTrial}
            title="Forget the remembered backend for this model and measure the backends again"
          >
            {retrial ? 'The next run re-runs the backend trial' : 'Re-run the backend trial'}
          </button>
        )}
      </div>
      {info && (
        <details className="backend-details">
          <summary>{info.trials.length > 0 ? 'Details: what the trial did' : 'Details'}</summary>
          {info.adapter && <p className="muted backend-reason">Adapter: {info.adapter}</p>}
          <p className="muted backend-reason">
            {sourceText(info) && <span data-testid="backend-remembered">{sourceText(info)} </span>}
            {info.reason}
          </p>
          {info.kernelThreads && (
            <p
              className="muted backend-reason"
              data-testid="kernel-threads"
              data-threads={info.kernelThreads.threads}
              data-state={info.kernelThreads.state}
              data-trials={info.kernelThreads.trials.map((t) => `${t.threads}:${t.msPerStep ?? ''}`).join(',')}
            >
              {kernelThreadsText(info.kernelThreads, run?.end != null)}
            </p>
          )}
          {info.trials.length > 0 && (
            <ul>
              {info.trials.map((t, i) => (
                <li
                  key={`${t.backend}-${i}`}
                  data-testid="backend-trial"
                  data-trial-backend={t.backend}
                  data-trial-skipped={t.skipped ? 'true' : 'false'}
                  data-ms-per-step={t.msPerStep ?? ''}
                >
                  {BACKEND_NAME[t.backend]}: {trialText(t, info.name)}
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </div>
  );
}
