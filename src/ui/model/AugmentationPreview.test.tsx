// What the preview renders before the worker answers. Unit tests run in Node
// without a DOM, so the markup is checked through react-dom/server; the live
// part (debounced requests, re-roll, switches) needs a browser and is left to
// an e2e test where the preview is mounted in the app.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { AugmentationPreview } from './AugmentationPreview';
import { findPreset } from '../../model/presets';

const image = { pixels: new Uint8Array(4 * 4 * 3), height: 4, width: 4, channels: 3 };
const never = () => new Promise<Uint8Array[]>(() => {});
const count = (html: string, needle: string) => html.split(needle).length - 1;

describe('AugmentationPreview', () => {
  it('shows at least 9 samples, a re-roll button and one switch per leading augmentation layer', () => {
    const arch = findPreset('catsdogs-augmented')!.build();
    const html = renderToStaticMarkup(<AugmentationPreview arch={arch} image={image} augment={never} count={4} />);
    expect(count(html, 'data-testid="augmentation-sample"')).toBe(9);
    expect(count(html, 'data-testid="augmentation-reroll"')).toBe(1);
    expect(count(html, 'data-testid="augmentation-toggle"')).toBe(3);
    expect(html).toContain('random_flip');
    expect(html).toContain('random_zoom');
    expect(html).toMatch(/data-state="loading"[^>]*>Augmenting/);
  });

  it('says so when the model has no augmentation layer, or when there is no image yet', () => {
    const plain = findPreset('catsdogs-naive')!.build();
    const html = renderToStaticMarkup(<AugmentationPreview arch={plain} image={image} augment={never} />);
    expect(html).toContain('no augmentation layer');
    expect(count(html, 'data-testid="augmentation-toggle"')).toBe(0);
    const empty = renderToStaticMarkup(<AugmentationPreview arch={plain} image={null} augment={never} />);
    expect(empty).toContain('data-state="empty"');
    expect(count(empty, 'data-testid="augmentation-sample"')).toBe(0);
  });
});
