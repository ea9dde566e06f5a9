import { beforeEach, describe, expect, it } from 'vitest';
import { completeClient, labStore } from './test-helpers';
import type { LabStore } from './create';
import type { InspectSource, SnapshotList } from '../client/types';
import { findPreset } from '../model/presets';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import { inspectedRun, keptSource, scrubbedEpoch, viewSource } from './inspect-slice';

const arch = findPreset('mnist-convnet')!.build();
const run = (id: string, createdAt: number, bestEpoch: number | null = 2): Run => ({
  id,
  createdAt,
  arch,
  loss: 'sparse_categorical_crossentropy',
  settings: DEFAULT_SETTINGS,
  dataset: { id: 'mnist', name: 'MNIST', classNames: [...'0123456789'], counts: { train: 8, val: 1, test: 1 } },
  epochs: [],
  bestEpoch,
  test: null,
  backend: null,
  end: 'done',
  failure: null,
});
const list = (runId: string, epochs: number[]): SnapshotList => ({
  runId,
  snapshots: epochs.map((epoch) => ({ epoch, bytes: 100, layers: ['conv2d'], skipped: [] })),
  bytes: 100 * epochs.length,
  boundBytes: 4 << 20,
});

let lab: LabStore;
const state = () => lab.getState();

describe('inspect slice', () => {
  const asked: { name: string; args: unknown[] }[] = [];
  let snapshotAnswer: (runId: string) => Promise<unknown> = async (runId) => ({
    ok: true,
    value: list(runId, [1, 2, 3]),
  });
  beforeEach(() => {
    asked.length = 0;
    snapshotAnswer = async (runId) => ({ ok: true, value: list(runId, [1, 2, 3]) });
    const refused = { ok: false as const, failure: { kind: 'data' as const, message: 'no', fix: '' } };
    const client = completeClient({
      snapshots: (id) => snapshotAnswer(id) as never,
      inspectKernels: async (...args) => (asked.push({ name: 'inspectKernels', args }), refused),
    });
    lab = labStore(client);
    lab.setState({ runs: [run('old', 1), run('new', 2, null)] });
  });

  it('inspects the current run, else the newest; a chosen run wins and resets the scrubber', () => {
    expect(inspectedRun(state())?.id).toBe('new');
    lab.setState({ currentRunId: 'old' });
    expect(inspectedRun(state())?.id).toBe('old');
    state().setInspectEpoch(2);
    state().setInspectRun('new');
    expect(inspectedRun(state())?.id).toBe('new');
    expect(state().inspectEpoch).toBeNull();
  });

  it('reads from the kept checkpoint, the live model while the run trains, and the scrubbed snapshot once the run has some', async () => {
    const [old, fresh] = state().runs;
    expect(keptSource(state(), old!)).toEqual({ runId: 'old', which: 'best', arch });
    // A run stopped before a best epoch was known still has its last epoch.
    expect(keptSource(state(), fresh!)).toEqual({ runId: 'new', which: 'last', arch });
    lab.setState({ currentRunId: 'old', trainState: 'training' });
    expect(keptSource(state(), old!)).toBe('current');

    await state().loadInspectSnapshots();
    expect(state().inspectSnapshots?.snapshots.map((x) => x.epoch)).toEqual([1, 2, 3]);
    expect(viewSource(state(), old!)).toEqual({ runId: 'old', epoch: 3, arch });
    state().setInspectEpoch(1);
    expect(viewSource(state(), old!)).toEqual({ runId: 'old', epoch: 1, arch });
    // An epoch the run did not keep falls back to the latest kept one.
    expect(scrubbedEpoch(list('old', [1, 5]), 3)).toBe(5);
    expect(scrubbedEpoch(null, 3)).toBeNull();
  });

  it('passes requests through to the worker and turns a worker that does not answer into a failure', async () => {
    const source: InspectSource = { runId: 'old', which: 'best', arch };
    await state().inspectKernels(source, 'conv2d_1');
    expect(asked).toEqual([{ name: 'inspectKernels', args: [source, 'conv2d_1'] }]);
    snapshotAnswer = async () => {
      throw new Error('worker gone');
    };
    await state().loadInspectSnapshots();
    expect(state().inspectSnapshots).toBeNull();
    expect(state().inspectSnapshotsError?.message).toMatch(/worker gone/);
  });
});
