// @vitest-environment happy-dom
// What Train says about how a model with a pretrained base trains, for each base preset.
import { describe, expect, it } from 'vitest';
import { byTestId, renderMarkup } from '../dom-test-helpers';
import { findPreset } from '../../model/presets';
import { FeatureWayNoteBody } from './FeatureWayNote';

const note = (preset: string) => renderMarkup(<FeatureWayNoteBody arch={findPreset(preset)!.build()} />);

describe('FeatureWayNote', () => {
  it('feature extraction presets take the fast way: features once (VGG16 at 180x180: 50.0 KB an image)', () => {
    const view = note('vgg16-feature-extraction');
    expect(byTestId(view, 'feature-way-note').dataset.fast).toBe('true');
    expect(view.textContent).toContain('50.0 KB of features an image');
    expect(byTestId(note('mobilenet-v2-feature-extraction'), 'feature-way-note').dataset.fast).toBe('true');
  });

  it('with augmentation or fine-tuning it says why the features cannot be computed once', () => {
    const augmented = note('vgg16-feature-extraction-augmented');
    expect(byTestId(augmented, 'feature-way-note').dataset.fast).toBe('false');
    expect(augmented.textContent).toContain('Fast feature extraction cannot use augmentation');
    // The fine-tuning preset augments too: the first reason is the one shown.
    const tuned = note('vgg16-fine-tuning');
    expect(byTestId(tuned, 'feature-way-note').dataset.fast).toBe('false');
    expect(tuned.textContent).toContain('The base runs at every step.');
  });

  it('says nothing for a model without a base', () => {
    expect(note('mnist-convnet').querySelector('[data-testid="feature-way-note"]')).toBeNull();
  });
});
