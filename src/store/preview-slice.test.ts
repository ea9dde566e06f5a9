import { beforeEach, describe, expect, it } from 'vitest';
import { completeClient, labStore } from './test-helpers';
import type { LabStore } from './create';
import { previewSource } from './preview-slice';
import type { AugmentPreviewRequest, ShortResult } from '../client/types';
import type { BackendChoice } from '../model/training';
import { configOf } from '../model/layers';
import { findPreset } from '../model/presets';
import type { ImageDataset, SplitData } from '../data/types';

const S = 4;
/** Every image of every split holds different bytes: image k of a split is filled with base + k. */
const split = (count: number, base: number): SplitData => ({
  images: Uint8Array.from({ length: count * S * S }, (_, i) => base + Math.floor(i / (S * S))),
  labels: Uint16Array.from({ length: count }, (_, i) => i % 2),
  count,
});
const dataset: ImageDataset = {
  id: 'tiny',
  name: 'Tiny',
  source: 'builtin',
  classNames: ['cat', 'dog'],
  height: S,
  width: S,
  channels: 1,
  train: split(6, 10),
  val: split(3, 100),
  test: split(3, 200),
};

let lab: LabStore;
const state = () => lab.getState();
/** A fresh store over `client`, the dataset loaded and Data open. */
const open = (client = completeClient({})) => {
  lab = labStore(client);
  lab.setState({ arch: findPreset('mnist-convnet')!.build(), dataset, section: 'data' });
};

function fakeClient(answer: ShortResult<Uint8Array[]>) {
  const calls: [AugmentPreviewRequest, BackendChoice][] = [];
  const refuse = async () => {
    throw new Error('not used here');
  };
  const client = completeClient({
    setDataset: refuse,
    hasDataset: refuse,
    train: refuse,
    control: refuse,
    evaluate: refuse,
    augmentSamples: async (request: AugmentPreviewRequest, backend: BackendChoice) => (
      calls.push([request, backend]),
      answer
    ),
  });
  return { client, calls };
}

describe('preview slice', () => {
  beforeEach(() => open());

  it('shows the first training image without a pick, as a copy (not a view of the whole split)', () => {
    expect(previewSource(null, null)).toBeNull();
    const source = previewSource(dataset, null)!;
    expect(Array.from(source.image.pixels)).toEqual(new Array(S * S).fill(10));
    expect(source.image.pixels.buffer.byteLength).toBe(S * S);
    expect(source.caption).toContain('first training image ("cat")');
    // An empty training split: the first image of the next split.
    const noTrain = { ...dataset, train: { images: new Uint8Array(0), labels: new Uint16Array(0), count: 0 } };
    expect(Array.from(previewSource(noTrain, null)!.image.pixels)).toEqual(new Array(S * S).fill(100));
  });

  it('a sample picked in Data opens Model with that image; it lasts only as long as its dataset', () => {
    state().previewAugmentationOf('val', 1);
    expect(state().section).toBe('model');
    const source = previewSource(state().dataset, state().previewPick)!;
    expect(Array.from(source.image.pixels)).toEqual(new Array(S * S).fill(101));
    expect(source.caption).toContain('"dog" validation image, picked in Data');
    // Another dataset, or this one remade at another size: back to its first training image.
    expect(previewSource({ ...dataset, id: 'other' }, state().previewPick)!.image.pixels[0]).toBe(10);
    const bigger = {
      ...dataset,
      height: 2 * S,
      train: { ...dataset.train, images: new Uint8Array(6 * 2 * S * S).fill(7) },
    };
    expect(previewSource(bigger, state().previewPick)!.image.pixels).toHaveLength(2 * S * S);
    // An index that is not there changes nothing.
    lab.setState({ section: 'data' });
    state().previewAugmentationOf('test', 3);
    expect(state().section).toBe('data');
    expect(state().previewPick).toMatchObject({ split: 'val', index: 1 });
  });

  it('asks the worker on the backend of the training settings, and turns a failure into its message and fix', async () => {
    const images = [new Uint8Array(S * S)];
    const ok = fakeClient({ ok: true, value: images });
    open(ok.client);
    state().setTrainSettings({ backend: 'wasm' });
    const request: AugmentPreviewRequest = {
      arch: state().arch,
      image: previewSource(dataset, null)!.image,
      count: 9,
      seed: 3,
      enabled: [],
    };
    await expect(state().augmentPreview(request)).resolves.toBe(images);
    expect(ok.calls).toEqual([[request, 'wasm']]);

    const failing = fakeClient({
      ok: false,
      failure: { kind: 'data', message: 'The preview image holds 3 bytes.', fix: 'Load the image again.' },
    });
    open(failing.client);
    state().setTrainSettings({ backend: 'wasm' });
    await expect(state().augmentPreview(request)).rejects.toThrow(
      'The preview image holds 3 bytes. Load the image again.',
    );
  });

  it("adds the textbook's three augmentation layers at the top as one undo step, once, and not while training locks the model", () => {
    const before = state().arch.layers.map((l) => configOf(l));
    expect(state().addTextbookAugmentation()).toBe(true);
    expect(
      state()
        .arch.layers.slice(0, 3)
        .map((l) => configOf(l)),
    ).toEqual([
      { type: 'RandomFlip', mode: 'horizontal' },
      { type: 'RandomRotation', factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
      {
        type: 'RandomZoom',
        heightFactor: 0.2,
        widthFactor: null,
        fillMode: 'reflect',
        interpolation: 'bilinear',
        fillValue: 0,
      },
    ]);
    expect(
      state()
        .arch.layers.slice(3)
        .map((l) => configOf(l)),
    ).toEqual(before);
    expect(state().addTextbookAugmentation()).toBe(false); // already there: not twice
    state().undo();
    expect(state().arch.layers.map((l) => configOf(l))).toEqual(before);

    state().setModelLock('Training is running: stop it to edit the model.');
    expect(state().addTextbookAugmentation()).toBe(false);
    expect(state().modelNotice).toContain('Training is running');
    expect(state().arch.layers.map((l) => configOf(l))).toEqual(before);
  });
});
