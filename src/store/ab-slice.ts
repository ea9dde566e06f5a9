// A/B in one click: the current setup "as is" and with (or without)
// augmentation and Dropout, trained one after the other on the same data,
// split and seed, then opened side by side in Runs. The plan and the state
// machine are pure (runs/ab.ts); this slice only drives the two runs.
import type { StateCreator } from 'zustand';
import { abReducer, hasRegularisation, planAb, type AbState } from './runs/ab';
import type { LabState } from './index';

/**
 * Epochs of each A/B arm, as the textbook gives them (30 for the plain convnet, 100 with augmentation and Dropout):
 * an augmented model sees a new variant of every image each epoch and needs longer to fit. More epochs never hurt the
 * plain arm, whose kept checkpoint is its lowest val_loss (on the built-in shapes its val_loss turns up after ~15
 * epochs). Measured per seed in docs/BENCHMARKS.md, "The A/B lesson".
 */
export const AB_DEFAULT_EPOCHS: AbEpochs = { plain: 30, augmented: 100 };

/** Epochs of the arm without, and of the arm with, augmentation and Dropout. */
export interface AbEpochs {
  plain: number;
  augmented: number;
}

export interface AbSlice {
  ab: AbState;
  abEpochs: AbEpochs;
  setAbEpochs: (arm: keyof AbEpochs, n: number) => void;
  startAb: () => Promise<void>;
  stopAb: () => void;
  dismissAb: () => void;
}

export const createAbSlice: StateCreator<LabState, [], [], AbSlice> = (set, get) => {
  const send = (event: Parameters<typeof abReducer>[1]) => set((s) => ({ ab: abReducer(s.ab, event) }));
  const ok = (end: string | null | undefined) => end === 'done' || end === 'early-stopped';

  return {
    ab: { phase: 'idle' },
    abEpochs: AB_DEFAULT_EPOCHS,
    setAbEpochs: (arm, n) =>
      set((s) => ({ abEpochs: { ...s.abEpochs, [arm]: Math.max(1, Math.min(1000, Math.round(n))) } })),

    startAb: async () => {
      if (get().ab.phase === 'running') return;
      const plan = planAb(get().arch);
      const id = `ab-${Date.now().toString(36)}`;
      const epochs = get().abEpochs;
      const settingsOf = (arch: typeof plan.a.arch) => ({
        epochs: hasRegularisation(arch) ? epochs.augmented : epochs.plain,
      });
      const first = get().startTraining({
        arch: plan.a.arch,
        settings: settingsOf(plan.a.arch),
        ab: { id, name: plan.name, label: plan.a.label },
      });
      if (!first) return;
      send({ type: 'start', plan, runId: first });
      const a = await get().awaitRun(first);
      if (get().ab.phase !== 'running') return;
      if (!ok(a?.end))
        return send({
          type: 'run-finished',
          ok: false,
          why: `The first run (${plan.a.label}) did not finish${a?.failure ? `: ${a.failure.message}` : '.'}`,
        });
      const second = get().startTraining({
        arch: plan.b.arch,
        settings: settingsOf(plan.b.arch),
        ab: { id, name: plan.name, label: plan.b.label },
      });
      if (!second)
        return send({
          type: 'run-finished',
          ok: false,
          why: `The second run (${plan.b.label}) could not start: the data or the model changed.`,
        });
      send({ type: 'run-finished', ok: true, nextRunId: second });
      const b = await get().awaitRun(second);
      if (get().ab.phase !== 'running') return;
      if (!ok(b?.end))
        return send({
          type: 'run-finished',
          ok: false,
          why: `The second run (${plan.b.label}) did not finish${b?.failure ? `: ${b.failure.message}` : '.'}`,
        });
      send({ type: 'run-finished', ok: true });
      // Open the comparison, as the textbook plots the two curves together.
      get().setCompare([first, second]);
      get().setRunFilter(null);
      get().setSection('runs');
    },

    stopAb: () => {
      if (get().ab.phase !== 'running') return;
      send({ type: 'cancel' });
      get().stopTraining();
    },
    dismissAb: () => set({ ab: { phase: 'idle' } }),
  };
};
