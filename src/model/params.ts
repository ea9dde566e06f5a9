// Descriptions of every editable parameter, so the editor, the validator and
// the Keras exporter share one source of truth about names and ranges.
import type { LayerConfig, LayerType } from './layers';

export type FieldKind =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'float'; min: number; max: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'pair'; min: number; max: number; optional?: boolean }
  | { kind: 'enum'; options: readonly string[] };

export interface FieldSpec {
  /** Property name on the layer config. */
  key: string;
  /** The Keras argument name, shown to the student and used in exported code. */
  keras: string;
  field: FieldKind;
  help: string;
}

const ACTIVATIONS = ['relu', 'sigmoid', 'softmax', 'tanh', 'linear'] as const;
const PADDINGS = ['valid', 'same'] as const;

const poolFields: FieldSpec[] = [
  { key: 'poolSize', keras: 'pool_size', field: { kind: 'pair', min: 1, max: 64 }, help: 'Size of the window that is summarised, e.g. 2 or 2x2.' },
  { key: 'strides', keras: 'strides', field: { kind: 'pair', min: 1, max: 64, optional: true }, help: 'Step between windows; empty means the same as pool_size.' },
  { key: 'padding', keras: 'padding', field: { kind: 'enum', options: PADDINGS }, help: '"valid" drops incomplete windows; "same" pads so output = ceil(input / stride).' },
];

export const FIELDS: Record<LayerType, FieldSpec[]> = {
  Rescaling: [
    { key: 'scale', keras: 'scale', field: { kind: 'float', min: -1e6, max: 1e6 }, help: 'Each input value is multiplied by this (1/255 maps bytes to 0..1).' },
    { key: 'offset', keras: 'offset', field: { kind: 'float', min: -1e6, max: 1e6 }, help: 'Added after scaling.' },
  ],
  RandomFlip: [
    { key: 'mode', keras: 'mode', field: { kind: 'enum', options: ['horizontal', 'vertical', 'horizontal_and_vertical'] }, help: 'Which mirror images training may use.' },
  ],
  RandomRotation: [
    { key: 'factor', keras: 'factor', field: { kind: 'float', min: 0, max: 1 }, help: 'Fraction of a full turn: 0.1 rotates by up to ±36°.' },
  ],
  RandomZoom: [
    { key: 'heightFactor', keras: 'height_factor', field: { kind: 'float', min: 0, max: 0.95 }, help: 'Zoom in or out by up to this fraction of the height.' },
    { key: 'widthFactor', keras: 'width_factor', field: { kind: 'float', min: 0, max: 0.95 }, help: 'Zoom in or out by up to this fraction of the width.' },
  ],
  Conv2D: [
    { key: 'filters', keras: 'filters', field: { kind: 'int', min: 1, max: 4096 }, help: 'How many patterns (output channels) the layer learns.' },
    { key: 'kernelSize', keras: 'kernel_size', field: { kind: 'pair', min: 1, max: 31 }, help: 'Height and width of each filter window, e.g. 3 or 3x3.' },
    { key: 'strides', keras: 'strides', field: { kind: 'pair', min: 1, max: 16 }, help: 'Step between windows; 2 halves the output size.' },
    { key: 'padding', keras: 'padding', field: { kind: 'enum', options: PADDINGS }, help: '"valid" shrinks the map by kernel-1; "same" pads so output = ceil(input / stride).' },
    { key: 'activation', keras: 'activation', field: { kind: 'enum', options: ACTIVATIONS }, help: 'Function applied to every output value.' },
  ],
  MaxPooling2D: poolFields,
  AveragePooling2D: poolFields,
  GlobalAveragePooling2D: [],
  BatchNormalization: [],
  Dropout: [
    { key: 'rate', keras: 'rate', field: { kind: 'float', min: 0, max: 1, maxExclusive: true }, help: 'Fraction of inputs set to zero at random during training.' },
  ],
  Flatten: [],
  Dense: [
    { key: 'units', keras: 'units', field: { kind: 'int', min: 1, max: 65536 }, help: 'Number of neurons (outputs).' },
    { key: 'activation', keras: 'activation', field: { kind: 'enum', options: ACTIVATIONS }, help: 'Function applied to every output value.' },
  ],
};

/** Why a value is not acceptable for a field, or null when it is. */
export function fieldProblem(spec: FieldSpec, value: unknown): string | null {
  const f = spec.field;
  switch (f.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${spec.keras} must be a whole number`;
      if (value < f.min || value > f.max) return `${spec.keras} must be between ${f.min} and ${f.max}`;
      return null;
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.keras} must be a number`;
      const low = f.minExclusive ? value <= f.min : value < f.min;
      const high = f.maxExclusive ? value >= f.max : value > f.max;
      if (low || high) return `${spec.keras} must be ${f.minExclusive ? 'above' : 'at least'} ${f.min} and ${f.maxExclusive ? 'below' : 'at most'} ${f.max}`;
      return null;
    }
    case 'pair':
      if (value === null && f.optional) return null;
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v)))
        return `${spec.keras} must be one whole number or two like 3x3`;
      if (value.some((v: number) => v < f.min || v > f.max)) return `${spec.keras} must be between ${f.min} and ${f.max}`;
      return null;
    case 'enum':
      return typeof value === 'string' && f.options.includes(value) ? null : `${spec.keras} must be one of ${f.options.join(', ')}`;
  }
}

/** The first invalid parameter of a layer, if any (persisted or imported data may be bad). */
export function layerParamProblem(layer: LayerConfig): string | null {
  const fields = FIELDS[layer.type];
  if (!fields) return `unknown layer type "${String(layer.type)}"`;
  for (const spec of fields) {
    const problem = fieldProblem(spec, (layer as unknown as Record<string, unknown>)[spec.key]);
    if (problem) return problem;
  }
  return null;
}

/** Parse what a student typed into a field; returns the value or an error text. */
export function parseField(spec: FieldSpec, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  let value: unknown;
  switch (spec.field.kind) {
    case 'int':
    case 'float':
      value = t === '' ? NaN : parseNumber(t);
      break;
    case 'pair': {
      if (t === '' && spec.field.optional) { value = null; break; }
      const parts = t.split(/\s*[x×,*\s]\s*/i).filter((p) => p !== '').map(Number);
      value = parts.length === 1 ? [parts[0], parts[0]] : parts;
      break;
    }
    case 'enum':
      value = t;
  }
  const problem = fieldProblem(spec, value);
  return problem ? { error: problem } : { value };
}

/** Accepts plain numbers and simple fractions such as 1/255. */
function parseNumber(t: string): number {
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  return Number(t);
}

/** How a field's value reads in the editor. */
export function formatField(spec: FieldSpec, value: unknown): string {
  if (spec.field.kind === 'pair') {
    if (value === null || value === undefined) return '';
    const [a, b] = value as [number, number];
    return a === b ? String(a) : `${a}x${b}`;
  }
  if (typeof value === 'number' && spec.key === 'scale' && Math.abs(value - 1 / 255) < 1e-12) return '1/255';
  return String(value);
}
