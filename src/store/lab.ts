// The app's one store, made here and nowhere else; main.tsx starts it. Tests
// never import this file: each makes its own store with createLabStore.
import { createTrainClient } from '../client/client';
import { createLabStore } from './create';
import { indexedDbRuns } from './runs/db';
import { startLab as start } from './startup';
import type { LabDeps } from './deps';
import type { Run } from './train-runs';

const deps: LabDeps = {
  client: createTrainClient(),
  runsDb: typeof indexedDB !== 'undefined' ? indexedDbRuns<Run>() : null,
  // Read through globalThis: where there is none (a UI test in Node), persist says so and keeps nothing.
  storage: globalThis.localStorage,
};

export const useLab = createLabStore(deps);

/** Once, at start-up: the saved dataset and runs back, a left pixels file removed. */
export const startLab = (): Promise<void> => start(useLab, deps);
