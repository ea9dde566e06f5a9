// Comparing saved runs: only the settings that differ, and each run's best
// numbers side by side. Pure functions over plain run records.
import { configOf, isAugmentation, type LayerSpec } from '../../model/layers';
import { FIELDS } from '../../model/params';
import { overfittingStart } from '../../model/curves';
import { detectCollapse, type Collapse } from '../../model/collapse';
import type { Run } from '../train-runs';

export interface DiffRow {
  /** Stable key (contract: `compare-diff-row` data-key), e.g. learningRate, layers, augmentation. */
  key: string;
  label: string;
  /** One display value per compared run, in the order given. */
  values: string[];
}

const fmtValue = (v: unknown): string =>
  Array.isArray(v)
    ? v.every((x) => typeof x === 'number') && v.length === 2 && v[0] === v[1]
      ? String(v[0])
      : `(${v.join(', ')})`
    : v === null
      ? 'None'
      : String(v);

/** One layer as Keras would write it, e.g. Conv2D(filters=32, kernel_size=3x3, ...). */
export function describeLayer(layer: LayerSpec): string {
  const config = configOf(layer) as unknown as Record<string, unknown>;
  const args = FIELDS[layer.type].map((f) => `${f.keras}=${fmtValue(config[f.key])}`);
  return `${layer.type}(${args.join(', ')})`;
}

const describeLayers = (layers: LayerSpec[]) => layers.map(describeLayer).join(' → ') || 'none';

/** The settings compared, each as a function of the run; the diff keeps those whose values differ. */
const ASPECTS: { key: string; label: string; of: (r: Run) => string }[] = [
  {
    key: 'dataset',
    label: 'Dataset',
    of: (r) =>
      `${r.dataset.name} (${r.dataset.classNames.length} classes, ${r.dataset.counts.train}/${r.dataset.counts.val}/${r.dataset.counts.test})`,
  },
  { key: 'input', label: 'Input', of: (r) => `${r.arch.input.height}x${r.arch.input.width}x${r.arch.input.channels}` },
  {
    key: 'layers',
    label: 'Layers',
    of: (r) => describeLayers(r.arch.layers.filter((l) => !isAugmentation(l.type) && l.type !== 'Dropout')),
  },
  {
    key: 'augmentation',
    label: 'Augmentation',
    of: (r) => describeLayers(r.arch.layers.filter((l) => isAugmentation(l.type))),
  },
  {
    key: 'dropout',
    label: 'Dropout',
    of: (r) =>
      r.arch.layers
        .filter((l) => l.type === 'Dropout')
        .map((l) => (l.type === 'Dropout' ? String(l.rate) : ''))
        .join(', ') || 'none',
  },
  { key: 'optimizer', label: 'Optimizer', of: (r) => r.settings.optimizer },
  { key: 'learningRate', label: 'Learning rate', of: (r) => String(r.settings.learningRate) },
  { key: 'batchSize', label: 'Batch size', of: (r) => String(r.settings.batchSize) },
  { key: 'epochs', label: 'Epochs', of: (r) => String(r.settings.epochs) },
  {
    key: 'patience',
    label: 'Early stopping patience',
    of: (r) => (r.settings.patience ? String(r.settings.patience) : 'off'),
  },
  { key: 'seed', label: 'Seed', of: (r) => String(r.settings.seed) },
  { key: 'backend', label: 'Backend', of: (r) => r.backend?.name ?? r.settings.backend },
];

export function settingsDiff(runs: Run[]): DiffRow[] {
  return ASPECTS.map((a) => ({ key: a.key, label: a.label, values: runs.map(a.of) })).filter(
    (row) => new Set(row.values).size > 1,
  );
}

export interface RunScore {
  /** The kept checkpoint (lowest val_loss); the two numbers below are that epoch's, never mixed across epochs. */
  bestEpoch: number | null;
  bestValLoss: number | null;
  bestValAccuracy: number | null;
  testAccuracy: number | null;
  /** Where val_loss turned up while the training loss kept falling (curves.ts), or null. */
  overfitEpoch: number | null;
  /** A loss that jumped and stayed up, or predictions fallen to one class (model/collapse.ts), or null. */
  collapse: Collapse | null;
}

/** The run's collapse, if it collapsed (the Train view and the comparison say the same). */
export function runCollapse(run: Run): Collapse | null {
  return detectCollapse(run.epochs, {
    numClasses: run.dataset.classNames.length,
    learningRate: run.settings.learningRate,
    optimizer: run.settings.optimizer,
    bestEpoch: run.bestEpoch,
    perClass: run.test?.perClass ?? null,
    classNames: run.dataset.classNames,
  });
}

export function runScore(run: Run): RunScore {
  const kept = run.epochs.find((e) => e.epoch === run.bestEpoch) ?? null;
  return {
    bestEpoch: run.bestEpoch,
    bestValLoss: kept?.valLoss ?? null,
    bestValAccuracy: kept?.valAccuracy ?? null,
    testAccuracy: run.test?.accuracy ?? null,
    overfitEpoch: overfittingStart(run.epochs)?.epoch ?? null,
    collapse: runCollapse(run),
  };
}

/** Why a comparison may mislead, or null: runs on different data (or input sizes) measure different things. */
export function comparisonWarning(runs: Run[]): string | null {
  const datasets = new Set(runs.map((r) => r.dataset.id));
  if (datasets.size > 1)
    return `These runs used different datasets (${[...new Set(runs.map((r) => r.dataset.name))].join(', ')}): their accuracies are not directly comparable.`;
  const splits = new Set(runs.map((r) => `${r.dataset.counts.train}/${r.dataset.counts.val}/${r.dataset.counts.test}`));
  if (splits.size > 1) return 'These runs used different splits of the data: compare them with care.';
  return null;
}
