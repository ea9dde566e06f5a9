// The dataset loader as a pure state machine: the data slice feeds it events
// (the student's intents and the results of decode jobs) and runs the effects
// it returns. No I/O here, so every transition is unit-tested in Node.
//
// Two counters keep results in order:
// * `plan` counts what the dataset should be (source, target shape, cap):
//   it moves only when that changes, so a repeated request is not a new job;
// * `generation` counts started jobs (and cancels): a result carries the
//   generation of its job and is ignored unless it is the current one, so a
//   slow, stale decode can never overwrite a newer dataset.
import { sameShape } from '../model/shape';
import type { BuiltinName, Target } from './source';

/**
 * Where a dataset comes from. A folder's files are kept by the slice (memory
 * or IndexedDB); `saved`: whatever IndexedDB holds, resolved by the job.
 */
export type LoadSource =
  { kind: 'builtin'; name: BuiltinName } | { kind: 'folder'; fresh: boolean } | { kind: 'saved' };

export interface LoadJob {
  generation: number;
  plan: number;
  source: LoadSource;
  /** The shape to decode to; null: the folder's natural choice, decided by the job (`targeted`). */
  target: Target | null;
  /** Everything else that decides the images (e.g. the per-class cap), as a comparable key. */
  settingsKey: string;
  options: LoadOptions;
}

export interface LoadOptions {
  /** The model takes the dataset's shape once loaded (a built-in, or a downscale the student chose). */
  adopt?: boolean;
  /** Decode even though it is over the memory budget (the student said so). */
  force?: boolean;
  /** Read back from IndexedDB: nothing to save again. */
  restored?: boolean;
}

export type LoaderPhase = 'idle' | 'loading' | 'saving' | 'error';

export interface LoaderState {
  phase: LoaderPhase;
  generation: number;
  plan: number;
  /** The job in flight (loading), or the one whose dataset is being saved. */
  job: LoadJob | null;
  /** What the current dataset was made from, once one is loaded. */
  source: LoadSource | null;
  target: Target | null;
  settingsKey: string | null;
  hasDataset: boolean;
  error: { message: string; tree: string | null } | null;
}

export type LoaderEvent =
  /** A new source (a built-in, or a folder just picked). */
  | { type: 'load'; source: LoadSource; target: Target | null; settingsKey: string; options?: LoadOptions }
  /** The current source again, at another shape or cap (folders from their kept files). */
  | { type: 'remake'; target: Target; settingsKey: string }
  /** A new seed or split of the same images: in memory, unless a job is running (then it restarts). */
  | { type: 'resplit'; settingsKey: string }
  /** The job chose its shape (a folder's natural one) or found its source (a saved dataset). */
  | { type: 'targeted'; generation: number; target: Target; source?: LoadSource; settingsKey?: string }
  | { type: 'loaded'; generation: number }
  | { type: 'saved'; generation: number }
  | { type: 'failed'; generation: number; message: string; tree?: string | null; aborted?: boolean }
  /** The job stopped without a result and without an error (e.g. a memory prompt awaits an answer). */
  | { type: 'paused'; generation: number }
  | { type: 'cancel' }
  | { type: 'dismiss' }
  | { type: 'clear' };

export type LoaderEffect =
  | { type: 'run'; job: LoadJob }
  | { type: 'abort' }
  | { type: 'resplit'; generation: number }
  | { type: 'save'; generation: number };

export interface Step {
  state: LoaderState;
  effects: LoaderEffect[];
}

export const initialLoader = (): LoaderState => ({
  phase: 'idle',
  generation: 0,
  plan: 0,
  job: null,
  source: null,
  target: null,
  settingsKey: null,
  hasDataset: false,
  error: null,
});

/** What the rest of the lab sees (the contract's dataset-status data-state). */
export function dataStateOf(s: LoaderState): 'empty' | 'loading' | 'ready' | 'error' {
  if (s.phase === 'loading' || s.phase === 'saving') return 'loading';
  if (s.phase === 'error') return 'error';
  return s.hasDataset ? 'ready' : 'empty';
}

const sameTarget = (a: Target | null, b: Target | null) => a === b || (!!a && !!b && sameShape(a, b));
export const isCurrent = (s: LoaderState, generation: number): boolean =>
  s.job !== null && s.job.generation === generation;

function start(
  s: LoaderState,
  source: LoadSource,
  target: Target | null,
  settingsKey: string,
  options: LoadOptions = {},
): Step {
  const job: LoadJob = { generation: s.generation + 1, plan: s.plan + 1, source, target, settingsKey, options };
  const effects: LoaderEffect[] =
    s.phase === 'loading' ? [{ type: 'abort' }, { type: 'run', job }] : [{ type: 'run', job }];
  return { state: { ...s, phase: 'loading', generation: job.generation, plan: job.plan, job, error: null }, effects };
}

const idle = (s: LoaderState): LoaderState => ({ ...s, phase: 'idle', job: null });

export function loaderStep(s: LoaderState, e: LoaderEvent): Step {
  const none: Step = { state: s, effects: [] };
  switch (e.type) {
    case 'load':
      return start(s, e.source, e.target, e.settingsKey, e.options);
    case 'remake': {
      // The wish already being met (or being made) is not a new job.
      const wanted =
        s.phase === 'loading' && s.job
          ? s.job
          : s.hasDataset
            ? { source: s.source, target: s.target, settingsKey: s.settingsKey }
            : null;
      // Nothing loaded, or the saved dataset still being read back (the slice follows the model once it is).
      if (!wanted?.source || wanted.source.kind === 'saved') return none;
      if (sameTarget(wanted.target, e.target) && wanted.settingsKey === e.settingsKey) return none;
      // A running job keeps its source (a folder just picked stays the new one); a loaded folder comes from its kept files.
      const source: LoadSource =
        s.phase !== 'loading' && wanted.source.kind === 'folder' ? { kind: 'folder', fresh: false } : wanted.source;
      return start(s, source, e.target, e.settingsKey);
    }
    case 'resplit': {
      if (s.phase === 'loading' && s.job) return start(s, s.job.source, s.job.target, e.settingsKey, s.job.options);
      if (!s.hasDataset) return none;
      const generation = s.generation + 1;
      const job: LoadJob = {
        generation,
        plan: s.plan + 1,
        source: s.source!,
        target: s.target,
        settingsKey: e.settingsKey,
        options: {},
      };
      // Re-split in memory, then "ready" once it is saved (a reload keeps it).
      return {
        state: { ...s, phase: 'saving', generation, plan: job.plan, job, settingsKey: e.settingsKey, error: null },
        effects: [
          { type: 'resplit', generation },
          { type: 'save', generation },
        ],
      };
    }
    case 'targeted':
      if (!isCurrent(s, e.generation) || s.phase !== 'loading') return none;
      return {
        state: {
          ...s,
          job: {
            ...s.job!,
            target: e.target,
            source: e.source ?? s.job!.source,
            settingsKey: e.settingsKey ?? s.job!.settingsKey,
          },
        },
        effects: [],
      };
    case 'loaded': {
      if (!isCurrent(s, e.generation) || s.phase !== 'loading') return none;
      const job = s.job!;
      return {
        state: {
          ...s,
          phase: 'saving',
          hasDataset: true,
          source: job.source,
          target: job.target,
          settingsKey: job.settingsKey,
          error: null,
        },
        effects: [{ type: 'save', generation: e.generation }],
      };
    }
    case 'saved':
      if (!isCurrent(s, e.generation) || s.phase !== 'saving') return none;
      return { state: idle(s), effects: [] };
    case 'failed':
      if (!isCurrent(s, e.generation) || s.phase !== 'loading') return none;
      // A failed load keeps the dataset that was there (the slice says so on screen).
      if (e.aborted) return { state: idle(s), effects: [] };
      return {
        state: { ...s, phase: 'error', job: null, error: { message: e.message, tree: e.tree ?? null } },
        effects: [],
      };
    case 'paused':
      if (!isCurrent(s, e.generation) || s.phase !== 'loading') return none;
      return { state: idle(s), effects: [] };
    case 'cancel': {
      if (s.phase !== 'loading')
        return s.phase === 'saving' ? none : { state: { ...s, generation: s.generation + 1 }, effects: [] };
      return { state: { ...idle(s), generation: s.generation + 1 }, effects: [{ type: 'abort' }] };
    }
    case 'dismiss':
      return s.phase === 'error' ? { state: { ...s, phase: 'idle', error: null }, effects: [] } : none;
    case 'clear':
      return {
        state: { ...initialLoader(), generation: s.generation + 1, plan: s.plan + 1 },
        effects: s.phase === 'loading' ? [{ type: 'abort' }] : [],
      };
  }
}
