import { describe, expect, test } from 'vitest';
import { livePath, nearestLive } from './live-path';

const pts = [
  { x: 0.1, loss: 2, accuracy: 0.1 },
  { x: 0.5, loss: 1, accuracy: 0.5 },
  { x: 0.9, loss: 0, accuracy: 0.9 },
];
const x = (v: number) => v * 100;
const y = (v: number) => 200 - v * 100;

describe('livePath', () => {
  test('maps each point through the chart scales, in order', () => {
    expect(livePath(pts, 'loss', x, y, false)).toBe('M10.0,0.0 L50.0,100.0 L90.0,200.0');
    expect(livePath(pts, 'accuracy', x, y, false)).toBe('M10.0,190.0 L50.0,150.0 L90.0,110.0');
  });

  test('skips what a log axis or the scale cannot place, and draws nothing from one point', () => {
    expect(livePath(pts, 'loss', x, y, true)).toBe('M10.0,0.0 L50.0,100.0');
    expect(
      livePath(
        [...pts, { x: 1, loss: Number.NaN, accuracy: 1 }],
        'loss',
        x,
        (v) => (v > 1.5 ? undefined : y(v)),
        false,
      ),
    ).toBe('M50.0,100.0 L90.0,200.0');
    expect(livePath(pts.slice(0, 1), 'loss', x, y, false)).toBe('');
  });
});

test('nearestLive finds the point closest to an epoch position', () => {
  expect(nearestLive(pts, 0.6)?.x).toBe(0.5);
  expect(nearestLive([], 1)).toBeNull();
});
