import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { baseDownloadPlan, DOWNLOAD_CANCELLED, type BaseNeed } from '../model/base-files';
import { keptBaseWeights } from './base-files/load';
import { baseFixtureFile } from './h5/base-fixture';
import { baseEntries } from './service-bases';

const NEED: BaseNeed = { ref: { base: 'mobilenet_v2', alpha: 0.35 }, rows: 96 };
const NAME = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';
const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

afterEach(async () => {
  vi.unstubAllGlobals();
  const api = baseEntries();
  const kept = await api.baseFiles();
  if (kept.ok) for (const f of kept.value) await api.removeBaseFile(f.fileName);
});

describe('base weight files in the worker (IndexedDB where there is no OPFS, as in Node)', () => {
  it('keeps a picked file once checked, lists it with its size, loads its weights, removes it', async () => {
    const api = baseEntries();
    const bytes = await baseFixtureFile(NEED.ref);
    const added = await api.addBaseFile({ name: NAME, blob: blobOf(bytes) }, NEED);
    expect(added).toMatchObject({ ok: true, value: { fileName: NAME, bytes: bytes.length, where: 'indexeddb' } });
    const listed = await api.baseFiles();
    expect(listed.ok && listed.value.map((f) => [f.fileName, f.bytes, f.checksum])).toEqual([
      [NAME, bytes.length, 'unknown'],
    ]);
    const weights = await keptBaseWeights(NEED);
    expect(weights?.[0]?.layer).toBe('Conv1');
    await api.removeBaseFile(NAME);
    expect(await api.baseFiles()).toEqual({ ok: true, value: [] });
    expect(await keptBaseWeights(NEED)).toBeNull();
  });

  it('keeps nothing from a damaged file and says why', async () => {
    const api = baseEntries();
    const bytes = await baseFixtureFile(NEED.ref);
    const added = await api.addBaseFile({ name: NAME, blob: blobOf(bytes.slice(0, 5000)) }, NEED);
    expect(added.ok).toBe(false);
    expect(!added.ok && added.failure.message).toMatch(/truncated/);
    expect(await api.baseFiles()).toEqual({ ok: true, value: [] });
  });

  it('downloads from the plan URL with progress, checks and keeps it', async () => {
    const bytes = await baseFixtureFile(NEED.ref);
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(blobOf(bytes), { headers: { 'content-length': String(bytes.length) } });
    });
    const plan = baseDownloadPlan(NEED, 'http://localhost/test-weights/');
    const progress: number[] = [];
    const got = await baseEntries().downloadBaseFile(plan, NEED, 'd1', (p) => progress.push(p.received));
    expect(fetched).toEqual([`http://localhost/test-weights/${NAME}`]);
    expect(got).toMatchObject({ ok: true, value: { fileName: NAME, bytes: bytes.length } });
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it('a failed download keeps nothing and points to the hand download', async () => {
    vi.stubGlobal('fetch', async () => new Response('no', { status: 403, statusText: 'Forbidden' }));
    const got = await baseEntries().downloadBaseFile(baseDownloadPlan(NEED), NEED, 'd2', () => undefined);
    expect(got).toMatchObject({ ok: false, failure: { message: 'The storage answered 403 Forbidden.' } });
    expect(!got.ok && got.failure.fix).toMatch(/by hand/);
    expect(await baseEntries().baseFiles()).toEqual({ ok: true, value: [] });
  });

  it('VGG16: a download whose MD5 is not the one Keras names is refused', async () => {
    const need: BaseNeed = { ref: { base: 'vgg16' }, rows: 224 };
    // The MD5 is checked as the download ends, before the file is parsed: any other bytes show it.
    const bytes = await baseFixtureFile(NEED.ref);
    vi.stubGlobal('fetch', async () => new Response(blobOf(bytes)));
    const got = await baseEntries().downloadBaseFile(baseDownloadPlan(need), need, 'd3', () => undefined);
    expect(!got.ok && got.failure.message).toMatch(/Keras names 6d6bbae143d832006294945121d1f1fc/);
  });

  it('Cancel stops a download under way: nothing kept, and the page is told it was cancelled', async () => {
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(1000));
          init.signal!.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { headers: { 'content-length': '5000000' } });
    });
    const api = baseEntries();
    let started: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (started = resolve));
    const pending = api.downloadBaseFile(baseDownloadPlan(NEED), NEED, 'd4', (p) => p.received > 0 && started());
    await arrived;
    await api.cancelBaseDownload('d4');
    expect(await pending).toMatchObject({ ok: false, failure: { message: DOWNLOAD_CANCELLED } });
    expect(await api.baseFiles()).toEqual({ ok: true, value: [] });
  });

  it('a download cut short says how much of it came', async () => {
    vi.stubGlobal('fetch', async () => new Response(new Uint8Array(1234), { headers: { 'content-length': '9000' } }));
    const got = await baseEntries().downloadBaseFile(baseDownloadPlan(NEED), NEED, 'd5', () => undefined);
    expect(!got.ok && got.failure.message).toBe('The download ended after 1,234 of 9,000 bytes.');
  });
});
