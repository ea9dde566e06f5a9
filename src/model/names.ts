// Keras names layers after their class in snake_case and numbers repeats:
// conv2d, conv2d_1, conv2d_2, ... (as in a fresh Python session).
import { baseModelName } from './bases/spec';
import { baseRef } from './bases/summary';
import { tfjsBaseName } from './bases/tfjs-base';
import type { Architecture, LayerType } from './layers';

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

/**
 * Each layer's name in the model as Keras would name it: numbered by class, except a pretrained base, which is
 * its own Functional model's name (`vgg16`, `mobilenetv2_0.35_96`). The summary and the tfjs model both use it.
 */
export function stackNames(arch: Pick<Architecture, 'layers' | 'input'>): string[] {
  const names = kerasNames(arch.layers.map((l) => l.type));
  return arch.layers.map((l, i) =>
    l.type !== 'Base'
      ? names[i]!
      : l.base === 'tfjs'
        ? tfjsBaseName(l)
        : baseModelName(baseRef(l), arch.input.height, arch.input.width),
  );
}
