import { describe, expect, it } from 'vitest';
import { axisScale, bestEpochOf, epochValues, overfittingStart, type EpochPoint } from './curves';

const run = (loss: number[], valLoss: number[]): EpochPoint[] =>
  loss.map((l, i) => ({
    epoch: i + 1,
    loss: l,
    accuracy: 1 - l / 3,
    valLoss: valLoss[i]!,
    valAccuracy: 1 - valLoss[i]! / 3,
  }));

// Full MNIST with the textbook convnet: val_loss bottoms out at 0.097 in epoch 3
// and climbs to 0.129 while the training loss keeps falling.
const MNIST_LIKE = run(
  [0.35, 0.12, 0.08, 0.06, 0.045, 0.035, 0.027, 0.02],
  [0.14, 0.105, 0.097, 0.101, 0.108, 0.115, 0.121, 0.129],
);
// Still learning: both losses fall every epoch.
const NEVER_OVERFITS = run([1.2, 0.6, 0.4, 0.3, 0.25, 0.22], [0.9, 0.55, 0.42, 0.35, 0.31, 0.29]);
// Noisy validation: one bad epoch (4) in a run that keeps improving.
const NOISY = run([1.0, 0.7, 0.5, 0.4, 0.33, 0.28, 0.24], [0.8, 0.6, 0.5, 0.58, 0.47, 0.45, 0.44]);

describe('axisScale', () => {
  it('fits the MNIST epoch points, not the 2.3 the live batch line starts at', () => {
    const s = axisScale(epochValues(MNIST_LIKE, 'loss'), 'loss')!;
    expect(s.domain[0]).toBeLessThanOrEqual(0.02);
    expect(s.domain[1]).toBeGreaterThanOrEqual(0.35);
    expect(s.domain[1]).toBeLessThan(0.5);
    expect(s.ticks[0]).toBe(s.domain[0]);
    expect(s.ticks.at(-1)).toBe(s.domain[1]);
  });

  it('makes the rise from 0.097 to 0.129 fill the axis once the epochs are close together', () => {
    const late = MNIST_LIKE.slice(2).map((e) => ({ ...e, loss: e.valLoss - 0.005 }));
    const s = axisScale(epochValues(late, 'loss'), 'loss')!;
    expect(s.domain[0]).toBeLessThanOrEqual(0.092);
    expect(s.domain[0]).toBeGreaterThan(0.05);
    expect(s.domain[1]).toBeGreaterThanOrEqual(0.129);
    expect(s.domain[1]).toBeLessThan(0.16);
    // Ticks are evenly spaced nice numbers with enough decimals to tell apart.
    const labels = s.ticks.map((t) => t.toFixed(s.decimals));
    expect(new Set(labels).size).toBe(labels.length);
    const steps = s.ticks.slice(1).map((t, i) => t - s.ticks[i]!);
    for (const d of steps) expect(d).toBeCloseTo(steps[0]!, 9);
  });

  it('keeps accuracy inside [0, 1] and a linear loss axis above 0', () => {
    const acc = axisScale([0.97, 0.99, 0.995], 'accuracy')!;
    expect(acc.domain[0]).toBeLessThanOrEqual(0.97);
    expect(acc.domain[1]).toBeLessThanOrEqual(1);
    expect(acc.domain[1]).toBeGreaterThanOrEqual(0.995);
    const loss = axisScale([0.01, 2.3], 'loss')!;
    expect(loss.domain[0]).toBe(0);
  });

  it('gives a flat curve a band and a log axis ticks inside less than a decade', () => {
    const flat = axisScale([0.5, 0.5], 'loss')!;
    expect(flat.domain[0]).toBeLessThan(0.5);
    expect(flat.domain[1]).toBeGreaterThan(0.5);
    const log = axisScale([0.097, 0.129], 'loss', true)!;
    expect(log.domain[0]).toBeLessThanOrEqual(0.097);
    expect(log.domain[0]).toBeGreaterThan(0);
    expect(log.domain[1]).toBeGreaterThanOrEqual(0.129);
    expect(log.ticks.length).toBeGreaterThanOrEqual(3);
    for (const t of log.ticks) expect(t >= log.domain[0] && t <= log.domain[1]).toBe(true);
  });

  it('leaves out what cannot be drawn and has nothing to scale without values', () => {
    expect(axisScale([], 'loss')).toBeNull();
    expect(axisScale([Number.NaN, Infinity], 'loss')).toBeNull();
    expect(axisScale([0, -1], 'loss', true)).toBeNull();
    expect(axisScale([0.2, Number.NaN, 0.4], 'loss')!.domain[1]).toBeLessThan(1);
  });
});

describe('bestEpochOf', () => {
  it('is the lowest val_loss, the first of equals, ignoring NaN', () => {
    expect(bestEpochOf(MNIST_LIKE)).toBe(3);
    expect(bestEpochOf(run([1, 1, 1], [0.5, 0.4, 0.4]))).toBe(2);
    expect(bestEpochOf(run([1, 1], [Number.NaN, 0.7]))).toBe(2);
    expect(bestEpochOf([])).toBeNull();
  });
});

describe('overfittingStart', () => {
  it('marks the epoch after the minimum on the MNIST-like run', () => {
    expect(overfittingStart(MNIST_LIKE)).toEqual({ epoch: 4, bestEpoch: 3, minValLoss: 0.097 });
  });

  it('finds nothing in a run that never overfits', () => {
    expect(overfittingStart(NEVER_OVERFITS)).toBeNull();
  });

  it('is not fooled by one noisy epoch in the middle or at the end', () => {
    expect(overfittingStart(NOISY)).toBeNull();
    // The minimum, then one bad last epoch: not confirmed yet.
    expect(overfittingStart(run([1, 0.8, 0.6, 0.5], [0.9, 0.7, 0.6, 0.7]))).toBeNull();
    // A second epoch above the minimum confirms it.
    expect(overfittingStart(run([1, 0.8, 0.6, 0.5, 0.45], [0.9, 0.7, 0.6, 0.7, 0.72]))?.epoch).toBe(4);
  });

  it('starts after a spike that falls back near the minimum', () => {
    // Epoch 5 returns to within 2% of the minimum (0.5): the upturn begins at 6.
    const r = run([1, 0.8, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3], [0.9, 0.7, 0.5, 0.6, 0.505, 0.56, 0.6, 0.65]);
    expect(overfittingStart(r)?.epoch).toBe(6);
  });

  it('needs the training loss to keep falling (both rising is divergence, not overfitting)', () => {
    expect(overfittingStart(run([0.5, 0.3, 0.35, 0.5, 0.7], [0.6, 0.4, 0.5, 0.7, 0.9]))).toBeNull();
  });

  it('ignores val_loss wobbles smaller than the tolerance', () => {
    expect(overfittingStart(run([1, 0.8, 0.6, 0.5, 0.4], [0.9, 0.7, 0.5, 0.505, 0.508]))).toBeNull();
    expect(
      overfittingStart(run([1, 0.8, 0.6, 0.5, 0.4], [0.9, 0.7, 0.5, 0.505, 0.508]), { tolerance: 0.005 })?.epoch,
    ).toBe(4);
  });

  it('skips epochs whose losses are not finite', () => {
    const r = [...MNIST_LIKE, { epoch: 9, loss: Number.NaN, accuracy: 0, valLoss: Number.NaN, valAccuracy: 0 }];
    expect(overfittingStart(r)?.epoch).toBe(4);
    expect(overfittingStart([])).toBeNull();
  });
});
