// The student's run against the step's band, in words: "your convnet: 0.953,
// in the expected band (0.91-0.97); 14 mistakes where the dense network made
// 27". Mistakes are the test count x (1 - accuracy), from the runs' test results.
import type { Expectation, LessonStep, Metric } from './types';

/** What a check reads of a run (a structural subset of the store's Run). */
export interface LessonRun {
  test: { accuracy: number; count: number } | null;
  bestEpoch: number | null;
  epochs: readonly { epoch: number; loss: number; valLoss: number }[];
}

export interface StepCheck {
  state: 'pass' | 'outside';
  value: number;
  low: number;
  high: number;
  words: string;
}

export const mistakesOf = (test: { accuracy: number; count: number }): number =>
  Math.round(test.count * (1 - test.accuracy));

function metricOf(metric: Metric, run: LessonRun): number | null {
  if (metric === 'test-accuracy') return run.test ? run.test.accuracy : null;
  return run.bestEpoch;
}

const show = (metric: Metric, v: number) => (metric === 'test-accuracy' ? v.toFixed(3) : String(v));

/** The band, with an `above` band taken from the earlier step's run (null while that run is missing). */
export function bandOf(
  expect: Expectation,
  earlier: readonly (LessonRun | null)[],
): { low: number; high: number } | null {
  if (expect.kind === 'fixed') return { low: expect.low, high: expect.high };
  if (expect.kind === 'baseline') return { low: 0, high: 1 };
  const base = earlier[expect.step - 1]?.test;
  return base ? { low: base.accuracy, high: 1 } : null;
}

/**
 * The check of one step's run, or null when the run has no number to check (no test score yet).
 * `earlier[i]` is the student's run of step i + 1, where there is one.
 */
export function checkStep(step: LessonStep, run: LessonRun, earlier: readonly (LessonRun | null)[]): StepCheck | null {
  const { expect } = step;
  const value = metricOf(expect.metric, run);
  if (value === null) return null;
  const band = bandOf(expect, earlier);
  if (!band) return null;
  const pass = expect.kind === 'above' ? value > band.low : value >= band.low && value <= band.high;
  const parts = [`${step.runLabel}: ${show(expect.metric, value)}`];
  if (expect.metric === 'best-epoch') parts[0] = `${step.runLabel}: ${epochWords(run, pass, band)}`;
  else if (expect.kind === 'baseline') parts[0] += ', the number the next steps have to beat';
  else if (expect.kind === 'above')
    parts[0] += pass
      ? `, above your from-scratch ${show(expect.metric, band.low)}, as expected`
      : `, not above your from-scratch ${show(expect.metric, band.low)}: outside what to expect`;
  else
    parts[0] += pass
      ? `, in the expected band (${show(expect.metric, band.low)}-${show(expect.metric, band.high)})`
      : `, outside the expected band (${show(expect.metric, band.low)}-${show(expect.metric, band.high)})`;
  const other = step.compareWith && earlier[step.compareWith.step - 1];
  if (run.test && other && other.test) parts.push(comparison(run.test, other.test, step.compareWith!.label));
  return { state: pass ? 'pass' : 'outside', value, low: band.low, high: band.high, words: parts.join('; ') };
}

function epochWords(run: LessonRun, pass: boolean, band: { low: number; high: number }): string {
  const best = run.epochs.find((e) => e.epoch === run.bestEpoch);
  const last = run.epochs.at(-1);
  const where = `epoch ${run.bestEpoch} of ${run.epochs.length} had the lowest validation loss, ${pass ? 'in' : 'outside'} the expected band (epochs ${band.low}-${band.high})`;
  if (!best || !last || last.epoch === best.epoch) return where;
  return `${where}; after it the validation loss went from ${best.valLoss.toFixed(3)} to ${last.valLoss.toFixed(3)} while the training loss fell from ${best.loss.toFixed(3)} to ${last.loss.toFixed(3)}`;
}

function comparison(
  mine: { accuracy: number; count: number },
  theirs: { accuracy: number; count: number },
  label: string,
) {
  const points = Math.round((mine.accuracy - theirs.accuracy) * 1000) / 10;
  const sign = points >= 0 ? '+' : '\u2212';
  return `${mistakesOf(mine)} mistakes in ${mine.count} test images where ${label} made ${mistakesOf(theirs)} in ${theirs.count} (${sign}${Math.abs(points)} points)`;
}
