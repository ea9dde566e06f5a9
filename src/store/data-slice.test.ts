import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { epoch, fakeClient, fakeMnistBin, flush, labStore, stubMnistFetch } from './test-helpers';
import type { LabStore } from './create';

const waitForState = (state: string) =>
  vi.waitFor(() => expect(lab.getState().dataState).toBe(state), { timeout: 5000 });
const blob = (size = 10) => new Blob([new Uint8Array(size)]);
let lab: LabStore;

describe('data slice', () => {
  beforeEach(() => {
    lab = labStore();
    stubMnistFetch();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads built-in MNIST, sets the model input and classes, and caps per class', async () => {
    lab.getState().setInputShape({ height: 180, width: 180, channels: 3 });
    lab.getState().loadBuiltinDataset('mnist');
    expect(lab.getState().dataState).toBe('loading');
    await waitForState('ready');
    const { dataset, arch } = lab.getState();
    expect(dataset!.classNames).toHaveLength(10);
    expect(dataset!.train.count + dataset!.val.count + dataset!.test.count).toBe(100);
    expect(arch.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(arch.numClasses).toBe(10);

    lab.getState().setMaxPerClass(5);
    expect(lab.getState().dataState).toBe('loading'); // at once: "ready" must mean the new cap
    await waitForState('ready');
    const capped = lab.getState().dataset!;
    expect([capped.train.count, capped.val.count, capped.test.count]).toEqual([30, 10, 10]);
  });

  it('re-splits with a new seed without losing images', async () => {
    lab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    const before = lab.getState().dataset!;
    lab.getState().setSplitSeed(99);
    const after = lab.getState().dataset!;
    expect(after.train.count).toBe(before.train.count);
    expect(after.train.images).not.toEqual(before.train.images);
  });

  it('refuses data edits while locked, and says why', () => {
    lab.getState().setDataLock('Training is running.');
    lab.getState().loadBuiltinDataset('mnist');
    lab.getState().setMaxPerClass(3);
    lab.getState().clearDataset();
    expect(lab.getState().dataState).toBe('empty');
    expect(lab.getState().maxPerClass).toBe(0);
    expect(lab.getState().dataNotice).toBe('Training is running.');
    lab.getState().setDataLock(null);
    expect(lab.getState().dataNotice).toBeNull();
  });

  it('shows a bad folder layout as an error with the expected tree, keeping what was loaded', async () => {
    lab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    lab.getState().loadFolder([
      { path: 'photos/a.jpg', blob: blob() },
      { path: 'photos/.DS_Store', blob: blob() },
    ]);
    await waitForState('error');
    const s = lab.getState();
    expect(s.dataError!.message).toMatch(/top level/);
    expect(s.dataError!.tree).toContain('validation/');
    expect(s.skipped).toEqual([
      { path: '.DS_Store', reason: 'macOS folder settings file (.DS_Store)' },
      { path: 'a.jpg', reason: 'not inside a class folder (top level of the folder)' },
    ]);
    expect(s.dataset!.name).toBe('MNIST digits');
    s.dismissDataError();
    expect(lab.getState().dataState).toBe('ready');
  });

  it('cancelling a load keeps the previous dataset', async () => {
    lab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    const before = lab.getState().dataset;
    lab.getState().setMaxPerClass(2);
    lab.getState().cancelLoading();
    expect(lab.getState().dataState).toBe('ready');
    expect(lab.getState().dataset).toBe(before);
  });

  it('follows the model’s input: a new size or colour mode remakes the dataset by itself', async () => {
    lab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    lab.getState().setInputShape({ height: 20, channels: 3 });
    expect(lab.getState().dataState).toBe('loading');
    await waitForState('ready');
    const d = lab.getState().dataset!;
    expect([d.height, d.width, d.channels]).toEqual([20, 28, 3]);
    expect(d.train.images.length).toBe(d.train.count * 20 * 28 * 3);
    // An edit that leaves the input as it is starts nothing.
    lab.getState().setNumClasses(10);
    lab.getState().setInputShape({ height: 20 });
    expect(lab.getState().dataState).toBe('ready');
  });

  // Typing a new size in Model changes the input twice (height, then width): the second change may land while the
  // first remake starts, decodes, or is being saved. Whichever, the dataset ends at the last size, and ready.
  for (const when of ['at once', 'while decoding', 'while saving'] as const)
    it(`two input changes in a row (the second ${when}) end with the dataset at the last one`, async () => {
      lab.getState().loadBuiltinDataset('mnist');
      await waitForState('ready');
      const phase = when === 'while saving' ? 'saving' : 'loading';
      const second = new Promise<void>((resolve) => {
        if (when === 'at once') return resolve();
        const stop = lab.subscribe((s) => {
          if (s.dataLoader.phase !== phase || (when === 'while decoding' && !s.dataProgress?.total)) return;
          stop();
          resolve();
        });
      });
      lab.getState().setInputShape({ height: 20 });
      await second;
      lab.getState().setInputShape({ width: 24 });
      await waitForState('ready');
      await new Promise((r) => setTimeout(r, 0)); // the first remake's late results, if any, come and go
      const d = lab.getState().dataset!;
      expect(lab.getState().dataState).toBe('ready');
      expect([d.height, d.width]).toEqual([20, 24]);
    });

  it('follows a new input typed right after a run ends (and is scored on test); none while the run trains', async () => {
    const fake = fakeClient();
    lab = labStore(fake.client);
    lab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    const runId = lab.getState().startTraining();
    await flush();
    lab.getState().setInputShape({ height: 20 });
    expect(lab.getState().arch.input.height).toBe(28); // the model is locked while it trains: nothing to follow
    fake.jobs[0]!.emit({ type: 'epoch', metrics: epoch(1, 0.5), isBest: true });
    fake.jobs[0]!.end({ end: 'done', epochsDone: 1, bestEpoch: 1 });
    await flush();
    expect(lab.getState().runs.find((r) => r.id === runId)!.end).toBe('done');
    lab.getState().setInputShape({ height: 20 });
    lab.getState().setInputShape({ width: 24 });
    expect(lab.getState().dataState).toBe('loading');
    await waitForState('ready');
    const d = lab.getState().dataset!;
    expect([d.height, d.width]).toEqual([20, 24]);
    expect(fake.evaluations).toHaveLength(1);
  });

  it('a slow, superseded load never overwrites the newer one', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let staleRead = false;
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        calls += 1;
        if (calls > 1) return new Response(fakeMnistBin());
        // The first download ignores the abort (as a response already on its way does) and arrives last, with other images.
        await held;
        const res = new Response(fakeMnistBin(7));
        const read = res.arrayBuffer.bind(res);
        res.arrayBuffer = async () => {
          const buf = await read();
          staleRead = true;
          return buf;
        };
        return res;
      }),
    );
    lab.getState().loadBuiltinDataset('mnist');
    lab.getState().setMaxPerClass(3); // restarts the load with a cap
    await waitForState('ready');
    const newer = lab.getState().dataset!;
    expect(newer.train.count + newer.val.count + newer.test.count).toBe(30);
    release();
    await vi.waitFor(() => expect(staleRead).toBe(true));
    await new Promise((r) => setTimeout(r, 0)); // let the stale job run to its end (one task: no timing involved)
    expect(lab.getState().dataset).toBe(newer);
    expect(lab.getState().dataState).toBe('ready');
  });
});
