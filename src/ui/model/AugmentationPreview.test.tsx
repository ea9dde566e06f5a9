// @vitest-environment happy-dom
// What the preview renders before the worker answers, read as a DOM before any effect runs; the live part
// (debounced requests, re-roll, switches) needs a browser and is left to e2e/augmentation.spec.ts.
import { describe, expect, it } from 'vitest';
import { allByTestId, renderMarkup } from '../dom-test-helpers';
import { AugmentationPreview } from './AugmentationPreview';
import { findPreset } from '../../model/presets';

const image = { pixels: new Uint8Array(4 * 4 * 3), height: 4, width: 4, channels: 3 };
const never = () => new Promise<Uint8Array[]>(() => {});
const count = (view: HTMLElement, testId: string) => allByTestId(view, testId).length;

describe('AugmentationPreview', () => {
  it('shows at least 9 samples, a re-roll button and one switch per leading augmentation layer', () => {
    const arch = findPreset('catsdogs-augmented')!.build();
    const view = renderMarkup(<AugmentationPreview arch={arch} image={image} augment={never} count={4} />);
    expect(count(view, 'augmentation-sample')).toBe(9);
    expect(count(view, 'augmentation-reroll')).toBe(1);
    expect(count(view, 'augmentation-toggle')).toBe(3);
    expect(view.textContent).toContain('random_flip');
    expect(view.textContent).toContain('random_zoom');
    expect(view.querySelector('[data-state="loading"]')?.textContent).toMatch(/^Augmenting/);
  });

  it('says so when the model has no augmentation layer, or when there is no image yet', () => {
    const plain = findPreset('catsdogs-naive')!.build();
    const view = renderMarkup(<AugmentationPreview arch={plain} image={image} augment={never} />);
    expect(view.textContent).toContain('no augmentation layer');
    expect(count(view, 'augmentation-toggle')).toBe(0);
    const empty = renderMarkup(<AugmentationPreview arch={plain} image={null} augment={never} />);
    expect(empty.querySelector('[data-state="empty"]')).not.toBeNull();
    expect(count(empty, 'augmentation-sample')).toBe(0);
  });
});
