import { describe, expect, it } from 'vitest';
import { detectCollapse, type CollapseContext, type CollapseEpoch } from './collapse';

const run = (rows: [loss: number, acc: number, valLoss: number, valAcc: number][]): CollapseEpoch[] =>
  rows.map(([loss, accuracy, valLoss, valAccuracy], i) => ({ epoch: i + 1, loss, accuracy, valLoss, valAccuracy }));
const cats: CollapseContext = { numClasses: 2, learningRate: 0.001, optimizer: 'rmsprop', bestEpoch: 2 };

describe('collapse', () => {
  it('flags the cats-vs-dogs run that went 0.68 -> 0.52 -> 8.09 -> 8.09, with cause and fix', () => {
    const epochs = run([
      [0.68, 0.55, 0.66, 0.58],
      [0.52, 0.74, 0.61, 0.66],
      [8.09, 0.49, 8.06, 0.49],
      [8.09, 0.49, 8.06, 0.49],
    ]);
    const c = detectCollapse(epochs, cats)!;
    expect(c.kind).toBe('loss-jump');
    expect(c.epoch).toBe(3);
    expect(c.message).toContain('the loss jumped from 0.52 to 8.09 and stayed up');
    expect(c.message).toContain('the model now predicts one class');
    expect(c.fix).toContain('Lower the learning rate (it is 0.001 with RMSprop; try 0.0001)');
    expect(c.fix).toContain('The kept checkpoint is epoch 2');
  });

  it('flags a jump in the last epoch only when it is huge', () => {
    expect(
      detectCollapse(
        run([
          [0.6, 0.7, 0.6, 0.7],
          [0.4, 0.8, 0.5, 0.75],
          [8.1, 0.5, 8, 0.5],
        ]),
        cats,
      )?.kind,
    ).toBe('loss-jump');
    expect(
      detectCollapse(
        run([
          [0.6, 0.7, 0.6, 0.7],
          [0.4, 0.8, 0.5, 0.75],
          [1.3, 0.6, 1.2, 0.6],
        ]),
        cats,
      ),
    ).toBeNull();
  });

  it('leaves healthy runs, overfitting and a noisy bump alone', () => {
    const mnist = { ...cats, numClasses: 10 };
    expect(
      detectCollapse(
        run([
          [0.48, 0.86, 0.2, 0.94],
          [0.15, 0.95, 0.12, 0.96],
          [0.09, 0.97, 0.08, 0.98],
        ]),
        mnist,
      ),
    ).toBeNull();
    // Overfitting: val_loss rises, the training loss keeps falling.
    expect(
      detectCollapse(
        run([
          [0.6, 0.7, 0.55, 0.72],
          [0.3, 0.88, 0.6, 0.7],
          [0.1, 0.97, 0.9, 0.7],
          [0.05, 0.99, 1.2, 0.7],
        ]),
        cats,
      ),
    ).toBeNull();
    // A bump that comes back down.
    expect(
      detectCollapse(
        run([
          [0.5, 0.8, 0.5, 0.8],
          [0.2, 0.9, 0.3, 0.9],
          [0.9, 0.7, 0.8, 0.7],
          [0.2, 0.92, 0.3, 0.9],
        ]),
        cats,
      ),
    ).toBeNull();
  });

  it('says when every test image went to one class, naming it', () => {
    const epochs = run([
      [0.69, 0.5, 0.69, 0.5],
      [0.69, 0.51, 0.69, 0.5],
    ]);
    const c = detectCollapse(epochs, { ...cats, perClass: [1, 0], classNames: ['cats', 'dogs'] })!;
    expect(c.kind).toBe('one-class');
    expect(c.message).toContain('every test image is called "cats"');
    expect(detectCollapse(epochs, { ...cats, perClass: [0.8, 0.7], classNames: ['cats', 'dogs'] })).toBeNull();
  });

  it('without a test score, an accuracy frozen at guessing with a loss above it reads as one class', () => {
    const epochs = run([
      [2.3, 0.1, 2.3, 0.1],
      [14.5, 0.1, 14.5, 0.098],
      [14.5, 0.1, 14.5, 0.098],
    ]);
    const c = detectCollapse(epochs, { ...cats, numClasses: 10, bestEpoch: 1 })!;
    // The jump from 2.3 to 14.5 is found first.
    expect(c.kind).toBe('loss-jump');
    const flat = run([
      [2.9, 0.1, 2.9, 0.098],
      [2.9, 0.1, 2.9, 0.098],
    ]);
    expect(detectCollapse(flat, { ...cats, numClasses: 10, bestEpoch: 1 })?.kind).toBe('one-class');
  });
});
