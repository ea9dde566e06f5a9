// Which input sizes a layer stack takes, and the smallest change that makes
// it take a size it does not. Pure: built on the same inference as the summary.
import { inferSummary } from './infer';
import type { Architecture, InputShape, LayerSpec } from './layers';
import { findPreset, type PresetId } from './presets';

/** The largest side tried; the input fields stop at 1024 too. */
export const MAX_SIDE = 1024;

/**
 * Whether every layer accepts the input (shapes and parameters); the output
 * layer against the number of classes is another question, left to the summary.
 */
export function fitsInput(arch: Architecture, input: InputShape): boolean {
  if (input.height < 1 || input.width < 1) return false;
  const summary = inferSummary({ ...arch, input });
  return summary.rows.every((r) => r.outputShape !== null);
}

/**
 * The smallest square side the stack takes, or null when none up to MAX_SIDE
 * does. Binary search: windows with valid or same padding never stop fitting
 * as the input grows.
 */
export function minimumSide(arch: Architecture, channels = arch.input.channels): number | null {
  const at = (side: number) => fitsInput(arch, { height: side, width: side, channels });
  if (!at(MAX_SIDE)) return null;
  let lo = 1;
  let hi = MAX_SIDE;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const presetMinimum = new Map<PresetId, number | null>();
/** Each preset's smallest input side (computed once from its layers). */
export function presetMinimumSide(id: PresetId): number | null {
  if (!presetMinimum.has(id)) {
    const preset = findPreset(id);
    presetMinimum.set(id, preset ? minimumSide(preset.build()) : null);
  }
  return presetMinimum.get(id)!;
}

export type FitSuggestion =
  | { kind: 'same-padding'; layerIds: string[]; totalParams: number; label: string }
  | { kind: 'drop-pooling'; layerId: string; totalParams: number; label: string }
  | { kind: 'input-size'; height: number; width: number; totalParams: number; label: string };

const isPooling = (l: LayerSpec) => l.type === 'MaxPooling2D' || l.type === 'AveragePooling2D';
const totalAt = (arch: Architecture) => inferSummary(arch).totalParams;

/**
 * When the stack does not take the model's input: the nearest changes that
 * make it take it, each with the total params it would then have.
 * In order: "same" padding on the convolutions (and poolings) that shrink, one
 * pooling layer fewer (the last one that makes it fit: early poolings keep the
 * big feature maps cheap), or the smallest input size this stack takes.
 */
export function fitSuggestions(arch: Architecture): FitSuggestion[] {
  if (fitsInput(arch, arch.input)) return [];
  const out: FitSuggestion[] = [];
  const windowed = arch.layers.filter(
    (l) => (l.type === 'Conv2D' || isPooling(l)) && 'padding' in l && l.padding === 'valid',
  );
  const convs = windowed.filter((l) => l.type === 'Conv2D');
  const padded = (ids: Set<string>): Architecture => ({
    ...arch,
    layers: arch.layers.map((l) => (ids.has(l.id) && 'padding' in l ? ({ ...l, padding: 'same' } as LayerSpec) : l)),
  });
  for (const group of [convs, windowed]) {
    if (group.length === 0) continue;
    const next = padded(new Set(group.map((l) => l.id)));
    if (fitsInput(next, next.input)) {
      const poolsToo = group.length > convs.length;
      out.push({
        kind: 'same-padding',
        layerIds: group.map((l) => l.id),
        totalParams: totalAt(next),
        label: `Use padding "same" on the ${convs.length} Conv2D layer${convs.length === 1 ? '' : 's'}${poolsToo ? ' and the pooling layers' : ''}`,
      });
      break;
    }
  }
  const pools = arch.layers.filter(isPooling);
  for (let i = pools.length - 1; i >= 0; i--) {
    const id = pools[i]!.id;
    const next: Architecture = { ...arch, layers: arch.layers.filter((l) => l.id !== id) };
    if (fitsInput(next, next.input)) {
      const index = arch.layers.findIndex((l) => l.id === id);
      out.push({
        kind: 'drop-pooling',
        layerId: id,
        totalParams: totalAt(next),
        label: `Remove one pooling layer (layer ${index + 1}, ${pools[i]!.type})`,
      });
      break;
    }
  }
  const side = minimumSide(arch);
  if (side !== null) {
    const input = { ...arch.input, height: Math.max(side, arch.input.height), width: Math.max(side, arch.input.width) };
    if (fitsInput(arch, input))
      out.push({
        kind: 'input-size',
        height: input.height,
        width: input.width,
        totalParams: totalAt({ ...arch, input }),
        label: `Use a ${input.height}×${input.width} input`,
      });
  }
  return out;
}

/**
 * The input a newly loaded folder asks of the model: the folder's colour mode;
 * the model's size when the stack takes it, else its preset's textbook size
 * (180x180 for cats vs dogs), else the smallest size it takes.
 */
export function naturalInput(arch: Architecture, presetId: PresetId | null, channels: 1 | 3): InputShape {
  const model = { height: arch.input.height, width: arch.input.width, channels };
  if (fitsInput(arch, model)) return model;
  const standard = presetId ? findPreset(presetId)?.build().input : undefined;
  if (standard && fitsInput(arch, { ...standard, channels }))
    return { height: standard.height, width: standard.width, channels };
  const side = minimumSide(arch, channels);
  return side === null ? model : { height: side, width: side, channels };
}
