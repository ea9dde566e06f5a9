// Keras names layers after their class in snake_case and numbers repeats:
// conv2d, conv2d_1, conv2d_2, ... (as in a fresh Python session).
import type { LayerType } from './layers';

function snakeCase(className: string): string {
  // Keras keeps digits attached to the previous word ("Conv2D" -> "conv2d").
  return className
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/_(\d)/g, '$1')
    .toLowerCase()
    .replace(/(\d)_d/g, '$1d');
}

export function kerasNames(types: readonly LayerType[]): string[] {
  const seen = new Map<string, number>();
  return types.map((type) => {
    const base = snakeCase(type);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  });
}
