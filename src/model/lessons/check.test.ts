import { describe, expect, it } from 'vitest';
import { checkStep, mistakesOf, type LessonRun } from './check';
import { findLesson } from './index';

const run = (accuracy: number, count: number, bestEpoch = 5, epochs: LessonRun['epochs'] = []): LessonRun => ({
  test: { accuracy, count },
  bestEpoch,
  epochs,
});
const steps = (id: string) => findLesson(id)!.steps;

describe('checkStep', () => {
  it('counts mistakes as test count x (1 - accuracy)', () => {
    expect(mistakesOf({ accuracy: 0.979, count: 999 })).toBe(21);
    expect(mistakesOf({ accuracy: 0.938, count: 999 })).toBe(62);
  });

  it('puts the convnet in its band and against the dense network in mistakes', () => {
    const [dense, convnet] = steps('first-convnet');
    const check = checkStep(convnet!, run(0.953, 300), [run(0.9, 300)]);
    expect(check).toEqual({
      state: 'pass',
      value: 0.953,
      low: 0.91,
      high: 0.97,
      words:
        'your convnet: 0.953, in the expected band (0.910-0.970); 14 mistakes in 300 test images where the dense network made 30 in 300 (+5.3 points)',
    });
    expect(checkStep(dense!, run(0.8, 300), [])).toMatchObject({ state: 'outside', value: 0.8 });
    expect(checkStep(dense!, run(0.8, 300), [])!.words).toContain('outside the expected band (0.860-0.930)');
  });

  it('has nothing to say before the run is scored on test', () => {
    expect(checkStep(steps('first-convnet')[0]!, { test: null, bestEpoch: 3, epochs: [] }, [])).toBeNull();
  });

  it('checks the kept epoch for overfitting and says how the losses moved after it', () => {
    const epochs = Array.from({ length: 30 }, (_, i) => ({
      epoch: i + 1,
      loss: 1 - i * 0.03,
      valLoss: i < 11 ? 1.2 - i * 0.02 : 1 + (i - 11) * 0.03,
    }));
    const check = checkStep(steps('overfitting')[0]!, run(0.56, 400, 11, epochs), []);
    expect(check).toMatchObject({ state: 'pass', value: 11, low: 9, high: 14 });
    expect(check!.words).toBe(
      'your convnet on Shapes: epoch 11 of 30 had the lowest validation loss, in the expected band (epochs 9-14); after it the validation loss went from 1.000 to 1.540 while the training loss fell from 0.700 to 0.130',
    );
    expect(checkStep(steps('overfitting')[0]!, run(0.56, 400, 30, epochs), [])!.state).toBe('outside');
  });

  it('expects transfer to beat the student\u2019s own from-scratch run', () => {
    expect(checkStep(steps('transfer')[0]!, run(0.62, 200), [])).toMatchObject({
      state: 'pass',
      words: 'your from-scratch convnet: 0.620, the number the next steps have to beat',
    });
    const fe = steps('transfer')[1]!;
    expect(checkStep(fe, run(0.95, 200), [run(0.7, 200)])).toMatchObject({ state: 'pass', low: 0.7, high: 1 });
    expect(checkStep(fe, run(0.65, 200), [run(0.7, 200)])).toMatchObject({ state: 'outside' });
    expect(checkStep(fe, run(0.95, 200), [null])).toBeNull();
  });
});
