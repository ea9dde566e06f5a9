import { describe, expect, it } from 'vitest';
import { keptCheckpointText } from './kept-weights';

const epoch = (n: number) => ({ epoch: n }) as never;

describe('keptCheckpointText', () => {
  it('names an imported model’s checkpoint (epoch 0, no epoch trained) as imported weights', () => {
    expect(keptCheckpointText({ bestEpoch: 0, epochs: [] })).toBe('imported weights');
  });
  it('names a trained checkpoint by its epoch, and says when none is kept', () => {
    expect(keptCheckpointText({ bestEpoch: 2, epochs: [epoch(1), epoch(2)] })).toBe('epoch 2');
    expect(keptCheckpointText({ bestEpoch: null, epochs: [] })).toBe('epoch –');
  });
});
