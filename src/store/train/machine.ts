// The training lifecycle as a pure state machine, like the dataset loader
// (src/data/loader.ts) and the A/B (runs/ab.ts): the train slice feeds it the
// student's intents, the launch's steps and the worker's events, and sends the
// controls it returns. No I/O here, so every state x event is unit-tested.
//
// Each launch has its own job id. An event of another job (an A/B's first arm,
// a run before a continue) is ignored, and so is every event after the job's
// outcome: events come through another port than the outcome (a comlink proxy),
// so a late 'started' once turned a run that had failed with NaN back to
// "Training". The run's data (epochs, backend) is not the machine's: it is kept
// whenever it arrives.
import type { RunEnd } from '../../model/run-types';

export type TrainPhase =
  | 'idle'
  | 'preparing'
  | 'training'
  | 'paused'
  /** Stop asked; the outcome ('stopped') has not come yet. */
  | 'stopping'
  | 'done'
  | 'stopped'
  | 'failed'
  /** The current run was still going when the page closed (found so at start-up). */
  | 'interrupted';

/** What the slice shows: `stopping` shows the phase it came from until the outcome. */
export type TrainState = 'idle' | 'preparing' | 'training' | 'paused' | 'done' | 'stopped' | 'error';

export type ControlAction = 'pause' | 'resume' | 'stop' | 'wasm-now';
type Running = 'preparing' | 'training' | 'paused';

export interface TrainMachine {
  phase: TrainPhase;
  runId: string | null;
  /** Our id of the current launch's job (known to the worker once `sent`). */
  jobId: string | null;
  /** True once train() was called: controls can reach the job. */
  sent: boolean;
  /** "Start on WASM now" pressed before the job was sent: sent with it. */
  wasmNow: boolean;
  /** While stopping: the phase shown until the outcome. */
  from: Running | null;
  /** What "preparing" is doing right now (sending the data, measuring backends). */
  message: string | null;
  /** When the launch began (ms), for the run's duration. */
  launchedAt: number | null;
}

export type TrainMachineEvent =
  | { type: 'launch'; runId: string; jobId: string; at: number }
  /** A launch step says what it does (writing the pixels to disk). */
  | { type: 'step'; jobId: string; message: string }
  /** train() was called: the worker knows the job. */
  | { type: 'sent'; jobId: string }
  | { type: 'worker'; jobId: string; event: 'preparing'; message: string }
  | { type: 'worker'; jobId: string; event: 'started' | 'paused' | 'resumed' }
  | { type: 'ask'; action: ControlAction }
  | { type: 'outcome'; jobId: string; end: RunEnd }
  /** At start-up: the run shown was cut short by a reload. */
  | { type: 'interrupted'; runId: string };

export type TrainEffect = { type: 'control'; jobId: string; action: ControlAction };

export interface TrainStep {
  state: TrainMachine;
  effects: TrainEffect[];
}

export const initialTraining = (): TrainMachine => ({
  phase: 'idle',
  runId: null,
  jobId: null,
  sent: false,
  wasmNow: false,
  from: null,
  message: null,
  launchedAt: null,
});

const RUNNING: ReadonlySet<TrainPhase> = new Set<TrainPhase>(['preparing', 'training', 'paused', 'stopping']);

/** A job is under way (from launch to outcome): nothing else may start, the model and data stay locked. */
export const isRunning = (m: TrainMachine): boolean => RUNNING.has(m.phase);

export function trainStateOf(m: TrainMachine): TrainState {
  switch (m.phase) {
    case 'stopping':
      return m.from ?? 'training';
    case 'failed':
      return 'error';
    case 'interrupted':
      return 'idle';
    default:
      return m.phase;
  }
}

/** The outcome's end as the machine's final phase. */
export const phaseOfEnd = (end: RunEnd): 'done' | 'stopped' | 'failed' =>
  end === 'done' || end === 'early-stopped' ? 'done' : end === 'stopped' ? 'stopped' : 'failed';

const none = (state: TrainMachine): TrainStep => ({ state, effects: [] });
const control = (m: TrainMachine, action: ControlAction): TrainEffect[] =>
  m.sent && m.jobId ? [{ type: 'control', jobId: m.jobId, action }] : [];

export function trainStep(m: TrainMachine, e: TrainMachineEvent): TrainStep {
  if (e.type === 'launch') {
    if (isRunning(m)) return none(m);
    return none({
      ...initialTraining(),
      phase: 'preparing',
      runId: e.runId,
      jobId: e.jobId,
      message: 'Sending the data to the training worker…',
      launchedAt: e.at,
    });
  }
  if (e.type === 'interrupted')
    return none(m.phase === 'idle' ? { ...initialTraining(), phase: 'interrupted', runId: e.runId } : m);
  if (e.type === 'ask') return ask(m, e.action);
  // Everything else belongs to one job: ignored unless it is the current one and its outcome has not come.
  if (e.jobId !== m.jobId || !isRunning(m)) return none(m);
  switch (e.type) {
    case 'step':
      return none(m.phase === 'preparing' ? { ...m, message: e.message } : m);
    case 'sent': {
      if (m.sent) return none(m);
      const sent = { ...m, sent: true, wasmNow: false };
      // Asked before the worker had the job: sent now.
      const effects = [
        ...(m.wasmNow && m.phase === 'preparing' ? control(sent, 'wasm-now') : []),
        ...(m.phase === 'stopping' ? control(sent, 'stop') : []),
      ];
      return { state: sent, effects };
    }
    case 'outcome':
      return none({ ...m, phase: phaseOfEnd(e.end), from: null, message: null, wasmNow: false });
    case 'worker':
      if (m.phase === 'stopping') return none(m);
      switch (e.event) {
        case 'preparing':
          return none({ ...m, phase: 'preparing', message: e.message });
        case 'started':
          return none({ ...m, phase: m.phase === 'paused' ? 'paused' : 'training', message: null });
        case 'paused':
          return none({ ...m, phase: 'paused', message: null });
        case 'resumed':
          return none(m.phase === 'paused' ? { ...m, phase: 'training' } : m);
      }
  }
}

function ask(m: TrainMachine, action: ControlAction): TrainStep {
  switch (action) {
    case 'pause':
      return { state: m, effects: m.phase === 'training' ? control(m, 'pause') : [] };
    case 'resume':
      return { state: m, effects: m.phase === 'paused' ? control(m, 'resume') : [] };
    case 'stop':
      if (m.phase !== 'preparing' && m.phase !== 'training' && m.phase !== 'paused') return none(m);
      return { state: { ...m, phase: 'stopping', from: m.phase }, effects: control(m, 'stop') };
    case 'wasm-now':
      if (m.phase !== 'preparing') return none(m);
      return m.sent ? { state: m, effects: control(m, 'wasm-now') } : none({ ...m, wasmNow: true });
  }
}
