import { describe, expect, it } from 'vitest';
import { inferSummary } from '../infer';
import { findPreset } from '../presets';
import { featurePlan } from './features';

describe('fast feature extraction: the frozen base once, the head on its features', () => {
  it("splits the textbook's model: (5, 5, 512) features, 51,200 bytes an image, the head's 3,277,313 parameters", () => {
    const plan = featurePlan(findPreset('vgg16-feature-extraction')!.build());
    if ('problem' in plan) throw new Error(plan.problem);
    expect(plan.featureShape).toEqual([5, 5, 512]);
    expect(plan.bytesPerImage).toBe(51200);
    expect(plan.head.input).toEqual({ height: 5, width: 5, channels: 512 });
    expect(plan.head.layers.map((l) => l.type)).toEqual(['Flatten', 'Dense', 'Dropout', 'Dense']);
    const head = inferSummary(plan.head);
    expect([head.valid, head.totalParams, head.loss]).toEqual([true, 3277313, 'binary_crossentropy']);
  });

  it('says why augmentation, a fine-tuned base or no base cannot take that way', () => {
    const refusal = (id: string) => {
      const plan = featurePlan(findPreset(id)!.build());
      return 'problem' in plan ? plan.problem : null;
    };
    expect(refusal('vgg16-feature-extraction-augmented')).toMatch(
      /cannot use augmentation: each image goes through the base once/,
    );
    expect(refusal('vgg16-fine-tuning')).toMatch(/cannot use augmentation/);
    expect(refusal('catsdogs-naive')).toMatch(/no pretrained base/);
    const tuned = findPreset('vgg16-feature-extraction')!.build();
    tuned.layers[0] = { ...tuned.layers[0]!, fineTuneFrom: 'block5_conv1' } as never;
    expect(featurePlan(tuned)).toEqual({
      problem:
        'The base trains from block5_conv1 on: its features change at every step, so they cannot be computed once. Fine-tune with the base inside the model.',
    });
  });
});
