// Results out: a run's per-epoch metrics as CSV (one row per finished epoch,
// the column names Keras' history uses) and the whole run record as JSON.
import type { EpochMetrics } from '../model/run-types';

export const CSV_HEADER = 'epoch,loss,accuracy,val_loss,val_accuracy,seconds';

/** Full precision, "." decimal point, no thousands separators; NaN/Infinity as Python's float() reads them. */
const cell = (n: number): string => (Number.isFinite(n) ? String(n) : Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf');

export function metricsCsv(epochs: readonly EpochMetrics[]): string {
  const rows = [...epochs]
    .sort((a, b) => a.epoch - b.epoch)
    .map((e) => [e.epoch, e.loss, e.accuracy, e.valLoss, e.valAccuracy, e.seconds].map(cell).join(','));
  return `${[CSV_HEADER, ...rows].join('\n')}\n`;
}

/** The run record as readable JSON, tagged so a later import knows what it holds. */
export function runJson(run: object): string {
  return `${JSON.stringify({ format: 'convnet-lab-run', version: 1, run }, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

/** A file name from what the student sees: "MNIST convnet" -> "mnist-convnet". */
export function fileStem(text: string, fallback = 'convnet-lab'): string {
  const stem = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || fallback;
}
