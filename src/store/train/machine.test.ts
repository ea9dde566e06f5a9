import { describe, expect, it } from 'vitest';
import {
  initialTraining,
  isRunning,
  trainStateOf,
  trainStep,
  type TrainMachine,
  type TrainMachineEvent,
  type TrainStep,
} from './machine';

const job = { runId: 'r', jobId: 'j', launchedAt: 1 };
const STATES: Record<string, TrainMachine> = {
  idle: initialTraining(),
  preparing: { ...initialTraining(), ...job, phase: 'preparing', message: 'Sending the data' },
  'preparing, WASM asked': { ...initialTraining(), ...job, phase: 'preparing', wasmNow: true },
  'preparing, sent': { ...initialTraining(), ...job, phase: 'preparing', sent: true },
  training: { ...initialTraining(), ...job, phase: 'training', sent: true },
  paused: { ...initialTraining(), ...job, phase: 'paused', sent: true },
  'stopping, not sent': { ...initialTraining(), ...job, phase: 'stopping', from: 'preparing' },
  stopping: { ...initialTraining(), ...job, phase: 'stopping', from: 'paused', sent: true },
  done: { ...initialTraining(), ...job, phase: 'done', sent: true },
  stopped: { ...initialTraining(), ...job, phase: 'stopped', sent: true },
  failed: { ...initialTraining(), ...job, phase: 'failed', sent: true },
  interrupted: { ...initialTraining(), runId: 'r', phase: 'interrupted' },
};

const EVENTS: Record<string, TrainMachineEvent> = {
  launch: { type: 'launch', runId: 'r2', jobId: 'j2', at: 5 },
  step: { type: 'step', jobId: 'j', message: 'Writing the pixels to disk' },
  sent: { type: 'sent', jobId: 'j' },
  'w:preparing': { type: 'worker', jobId: 'j', event: 'preparing', message: 'Measuring backends' },
  'w:started': { type: 'worker', jobId: 'j', event: 'started' },
  'w:paused': { type: 'worker', jobId: 'j', event: 'paused' },
  'w:resumed': { type: 'worker', jobId: 'j', event: 'resumed' },
  pause: { type: 'ask', action: 'pause' },
  resume: { type: 'ask', action: 'resume' },
  stop: { type: 'ask', action: 'stop' },
  'wasm-now': { type: 'ask', action: 'wasm-now' },
  'end:done': { type: 'outcome', jobId: 'j', end: 'early-stopped' },
  'end:stopped': { type: 'outcome', jobId: 'j', end: 'stopped' },
  'end:nan': { type: 'outcome', jobId: 'j', end: 'nan' },
  interrupted: { type: 'interrupted', runId: 'r' },
  'other job': { type: 'worker', jobId: 'old', event: 'started' },
};

/** The phase after the event, then each control sent (`!action`). */
const show = (s: TrainStep) => s.state.phase + s.effects.map((e) => `!${e.action}`).join('');

// Rows: states; columns: the events in EVENTS' order (launch, step, sent, the worker's four, the four asks,
// the three outcomes, interrupted, another job's event).
const EXPECTED: Record<string, string[]> = Object.fromEntries(
  Object.entries({
    idle: 'preparing idle idle idle idle idle idle idle idle idle idle idle idle idle interrupted idle',
    preparing:
      'preparing preparing preparing preparing training paused preparing preparing preparing stopping preparing done stopped failed preparing preparing',
    'preparing, WASM asked':
      'preparing preparing preparing!wasm-now preparing training paused preparing preparing preparing stopping preparing done stopped failed preparing preparing',
    'preparing, sent':
      'preparing preparing preparing preparing training paused preparing preparing preparing stopping!stop preparing!wasm-now done stopped failed preparing preparing',
    training:
      'training training training preparing training paused training training!pause training stopping!stop training done stopped failed training training',
    paused:
      'paused paused paused preparing paused paused training paused paused!resume stopping!stop paused done stopped failed paused paused',
    'stopping, not sent':
      'stopping stopping stopping!stop stopping stopping stopping stopping stopping stopping stopping stopping done stopped failed stopping stopping',
    stopping:
      'stopping stopping stopping stopping stopping stopping stopping stopping stopping stopping stopping done stopped failed stopping stopping',
    done: 'preparing done done done done done done done done done done done done done done done',
    stopped:
      'preparing stopped stopped stopped stopped stopped stopped stopped stopped stopped stopped stopped stopped stopped stopped stopped',
    failed:
      'preparing failed failed failed failed failed failed failed failed failed failed failed failed failed failed failed',
    interrupted:
      'preparing interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted interrupted',
  }).map(([state, row]) => [state, row.split(' ')]),
);

describe('training machine', () => {
  for (const [name, state] of Object.entries(STATES))
    it(`from ${name}: every event`, () => {
      const got = Object.values(EVENTS).map((e) => show(trainStep(state, e)));
      expect(Object.fromEntries(Object.keys(EVENTS).map((k, i) => [k, got[i]]))).toEqual(
        Object.fromEntries(Object.keys(EVENTS).map((k, i) => [k, EXPECTED[name]![i]])),
      );
    });

  it('has a row for every state and a column for every event', () => {
    expect(Object.keys(EXPECTED)).toEqual(Object.keys(STATES));
    for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(Object.keys(EVENTS).length);
  });

  it('shows what the student sees: stopping keeps the phase it came from, a failure is an error', () => {
    const shown = Object.fromEntries(Object.entries(STATES).map(([k, s]) => [k, trainStateOf(s)]));
    expect(shown).toMatchObject({
      idle: 'idle',
      preparing: 'preparing',
      training: 'training',
      paused: 'paused',
      'stopping, not sent': 'preparing',
      stopping: 'paused',
      done: 'done',
      stopped: 'stopped',
      failed: 'error',
      interrupted: 'idle',
    });
    expect(Object.keys(STATES).filter((k) => isRunning(STATES[k]!))).toEqual([
      'preparing',
      'preparing, WASM asked',
      'preparing, sent',
      'training',
      'paused',
      'stopping, not sent',
      'stopping',
    ]);
  });

  it('a launch starts afresh: its message, its time, nothing pending from the last job', () => {
    const { state } = trainStep(STATES['failed']!, EVENTS['launch']!);
    expect(state).toEqual({
      ...initialTraining(),
      phase: 'preparing',
      runId: 'r2',
      jobId: 'j2',
      message: 'Sending the data to the training worker…',
      launchedAt: 5,
    });
    expect(trainStep(STATES['preparing']!, EVENTS['step']!).state.message).toBe('Writing the pixels to disk');
    expect(trainStep(STATES['training']!, EVENTS['w:preparing']!).state.message).toBe('Measuring backends');
    expect(trainStep(STATES['preparing']!, EVENTS['w:started']!).state.message).toBeNull();
  });

  it("an A/B's second arm ignores the first arm's late events", () => {
    let m = trainStep(initialTraining(), { type: 'launch', runId: 'a', jobId: 'ja', at: 1 }).state;
    m = trainStep(m, { type: 'sent', jobId: 'ja' }).state;
    m = trainStep(m, { type: 'outcome', jobId: 'ja', end: 'done' }).state;
    m = trainStep(m, { type: 'launch', runId: 'b', jobId: 'jb', at: 2 }).state;
    m = trainStep(m, { type: 'sent', jobId: 'jb' }).state;
    m = trainStep(m, { type: 'worker', jobId: 'jb', event: 'started' }).state;
    const late = trainStep(m, { type: 'worker', jobId: 'ja', event: 'paused' });
    expect(late.state).toBe(m);
    expect(trainStep(m, { type: 'outcome', jobId: 'ja', end: 'nan' }).state).toBe(m);
    expect(trainStep(m, { type: 'ask', action: 'stop' }).effects).toEqual([
      { type: 'control', jobId: 'jb', action: 'stop' },
    ]);
  });
});
