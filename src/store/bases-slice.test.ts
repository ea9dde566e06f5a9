import { describe, expect, it } from 'vitest';
import { archBaseNeed, type BaseDownloadProgress, type KeptBaseFile } from '../model/base-files';
import type { Architecture } from '../model/layers';
import { completeClient, labStore } from './test-helpers';

const NAME = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';
const KEPT: KeptBaseFile = {
  fileName: NAME,
  ref: { base: 'mobilenet_v2', alpha: 0.35 },
  rows: 96,
  bytes: 1_784_596,
  md5: '0'.repeat(32),
  checksum: 'unknown',
  where: 'opfs',
  keptAt: 1,
};
const withBase = (arch: Architecture, base: 'vgg16' | 'mobilenet_v2', size: number): Architecture => ({
  ...arch,
  input: { ...arch.input, height: size, width: size, channels: 3 },
  layers: [{ id: 'b', type: 'Base', base, alpha: 0.35, fineTuneFrom: null }, ...arch.layers],
});

describe('basesSlice', () => {
  it("needs the model's base file: MobileNetV2 0.35 at 96, VGG16's one file, none without a base", () => {
    const arch = labStore().getState().arch;
    expect(archBaseNeed(arch)).toBeNull();
    expect(archBaseNeed(withBase(arch, 'mobilenet_v2', 96))).toEqual({
      ref: { base: 'mobilenet_v2', alpha: 0.35 },
      rows: 96,
    });
    expect(archBaseNeed(withBase(arch, 'mobilenet_v2', 100))?.rows).toBe(224);
    expect(archBaseNeed(withBase(arch, 'vgg16', 180))).toEqual({ ref: { base: 'vgg16' }, rows: 224 });
  });

  it('a picked file that checks out is listed; one that does not leaves the list as it was, with why', async () => {
    let answer: 'ok' | 'bad' = 'ok';
    const store = labStore(
      completeClient({
        addBaseFile: async () =>
          answer === 'ok'
            ? { ok: true, value: KEPT }
            : { ok: false, failure: { kind: 'data', message: '"x.h5" is truncated', fix: 'Get it again.' } },
      }),
    );
    expect(await store.getState().addBaseFile(new File([new Uint8Array(4)], NAME))).toBe(true);
    expect(store.getState().baseFiles).toEqual([KEPT]);
    answer = 'bad';
    expect(await store.getState().addBaseFile(new File([new Uint8Array(4)], 'x.h5'))).toBe(false);
    expect(store.getState().baseFiles).toEqual([KEPT]);
    expect(store.getState().baseFailure).toEqual({
      message: '"x.h5" is truncated',
      fix: 'Get it again.',
      byHand: null,
    });
    expect(store.getState().baseJob).toBeNull();
  });

  it('a download shows its progress; a failed one offers the file by hand; a cancelled one is no error', async () => {
    let progressSeen: BaseDownloadProgress | null = null;
    let cancelled: string | null = null;
    let finish: (message: string) => void = () => undefined;
    const store = labStore(
      completeClient({
        downloadBaseFile: (_plan, _need, _id, onProgress) => {
          onProgress({ received: 10, total: 100 });
          const job = store.getState().baseJob;
          progressSeen = job?.kind === 'download' ? job.progress : null;
          return new Promise((resolve) => {
            finish = (message) => resolve({ ok: false, failure: { kind: 'data', message, fix: 'By hand.' } });
          });
        },
        cancelBaseDownload: async (id) => void (cancelled = id),
      }),
    );
    store.setState({ arch: withBase(store.getState().arch, 'mobilenet_v2', 96) });
    const failed = store.getState().downloadBaseFile();
    expect(progressSeen).toEqual({ received: 10, total: 100 });
    finish('The storage answered 403 Forbidden.');
    expect(await failed).toBe(false);
    expect(store.getState().baseFailure?.byHand?.url).toBe(
      `https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/${NAME}`,
    );
    const again = store.getState().downloadBaseFile();
    store.getState().cancelBaseDownload();
    expect(cancelled).toMatch(/^job-/);
    finish('Download cancelled.');
    expect(await again).toBe(false);
    expect(store.getState().baseFailure).toBeNull();
  });
});
