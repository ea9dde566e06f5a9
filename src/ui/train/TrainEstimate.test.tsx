// @vitest-environment happy-dom
// What Train says before a run with a pretrained base: the base's features once, then the head's epochs, and
// where the features are kept (by the pixels' rule: on disk from 64 MB under auto).
import { describe, expect, it } from 'vitest';
import { byTestId, renderMarkup } from '../dom-test-helpers';
import { findPreset } from '../../model/presets';
import { DEFAULT_SETTINGS } from '../../store/train-runs';
import type { ImageDataset, SplitData } from '../../data/types';
import type { PixelsWhileTraining } from '../../data/spill-file';
import { TrainEstimateBody } from './TrainEstimate';
import { estimateRun } from './use-train-estimate';

// The textbook's cats vs dogs at 180x180 (only the counts matter to the estimate).
const split = (count: number): SplitData => ({ images: new Uint8Array(0), labels: new Uint16Array(0), count });
const cats: ImageDataset = {
  id: 'cats',
  name: 'cats vs dogs',
  source: 'folder',
  classNames: ['cat', 'dog'],
  height: 180,
  width: 180,
  channels: 3,
  train: split(2000),
  val: split(1000),
  test: split(1000),
};

const view = (preset: string, pixelsMode: PixelsWhileTraining = 'auto', dataset: ImageDataset | null = cats) => {
  const settings = { ...DEFAULT_SETTINGS, backend: 'wasm' as const, batchSize: 32 };
  const e = estimateRun({ arch: findPreset(preset)!.build(), settings, dataset, runs: [], pixelsMode });
  return byTestId(renderMarkup(<TrainEstimateBody e={e} />), 'train-estimate');
};

describe('TrainEstimate with a pretrained base', () => {
  it("fast feature extraction: VGG16's features once (minutes on WASM at 6.01 images/s), then seconds an epoch", () => {
    const p = view('vgg16-feature-extraction');
    expect(p.textContent).toMatch(/The base's features once: about \d min \d+ s on WASM/);
    expect(p.textContent).toMatch(/then an epoch of the layers after it on the features: about \d s/);
    expect(Number(p.dataset.featureSeconds)).toBeGreaterThan(3000 / 6.01 / 2);
    expect(Number(p.dataset.secondsPerEpoch)).toBeLessThan(5);
    // 3,000 images x 51,200 bytes = 146 MB: past the 64 MB from which auto keeps them on disk, as the pixels.
    expect(p.dataset.featuresBytes).toBe('153600000');
    expect(p.dataset.featuresAt).toBe('disk');
    expect(p.textContent).toContain("the base's features (146 MB) on disk");
    // The pass and the head's steps take turns in one memory: the total counts the larger (259 MB), not both.
    expect(p.textContent).toContain(
      "the base's pass over 16 images at a time 259 MB, then, in the same memory, one step's layer outputs",
    );
    const memory = view('vgg16-feature-extraction', 'memory');
    expect(memory.dataset.featuresAt).toBe('memory');
    expect(memory.textContent).toContain("the base's features 146 MB in memory");
    // Kept in memory, the features and the pixels (4,000 images of 180x180x3 bytes) count in what the run holds.
    expect(Number(memory.dataset.memoryBytes) - Number(p.dataset.memoryBytes)).toBe(153_600_000 + 4000 * 97_200);
  });

  it("the base inside the model: one time per epoch, at VGG16's own measured speed", () => {
    const p = view('vgg16-fine-tuning');
    expect(p.dataset.featureSeconds).toBe('');
    expect(p.dataset.featuresAt).toBe('');
    expect(p.textContent).toMatch(/An epoch: about \d+ min \d+ s on WASM/);
    expect(p.textContent).toContain("VGG16's forward pass");
  });

  it('without data it asks for data', () => {
    const p = view('vgg16-feature-extraction', 'auto', null);
    expect(p.textContent).toContain('Load data to see how long an epoch will take.');
  });
});
