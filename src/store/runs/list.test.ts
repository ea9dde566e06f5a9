import { describe, expect, it } from 'vitest';
import type { Run } from '../train-runs';
import { datasetsOfRuns, runTitle, visibleRuns } from './list';
import { findPreset } from '../../model/presets';

const run = (id: string, createdAt: number, dataset: string, name?: string) =>
  ({
    id,
    createdAt,
    name,
    dataset: { id: dataset, name: dataset, classNames: [], counts: { train: 0, val: 0, test: 0 } },
  }) as unknown as Run;

describe('the runs list', () => {
  const runs = [run('a', 1, 'MNIST'), run('b', 3, 'Shapes'), run('c', 2, 'MNIST', 'my best')];
  it('lists newest first and filters by dataset', () => {
    expect(visibleRuns(runs, null).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(visibleRuns(runs, 'MNIST').map((r) => r.id)).toEqual(['c', 'a']);
  });
  it('offers the datasets that have runs, most used first', () => {
    expect(datasetsOfRuns(runs)).toEqual([
      { name: 'MNIST', count: 2 },
      { name: 'Shapes', count: 1 },
    ]);
  });
  it('titles a run by its name, else by its model, dataset and time', () => {
    expect(runTitle(runs[2]!)).toBe('my best');
    const unnamed = { ...runs[0]!, arch: findPreset('mnist-convnet')!.build() };
    expect(runTitle(unnamed)).toMatch(/^MNIST convnet · MNIST · /);
  });
});
