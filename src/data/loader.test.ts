import { describe, expect, it } from 'vitest';
import { dataStateOf, initialLoader, loaderStep, type LoaderEvent, type LoaderState, type Step } from './loader';
import type { Target } from './source';

const T28: Target = { height: 28, width: 28, channels: 1 };
const T180: Target = { height: 180, width: 180, channels: 3 };

/** Runs events in order; returns the last step and every effect seen. */
function run(events: LoaderEvent[], from: LoaderState = initialLoader()): Step & { all: Step['effects'] } {
  let step: Step = { state: from, effects: [] };
  const all: Step['effects'] = [];
  for (const e of events) {
    step = loaderStep(step.state, e);
    all.push(...step.effects);
  }
  return { ...step, all };
}

const loadMnist: LoaderEvent = {
  type: 'load',
  source: { kind: 'builtin', name: 'mnist' },
  target: T28,
  settingsKey: 'cap0',
};

describe('loader state machine', () => {
  it('load: loading, then saving once decoded, then ready only when stored', () => {
    let s = run([loadMnist]);
    expect(dataStateOf(s.state)).toBe('loading');
    expect(s.effects).toEqual([{ type: 'run', job: expect.objectContaining({ generation: 1, plan: 1, target: T28 }) }]);
    s = run([{ type: 'loaded', generation: 1 }], s.state);
    expect(dataStateOf(s.state)).toBe('loading'); // still saving: a reload now would lose it
    expect(s.state.hasDataset).toBe(true);
    expect(s.effects).toEqual([{ type: 'save', generation: 1 }]);
    s = run([{ type: 'saved', generation: 1 }], s.state);
    expect(dataStateOf(s.state)).toBe('ready');
    expect(s.state.target).toEqual(T28);
  });

  it('a stale result never overwrites a newer load', () => {
    const s = run([
      loadMnist,
      { type: 'load', source: { kind: 'folder', fresh: true }, target: null, settingsKey: 'cap0' },
    ]);
    expect(s.effects[0]).toEqual({ type: 'abort' }); // the first job is stopped
    const late = run(
      [
        { type: 'loaded', generation: 1 },
        { type: 'failed', generation: 1, message: 'late' },
        { type: 'saved', generation: 1 },
      ],
      s.state,
    );
    expect(late.state).toEqual(s.state);
    expect(late.all).toEqual([]);
    const done = run(
      [
        { type: 'targeted', generation: 2, target: T180 },
        { type: 'loaded', generation: 2 },
        { type: 'saved', generation: 2 },
      ],
      s.state,
    );
    expect(dataStateOf(done.state)).toBe('ready');
    expect(done.state.source).toEqual({ kind: 'folder', fresh: true });
    expect(done.state.target).toEqual(T180);
  });

  it('cancel stops the job, keeps the dataset there was, and ignores the job’s result', () => {
    const ready = run([loadMnist, { type: 'loaded', generation: 1 }, { type: 'saved', generation: 1 }]).state;
    const s = run([{ type: 'remake', target: T180, settingsKey: 'cap0' }, { type: 'cancel' }], ready);
    expect(s.effects).toEqual([{ type: 'abort' }]);
    expect(dataStateOf(s.state)).toBe('ready');
    expect(s.state.target).toEqual(T28);
    const late = run([{ type: 'loaded', generation: 2 }], s.state);
    expect(late.state.target).toEqual(T28);
    expect(dataStateOf(late.state)).toBe('ready');
    // Cancelling the very first load leaves nothing loaded.
    expect(dataStateOf(run([loadMnist, { type: 'cancel' }]).state)).toBe('empty');
  });

  it('remake: a new shape from the same source; the shape it has or is making is no new job', () => {
    const folder = run([
      { type: 'load', source: { kind: 'folder', fresh: true }, target: null, settingsKey: 'cap0' },
      { type: 'targeted', generation: 1, target: T28 },
    ]);
    // The model adopting the folder's shape asks for it again: nothing restarts.
    expect(run([{ type: 'remake', target: T28, settingsKey: 'cap0' }], folder.state).effects).toEqual([]);
    const ready = run(
      [
        { type: 'loaded', generation: 1 },
        { type: 'saved', generation: 1 },
      ],
      folder.state,
    ).state;
    expect(run([{ type: 'remake', target: T28, settingsKey: 'cap0' }], ready).effects).toEqual([]);
    const remade = run([{ type: 'remake', target: T180, settingsKey: 'cap0' }], ready);
    // From the kept files, not new ones.
    expect(remade.effects).toEqual([
      {
        type: 'run',
        job: expect.objectContaining({
          generation: 2,
          plan: 2,
          target: T180,
          source: { kind: 'folder', fresh: false },
        }),
      },
    ]);
    expect(dataStateOf(remade.state)).toBe('loading');
    // A new cap is a new plan too.
    expect(run([{ type: 'remake', target: T28, settingsKey: 'cap5' }], ready).effects).toHaveLength(1);
    // Nothing loaded: nothing to remake.
    expect(run([{ type: 'remake', target: T180, settingsKey: 'cap0' }]).effects).toEqual([]);
  });

  it('resplit: in memory when ready (ready again once saved); restarts a running job', () => {
    const ready = run([loadMnist, { type: 'loaded', generation: 1 }, { type: 'saved', generation: 1 }]).state;
    const s = run([{ type: 'resplit', settingsKey: 'cap0' }], ready);
    expect(s.effects).toEqual([
      { type: 'resplit', generation: 2 },
      { type: 'save', generation: 2 },
    ]);
    expect(dataStateOf(s.state)).toBe('loading');
    expect(dataStateOf(run([{ type: 'saved', generation: 2 }], s.state).state)).toBe('ready');
    const loading = run([loadMnist, { type: 'resplit', settingsKey: 'cap0' }]);
    expect(loading.effects).toEqual([
      { type: 'abort' },
      { type: 'run', job: expect.objectContaining({ generation: 2, target: T28 }) },
    ]);
    expect(run([{ type: 'resplit', settingsKey: 'cap0' }]).effects).toEqual([]);
  });

  it('a failure is an error that keeps the previous dataset; dismiss goes back to it', () => {
    const ready = run([loadMnist, { type: 'loaded', generation: 1 }, { type: 'saved', generation: 1 }]).state;
    const s = run(
      [
        { type: 'load', source: { kind: 'folder', fresh: true }, target: null, settingsKey: 'cap0' },
        { type: 'failed', generation: 2, message: 'Only one class folder', tree: 'tree' },
      ],
      ready,
    );
    expect(dataStateOf(s.state)).toBe('error');
    expect(s.state.error).toEqual({ message: 'Only one class folder', tree: 'tree' });
    expect(s.state.hasDataset).toBe(true);
    expect(s.state.source).toEqual({ kind: 'builtin', name: 'mnist' });
    expect(dataStateOf(run([{ type: 'dismiss' }], s.state).state)).toBe('ready');
    // An aborted job is no error.
    expect(
      dataStateOf(
        run(
          [
            { type: 'remake', target: T180, settingsKey: 'cap0' },
            { type: 'failed', generation: 2, message: 'x', aborted: true },
          ],
          ready,
        ).state,
      ),
    ).toBe('ready');
  });

  it('paused (a prompt awaits an answer) and clear', () => {
    const s = run([loadMnist, { type: 'paused', generation: 1 }]);
    expect(dataStateOf(s.state)).toBe('empty');
    const cleared = run([loadMnist, { type: 'clear' }]);
    expect(cleared.effects).toEqual([{ type: 'abort' }]);
    expect(dataStateOf(cleared.state)).toBe('empty');
    expect(run([{ type: 'loaded', generation: 1 }], cleared.state).state.hasDataset).toBe(false);
  });

  it('a saved dataset read back: its source, shape and settings come with it, so following the model starts nothing new', () => {
    const s = run([
      { type: 'load', source: { kind: 'saved' }, target: null, settingsKey: 'cap=0', options: { restored: true } },
      { type: 'remake', target: T28, settingsKey: 'cap=0' }, // ignored while it is read back
      {
        type: 'targeted',
        generation: 1,
        target: T28,
        source: { kind: 'folder', fresh: false },
        settingsKey: 'cap=10 seed=1',
      },
      { type: 'loaded', generation: 1 },
      { type: 'saved', generation: 1 },
    ]);
    expect(s.all.filter((e) => e.type === 'run')).toHaveLength(1);
    expect(dataStateOf(s.state)).toBe('ready');
    expect(run([{ type: 'remake', target: T28, settingsKey: 'cap=10 seed=1' }], s.state).effects).toEqual([]);
  });
});
