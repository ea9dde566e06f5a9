// Checking, parsing and showing the editor's values against the field table (fields.ts): the editor, the
// validator and the Keras exporter read both, so one import of params.ts gives the whole of it.
import { baseSettingsProblem } from './bases/summary';
import { FIELDS, fieldApplies, type FieldSpec } from './fields';
import type { LayerConfig } from './layers';

export * from './fields';

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
      if (low || high)
        return `${spec.keras} must be ${f.minExclusive ? 'above' : 'at least'} ${f.min} and ${f.maxExclusive ? 'below' : 'at most'} ${f.max}`;
      return null;
    }
    case 'pair':
      if (value === null && f.optional) return null;
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v)))
        return `${spec.keras} must be one whole number or two like 3x3`;
      if (value.some((v: number) => v < f.min || v > f.max))
        return `${spec.keras} must be between ${f.min} and ${f.max}`;
      return null;
    case 'enum':
      return typeof value === 'string' && f.options.includes(value)
        ? null
        : `${spec.keras} must be one of ${f.options.join(', ')}`;
    case 'factor': {
      if (value === null && f.nullable) return null;
      const parts =
        typeof value === 'number' ? [value] : Array.isArray(value) && value.length === 2 ? (value as unknown[]) : null;
      if (!parts || !parts.every((v) => typeof v === 'number' && Number.isFinite(v)))
        return `${spec.keras} must be one number like 0.1 or a pair like -0.1, 0.2`;
      const nums = parts as number[];
      if (nums.some((v) => (f.minExclusive ? v <= f.min : v < f.min) || v > f.max))
        return `${spec.keras} must be ${f.minExclusive ? 'above' : 'at least'} ${f.min} and at most ${f.max}`;
      if (f.ordered && nums.length === 2 && nums[0]! > nums[1]!)
        return `${spec.keras}: write the lower bound first (${nums[1]}, ${nums[0]})`;
      return null;
    }
    case 'range': {
      if (
        !Array.isArray(value) ||
        value.length !== 2 ||
        !value.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
        return `${spec.keras} must be two numbers like 0, 255`;
      const [lo, hi] = value as [number, number];
      if (lo < f.min || hi > f.max) return `${spec.keras} must lie between ${f.min} and ${f.max}`;
      if (lo >= hi) return `${spec.keras}: the low value must be below the high one`;
      return null;
    }
  }
}

/** The first invalid parameter of a layer, if any (persisted or imported data may be bad). */
export function layerParamProblem(layer: LayerConfig): string | null {
  if (layer.type === 'Base') return baseSettingsProblem(layer);
  const fields = FIELDS[layer.type];
  if (!fields) return `unknown layer type "${String(layer.type)}"`;
  for (const spec of fields) {
    if (!fieldApplies(spec, layer)) continue;
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
      if (t === '' && spec.field.optional) {
        value = null;
        break;
      }
      const parts = t
        .split(/\s*[x×,*\s]\s*/i)
        .filter((p) => p !== '')
        .map(Number);
      value = parts.length === 1 ? [parts[0], parts[0]] : parts;
      break;
    }
    case 'enum':
      value = t;
      break;
    case 'factor':
    case 'range': {
      if (t === '' && spec.field.kind === 'factor' && spec.field.nullable) {
        value = null;
        break;
      }
      // "0.1", "-0.1, 0.2", "(-0.1, 0.2)" or "[-0.1 0.2]": the pair as Python would print it, or plainer.
      const parts = t
        .replace(/^[([]\s*|\s*[)\]]$/g, '')
        .split(/\s*[,;]\s*|\s+/)
        .filter((p) => p !== '')
        .map(parseNumber);
      value = parts.length === 1 && spec.field.kind === 'factor' ? parts[0] : parts;
      break;
    }
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
  if (spec.field.kind === 'factor' || spec.field.kind === 'range') {
    if (value === null || value === undefined) return '';
    return Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  if (typeof value === 'number' && spec.key === 'scale' && Math.abs(value - 1 / 255) < 1e-12) return '1/255';
  return String(value);
}
