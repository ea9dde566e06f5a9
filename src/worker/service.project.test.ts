// The project file's worker calls: a run's kept checkpoints and snapshots out, and back in a fresh worker
// (another browser), which forgets the runs it replaces.
import { describe, expect, it } from 'vitest';
import { createTrainService } from './service';
import { memoryCheckpoints } from './checkpoints';
import { memorySnapshots } from './inspect/snapshot-store';
import type { EpochSnapshot } from './inspect/snapshots';

const tensor = { name: 'dense/kernel', shape: [2, 1], values: new Float32Array([0.5, -0.25]) };
const snapshot: EpochSnapshot = {
  epoch: 1,
  input: { height: 8, width: 8, channels: 1 },
  layers: [],
  bytes: 0,
  skipped: [],
};

describe('project calls', () => {
  it('gives a run’s checkpoints and snapshots, and keeps them in another worker, forgetting replaced runs', async () => {
    const checkpoints = memoryCheckpoints();
    const snapshots = memorySnapshots();
    await checkpoints.save({ runId: 'r1', which: 'best', epoch: 1, valLoss: 0.4, tensors: [tensor] });
    await snapshots.save('r1', [snapshot]);
    const out = await createTrainService({ checkpoints, snapshots }).projectRunData('r1');
    if (!out.ok) throw new Error(out.failure.message);
    expect(out.value.best?.tensors[0]?.values).toEqual(tensor.values);
    expect(out.value.last).toBeNull();
    expect(out.value.snapshots).toEqual([snapshot]);

    const otherCheckpoints = memoryCheckpoints();
    const otherSnapshots = memorySnapshots();
    await otherCheckpoints.save({ runId: 'old', which: 'best', epoch: 3, valLoss: 1, tensors: [tensor] });
    const other = createTrainService({ checkpoints: otherCheckpoints, snapshots: otherSnapshots });
    expect((await other.projectRestoreRuns(['old'], [out.value])).ok).toBe(true);
    expect(await otherCheckpoints.load('old', 'best')).toBeNull();
    expect((await otherCheckpoints.load('r1', 'best'))?.tensors[0]?.values).toEqual(tensor.values);
    expect(await otherSnapshots.load('r1')).toEqual([snapshot]);
  });
});
