// The training worker: a thin shell that exposes the session over Comlink.
// Every tfjs call of the app runs in here, never on the main thread.
import * as Comlink from 'comlink';
import { createTrainService } from './service';
import { indexedDbCheckpoints, layeredCheckpoints, memoryCheckpoints } from './checkpoints';
import { opfsSpillStore } from './spill';
import { indexedDbSnapshots, layeredSnapshots, memorySnapshots } from './inspect/snapshot-store';

const durable = typeof indexedDB !== 'undefined' ? indexedDbCheckpoints() : memoryCheckpoints();
// Inspect: the runs' epoch snapshots, kept beside the checkpoints.
const snapshots = layeredSnapshots(typeof indexedDB !== 'undefined' ? indexedDbSnapshots() : memorySnapshots());
Comlink.expose(
  createTrainService({
    checkpoints: layeredCheckpoints(memoryCheckpoints({ latestRunOnly: true }), durable),
    snapshots,
    spills: opfsSpillStore(),
  }),
);
