import { describe, expect, it } from 'vitest';
import { fitSuggestions, fitsInput, minimumSide, naturalInput, presetMinimumSide } from './fit';
import { inferSummary } from './infer';
import { findPreset } from './presets';
import type { Architecture, LayerSpec } from './layers';

const catsdogsAt = (side: number): Architecture => {
  const arch = findPreset('catsdogs-naive')!.build();
  return { ...arch, input: { ...arch.input, height: side, width: side } };
};

describe('input size fit', () => {
  it('knows each preset’s smallest square input (valid 3x3 convs and 2x2 poolings)', () => {
    // 18 -> 16 -> 8 -> 6 -> 3 -> 1; at 17 the last convolution gets 2x2.
    expect(presetMinimumSide('mnist-convnet')).toBe(18);
    // Five convolutions, four poolings: 78 -> 76 -> 38 -> 36 -> 18 -> 16 -> 8 -> 6 -> 3 -> 1.
    expect(presetMinimumSide('catsdogs-naive')).toBe(78);
    expect(presetMinimumSide('catsdogs-augmented')).toBe(78);
    expect(presetMinimumSide('mnist-dense')).toBe(1);
    expect(fitsInput(catsdogsAt(78), catsdogsAt(78).input)).toBe(true);
    expect(fitsInput(catsdogsAt(77), catsdogsAt(77).input)).toBe(false);
  });

  it('answers null when no size up to the limit fits', () => {
    const arch = findPreset('mnist-convnet')!.build();
    const huge: Architecture = {
      ...arch,
      layers: arch.layers.map((l) => (l.type === 'Conv2D' ? ({ ...l, kernelSize: [2000, 2000] } as LayerSpec) : l)),
    };
    expect(minimumSide(huge)).toBeNull();
  });

  it('offers changes that make cats vs dogs take 64x64, each with its real total params', () => {
    const arch = catsdogsAt(64);
    expect(inferSummary(arch).valid).toBe(false);
    const suggestions = fitSuggestions(arch);
    expect(suggestions.map((s) => s.kind)).toEqual(['same-padding', 'drop-pooling', 'input-size']);
    const same = suggestions[0]!;
    if (same.kind !== 'same-padding') throw new Error('kind');
    const convIds = arch.layers.filter((l) => l.type === 'Conv2D').map((l) => l.id);
    expect(same.layerIds).toEqual(convIds);
    const padded: Architecture = {
      ...arch,
      layers: arch.layers.map((l) => (convIds.includes(l.id) ? ({ ...l, padding: 'same' } as LayerSpec) : l)),
    };
    const summary = inferSummary(padded);
    expect(summary.valid).toBe(true);
    // 64 -> 32 -> 16 -> 8 -> 4: Flatten 4*4*256 = 4096 features into Dense(1).
    expect(summary.rows.find((r) => r.type === 'Flatten')!.outputShape).toEqual([4096]);
    expect(same.totalParams).toBe(summary.totalParams);

    const drop = suggestions[1]!;
    if (drop.kind !== 'drop-pooling') throw new Error('kind');
    const dropped: Architecture = { ...arch, layers: arch.layers.filter((l) => l.id !== drop.layerId) };
    expect(inferSummary(dropped).valid).toBe(true);
    expect(drop.totalParams).toBe(inferSummary(dropped).totalParams);
    // The last pooling goes: the early ones keep the big feature maps cheap.
    expect(drop.layerId).toBe(arch.layers.filter((l) => l.type === 'MaxPooling2D').at(-1)!.id);

    const size = suggestions[2]!;
    expect(size).toMatchObject({
      kind: 'input-size',
      height: 78,
      width: 78,
      totalParams: inferSummary(catsdogsAt(78)).totalParams,
    });
  });

  it('suggests nothing when the stack already takes its input', () => {
    expect(fitSuggestions(catsdogsAt(180))).toEqual([]);
    expect(fitSuggestions(findPreset('mnist-convnet')!.build())).toEqual([]);
  });
});

describe('the input a folder asks for', () => {
  it('keeps the model’s size when the stack takes it, in the folder’s colour mode', () => {
    const mnist = findPreset('mnist-convnet')!.build();
    expect(naturalInput(mnist, 'mnist-convnet', 3)).toEqual({ height: 28, width: 28, channels: 3 });
    expect(naturalInput(catsdogsAt(180), 'catsdogs-naive', 1)).toEqual({ height: 180, width: 180, channels: 1 });
  });

  it('falls back to the preset’s textbook size, else the smallest size the stack takes', () => {
    expect(naturalInput(catsdogsAt(64), 'catsdogs-augmented', 3)).toEqual({ height: 180, width: 180, channels: 3 });
    expect(naturalInput(catsdogsAt(64), null, 3)).toEqual({ height: 78, width: 78, channels: 3 });
  });
});
