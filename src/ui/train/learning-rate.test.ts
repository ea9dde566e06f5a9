import { describe, expect, it } from 'vitest';
import { learningRateWarning } from './learning-rate';

describe('learningRateWarning', () => {
  it('says nothing about the defaults and rates near them', () => {
    for (const rate of [0.001, 0.0005, 0.01, 0.05, 1e-5]) expect(learningRateWarning(rate, 'rmsprop')).toBeNull();
    expect(learningRateWarning(0.01, 'sgd')).toBeNull();
    expect(learningRateWarning(0.5, 'sgd')).toBeNull();
  });

  it('warns that a huge rate blows up and a tiny one barely learns', () => {
    expect(learningRateWarning(50, 'rmsprop')).toMatch(/far above.*NaN.*RMSprop.*0\.001/);
    expect(learningRateWarning(1e-7, 'adam')).toMatch(/far below.*hardly fall.*Adam/);
    expect(learningRateWarning(5, 'sgd')).toMatch(/far above/);
    expect(learningRateWarning(1e-6, 'sgd')).toMatch(/far below/);
  });

  it("leaves impossible values to the field's own error", () => {
    expect(learningRateWarning(Number.NaN, 'rmsprop')).toBeNull();
    expect(learningRateWarning(0, 'rmsprop')).toBeNull();
  });
});
