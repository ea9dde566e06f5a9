// One lab layer as one Keras call, e.g.
//   layers.Conv2D(filters=32, kernel_size=3, activation="relu", name="conv2d")
// Table-driven: the argument names come from src/model/params.ts (each field
// has its Keras name). A new layer type needs only its table entries.
import type { LayerConfig } from '../model/layers';
import { FIELDS, type FieldSpec } from '../model/params';
import { pyFloat, pyInt, pyStr, pyTuple } from './python';

export type ArgKind = 'int' | 'float' | 'pair' | 'enum' | 'factor' | 'range';
export interface ArgSpec {
  key: string;
  keras: string;
  kind: ArgKind;
}
export type ExportLayer = LayerConfig;

/**
 * Keras 3's default for each argument, as this module prints it. An argument
 * equal to its default is left out, as a student would write it.
 */
export const KERAS_DEFAULTS: Record<string, Record<string, string>> = {
  Rescaling: { offset: '0.0' },
  Conv2D: { strides: '1', padding: '"valid"' },
  MaxPooling2D: { strides: 'None', padding: '"valid"' },
  AveragePooling2D: { strides: 'None', padding: '"valid"' },
  RandomFlip: { mode: '"horizontal_and_vertical"' },
  RandomRotation: { fill_mode: '"reflect"', interpolation: '"bilinear"', fill_value: '0.0' },
  RandomZoom: { width_factor: 'None', fill_mode: '"reflect"', interpolation: '"bilinear"', fill_value: '0.0' },
  RandomTranslation: { fill_mode: '"reflect"', interpolation: '"bilinear"', fill_value: '0.0' },
  RandomContrast: { value_range: '(0.0, 255.0)' },
  RandomBrightness: { value_range: '(0.0, 255.0)' },
};

function kindOf(spec: FieldSpec): ArgKind {
  const k = spec.field.kind as string;
  return k === 'int' || k === 'float' || k === 'pair' || k === 'enum' || k === 'factor' || k === 'range'
    ? (k as ArgKind)
    : 'float';
}

/** Every Keras argument of a layer type, from its field table. */
export function argSpecs(type: string): ArgSpec[] {
  const fields = (FIELDS as Record<string, FieldSpec[] | undefined>)[type] ?? [];
  return fields.map((f) => ({ key: f.key, keras: f.keras, kind: kindOf(f) }));
}

/** A field value as Python source, or null when the layer does not have the field (an older stack). */
export function pyValue(kind: ArgKind, value: unknown): string | null {
  if (value === undefined) return null;
  if (value === null) return 'None';
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return kind === 'int' || kind === 'pair' ? pyInt(value) : pyFloat(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    const nums = value as number[];
    if (kind === 'pair') return nums.length === 2 && nums[0] === nums[1] ? pyInt(nums[0]!) : pyTuple(nums.map(pyInt));
    return pyTuple(nums.map(pyFloat));
  }
  return null;
}

/** The keyword arguments of a layer's call, defaults left out, `name` last. */
export function layerArgs(layer: ExportLayer, name: string): string[] {
  const defaults = KERAS_DEFAULTS[layer.type] ?? {};
  const record = layer as unknown as Record<string, unknown>;
  const args: string[] = [];
  for (const spec of argSpecs(layer.type)) {
    const value = pyValue(spec.kind, record[spec.key]);
    if (value === null || defaults[spec.keras] === value) continue;
    args.push(`${spec.keras}=${value}`);
  }
  args.push(`name=${pyStr(name)}`);
  return args;
}

/** `layers.Conv2D(filters=32, ..., name="conv2d")` */
export function layerCall(layer: ExportLayer, name: string): string {
  return `layers.${layer.type}(${layerArgs(layer, name).join(', ')})`;
}
