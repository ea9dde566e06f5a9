// The training worker: a thin shell that exposes the session over Comlink.
// Every tfjs call of the app runs in here, never on the main thread.
import * as Comlink from 'comlink';
import { createTrainService } from './service';
import { indexedDbCheckpoints, layeredCheckpoints, memoryCheckpoints } from './checkpoints';

const durable = typeof indexedDB !== 'undefined' ? indexedDbCheckpoints() : memoryCheckpoints();
Comlink.expose(createTrainService({ checkpoints: layeredCheckpoints(memoryCheckpoints({ latestRunOnly: true }), durable) }));
