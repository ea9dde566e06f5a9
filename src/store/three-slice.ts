// Scratch vs feature extraction vs fine-tuning in one click: the plan and its state machine are pure
// (runs/three.ts); this slice starts the three runs one after the other through startTraining, awaits each
// (scored on the test split), and opens the three together in Runs, as the A/B opens its two. Run 3 starts from
// run 2's kept classifier (its best epoch's head, matched by name and shape in the worker).
import type { StateCreator } from 'zustand';
import { armTitle, planThree, threeReducer, type ThreeState } from './runs/three';
import type { LabState } from './create';

/** Epochs of each arm unless the student sets another number (the textbook: 100 from scratch, 20 and 30 with the base). */
export const THREE_DEFAULT_EPOCHS = 20;

export interface ThreeSlice {
  three: ThreeState;
  threeEpochs: number;
  setThreeEpochs: (n: number) => void;
  startThree: () => Promise<void>;
  stopThree: () => void;
  dismissThree: () => void;
}

const ok = (end: string | null | undefined) => end === 'done' || end === 'early-stopped';

export const createThreeSlice: StateCreator<LabState, [], [], ThreeSlice> = (set, get) => {
  const send = (event: Parameters<typeof threeReducer>[1]) => set((s) => ({ three: threeReducer(s.three, event) }));

  return {
    three: { phase: 'idle' },
    threeEpochs: THREE_DEFAULT_EPOCHS,
    setThreeEpochs: (n) => set({ threeEpochs: Math.max(1, Math.min(1000, Math.round(n))) }),

    startThree: async () => {
      if (get().three.phase === 'running') return;
      const planned = planThree(get().arch, get().baseFiles);
      if (!planned.ok) return;
      const { plan } = planned;
      const id = `three-${Date.now().toString(36)}`;
      const ids: string[] = [];
      for (const [i, arm] of plan.arms.entries()) {
        const from = arm.startsFrom ? ids[arm.startsFrom.arm] : undefined;
        const runId = get().startTraining({
          arch: arm.arch,
          settings: { ...arm.settings, epochs: get().threeEpochs },
          ab: { id, name: plan.name, label: arm.label },
          // Only the arm that goes on from another's classifier starts from kept weights (never an import's).
          fineTune: from ? { initialWeights: { runId: from, which: 'best', layers: 'head' } } : {},
        });
        if (!runId) {
          if (i > 0)
            send({
              type: 'run-finished',
              ok: false,
              why: `Run ${i + 1} (${arm.label}) could not start: the data or the model changed.`,
            });
          return;
        }
        get().renameRun(runId, `${plan.name}: ${armTitle(arm)}`);
        ids.push(runId);
        send(i === 0 ? { type: 'start', plan, runId } : { type: 'run-finished', ok: true, nextRunId: runId });
        const run = await get().awaitRun(runId);
        if (get().three.phase !== 'running') return;
        if (!ok(run?.end))
          return send({
            type: 'run-finished',
            ok: false,
            why: `Run ${i + 1} (${arm.label}) did not finish${run?.failure ? `: ${run.failure.message}` : '.'}`,
          });
      }
      send({ type: 'run-finished', ok: true });
      get().setCompare(ids);
      get().setRunFilter(null);
      get().setSection('runs');
    },

    stopThree: () => {
      if (get().three.phase !== 'running') return;
      send({ type: 'cancel' });
      get().stopTraining();
    },
    dismissThree: () => set({ three: { phase: 'idle' } }),
  };
};
