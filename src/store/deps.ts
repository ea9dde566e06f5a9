// What a lab store is given rather than reaching for: the training worker's
// client, where runs are kept and where the student's setup is saved. The app
// passes the real ones (lab.ts); each test passes its own fakes to a fresh store.
import type { StateStorage } from 'zustand/middleware';
import type { TrainClient } from '../client/client';
import type { RunsDb } from './runs/db';
import type { Run } from './train-runs';

export interface LabDeps {
  client: TrainClient;
  /** Where runs are kept (IndexedDB); null when the browser has none: runs then last for the page. */
  runsDb: RunsDb<Run> | null;
  /** Where the student's setup is saved between visits (localStorage in the app). */
  storage: StateStorage;
}

/** What a slice that talks to the training worker is given. */
export type ClientDeps = Pick<LabDeps, 'client'>;
