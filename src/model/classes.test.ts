import { describe, expect, it } from 'vitest';
import { inferSummary } from './infer';
import { findPreset } from './presets';
import { withClasses } from './classes';

describe('withClasses', () => {
  it('resizes the textbook classifier to the data’s classes, so the model stays valid', () => {
    const mnist = withClasses(findPreset('mnist-convnet')!.build(), 4);
    expect(mnist.layers.at(-1)).toMatchObject({ type: 'Dense', units: 4, activation: 'softmax' });
    expect(inferSummary(mnist)).toMatchObject({ valid: true, loss: 'sparse_categorical_crossentropy' });
    const cats = findPreset('catsdogs-naive')!.build();
    expect(withClasses(cats, 2)).toBe(cats);
    const three = withClasses(cats, 3);
    expect(three.layers.at(-1)).toMatchObject({ units: 3, activation: 'softmax' });
    expect(inferSummary(three).valid).toBe(true);
  });
  it('keeps the layer id (one undo step, the same card) and leaves other stacks alone', () => {
    const arch = findPreset('mnist-dense')!.build();
    expect(withClasses(arch, 2).layers.at(-1)!.id).toBe(arch.layers.at(-1)!.id);
    const relu = { ...arch, layers: arch.layers.slice(0, -1) };
    expect(withClasses(relu, 5).layers).toBe(relu.layers);
    expect(withClasses(relu, 5).numClasses).toBe(5);
  });
});
