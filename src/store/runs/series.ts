// A series of runs started one after another on the same data (the A/B's two, the three-way comparison's
// three), as one small state machine the Train view shows as one progress display. Pure.

export type SeriesState<Plan> =
  | { phase: 'idle' }
  | { phase: 'running'; step: number; runIds: string[]; plan: Plan }
  | { phase: 'done'; runIds: string[]; plan: Plan }
  | { phase: 'failed'; runIds: string[]; plan: Plan; why: string };

export type SeriesEvent<Plan> =
  | { type: 'start'; plan: Plan; runId: string }
  | { type: 'run-finished'; ok: boolean; why?: string; nextRunId?: string }
  | { type: 'cancel' };

/** The reducer of a series of `runs` runs; `stopped` is what a cancel says. */
export function seriesReducer<Plan>(runs: number, stopped: string) {
  return (state: SeriesState<Plan>, event: SeriesEvent<Plan>): SeriesState<Plan> => {
    switch (event.type) {
      case 'start':
        return state.phase === 'running'
          ? state
          : { phase: 'running', step: 0, runIds: [event.runId], plan: event.plan };
      case 'run-finished':
        if (state.phase !== 'running') return state;
        if (!event.ok)
          return { phase: 'failed', runIds: state.runIds, plan: state.plan, why: event.why ?? 'A run did not finish.' };
        if (state.step < runs - 1 && event.nextRunId)
          return { ...state, step: state.step + 1, runIds: [...state.runIds, event.nextRunId] };
        if (state.step === runs - 1) return { phase: 'done', runIds: state.runIds, plan: state.plan };
        return state;
      case 'cancel':
        return state.phase === 'running'
          ? { phase: 'failed', runIds: state.runIds, plan: state.plan, why: stopped }
          : state;
    }
  };
}
