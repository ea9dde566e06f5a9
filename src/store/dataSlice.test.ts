import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLab } from './index';

/** A stand-in for public/datasets/mnist.bin: 10 images per digit, 28x28. */
function fakeMnist(perDigit = 10): ArrayBuffer {
  const count = perDigit * 10;
  const buf = new ArrayBuffer(12 + count + count * 784);
  const view = new DataView(buf);
  [...'MNST'].forEach((c, i) => view.setUint8(i, c.charCodeAt(0)));
  view.setUint32(4, count, true);
  view.setUint16(8, 28, true);
  view.setUint16(10, 28, true);
  for (let i = 0; i < count; i++) {
    view.setUint8(12 + i, Math.floor(i / perDigit));
    view.setUint8(12 + count + i * 784 + (i % 784), 255); // every image different
  }
  return buf;
}

const waitForState = (state: string) =>
  vi.waitFor(() => expect(useLab.getState().dataState).toBe(state), { timeout: 5000 });
const blob = (size = 10) => new Blob([new Uint8Array(size)]);
const initial = useLab.getState();

describe('data slice', () => {
  beforeEach(() => {
    useLab.setState(initial, true);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(fakeMnist())),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads built-in MNIST, sets the model input and classes, and caps per class', async () => {
    useLab.getState().setInputShape({ height: 180, width: 180, channels: 3 });
    useLab.getState().loadBuiltinDataset('mnist');
    expect(useLab.getState().dataState).toBe('loading');
    await waitForState('ready');
    const { dataset, arch } = useLab.getState();
    expect(dataset!.classNames).toHaveLength(10);
    expect(dataset!.train.count + dataset!.val.count + dataset!.test.count).toBe(100);
    expect(arch.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(arch.numClasses).toBe(10);

    useLab.getState().setMaxPerClass(5);
    expect(useLab.getState().dataState).toBe('loading'); // at once: "ready" must mean the new cap
    await waitForState('ready');
    const capped = useLab.getState().dataset!;
    expect([capped.train.count, capped.val.count, capped.test.count]).toEqual([30, 10, 10]);
  });

  it('re-splits with a new seed without losing images', async () => {
    useLab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    const before = useLab.getState().dataset!;
    useLab.getState().setSplitSeed(99);
    const after = useLab.getState().dataset!;
    expect(after.train.count).toBe(before.train.count);
    expect(after.train.images).not.toEqual(before.train.images);
  });

  it('refuses data edits while locked, and says why', () => {
    useLab.getState().setDataLock('Training is running.');
    useLab.getState().loadBuiltinDataset('mnist');
    useLab.getState().setMaxPerClass(3);
    useLab.getState().clearDataset();
    expect(useLab.getState().dataState).toBe('empty');
    expect(useLab.getState().maxPerClass).toBe(0);
    expect(useLab.getState().dataNotice).toBe('Training is running.');
    useLab.getState().setDataLock(null);
    expect(useLab.getState().dataNotice).toBeNull();
  });

  it('shows a bad folder layout as an error with the expected tree, keeping what was loaded', async () => {
    useLab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    useLab.getState().loadFolder([
      { path: 'photos/a.jpg', blob: blob() },
      { path: 'photos/.DS_Store', blob: blob() },
    ]);
    const s = useLab.getState();
    expect(s.dataState).toBe('error');
    expect(s.dataError!.message).toMatch(/top level/);
    expect(s.dataError!.tree).toContain('validation/');
    expect(s.skipped).toEqual([
      { path: '.DS_Store', reason: 'macOS folder settings file (.DS_Store)' },
      { path: 'a.jpg', reason: 'not inside a class folder (top level of the folder)' },
    ]);
    expect(s.dataset!.name).toBe('MNIST digits');
    s.dismissDataError();
    expect(useLab.getState().dataState).toBe('ready');
  });

  it('cancelling a load keeps the previous dataset', async () => {
    useLab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    const before = useLab.getState().dataset;
    useLab.getState().setMaxPerClass(2);
    useLab.getState().cancelLoading();
    expect(useLab.getState().dataState).toBe('ready');
    expect(useLab.getState().dataset).toBe(before);
  });

  it('follows the model’s input: a new size or colour mode remakes the dataset by itself', async () => {
    useLab.getState().loadBuiltinDataset('mnist');
    await waitForState('ready');
    useLab.getState().setInputShape({ height: 20, channels: 3 });
    expect(useLab.getState().dataState).toBe('loading');
    await waitForState('ready');
    const d = useLab.getState().dataset!;
    expect([d.height, d.width, d.channels]).toEqual([20, 28, 3]);
    expect(d.train.images.length).toBe(d.train.count * 20 * 28 * 3);
    // An edit that leaves the input as it is starts nothing.
    useLab.getState().setNumClasses(10);
    useLab.getState().setInputShape({ height: 20 });
    expect(useLab.getState().dataState).toBe('ready');
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
        if (calls > 1) return new Response(fakeMnist());
        // The first download ignores the abort (as a response already on its way does) and arrives last, with other images.
        await held;
        const res = new Response(fakeMnist(7));
        const read = res.arrayBuffer.bind(res);
        res.arrayBuffer = async () => {
          const buf = await read();
          staleRead = true;
          return buf;
        };
        return res;
      }),
    );
    useLab.getState().loadBuiltinDataset('mnist');
    useLab.getState().setMaxPerClass(3); // restarts the load with a cap
    await waitForState('ready');
    const newer = useLab.getState().dataset!;
    expect(newer.train.count + newer.val.count + newer.test.count).toBe(30);
    release();
    await vi.waitFor(() => expect(staleRead).toBe(true));
    await new Promise((r) => setTimeout(r, 0)); // let the stale job run to its end (one task: no timing involved)
    expect(useLab.getState().dataset).toBe(newer);
    expect(useLab.getState().dataState).toBe('ready');
  });
});
