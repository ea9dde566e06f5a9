// The Runs list as pure functions: newest first, filtered by dataset, with
// the datasets to filter by. Kept out of components so hundreds of runs are
// filtered once per change, not once per render of each row.
import type { Run } from '../train-runs';
import { defaultRunName } from './names';

export function visibleRuns(runs: readonly Run[], datasetFilter: string | null): Run[] {
  const out = datasetFilter ? runs.filter((r) => r.dataset.name === datasetFilter) : [...runs];
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/** Dataset names with how many runs each has, most used first. */
export function datasetsOfRuns(runs: readonly Run[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.dataset.name, (counts.get(r.dataset.name) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** A run's name as listed: the student's, else what it is (model, A/B arm, dataset) and when (names.ts). */
export function runTitle(run: Run): string {
  return run.name || defaultRunName(run);
}
