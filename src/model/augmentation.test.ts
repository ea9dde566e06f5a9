// The augmentation layers as plain data: summary rows, editor fields and the
// preview request's checks (the tfjs side is tested in src/worker).
import { describe, expect, it } from 'vitest';
import { inferSummary } from './infer';
import {
  defaultLayer,
  factorRange,
  isAugmentation,
  LAYER_TYPES,
  leadingAugmentations,
  withId,
  type Architecture,
  type LayerConfig,
} from './layers';
import { FIELDS, fieldApplies, formatField, layerParamProblem, parseField } from './params';
import { augmentPreviewProblem } from './augmentation';
import { EXPLANATIONS } from './explain';
import { findPreset } from './presets';

const AUGMENTATIONS = [
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
] as const;
const arch = (layers: LayerConfig[], input = { height: 32, width: 24, channels: 3 }): Architecture => ({
  input,
  numClasses: 2,
  layers: layers.map((l) => withId(l)),
});
const head: LayerConfig[] = [{ type: 'Flatten' }, { type: 'Dense', units: 1, activation: 'sigmoid' }];
const field = (type: keyof typeof FIELDS, key: string) => FIELDS[type].find((f) => f.key === key)!;

describe('the six augmentation layers', () => {
  it('are offered in the editor, count as augmentation and have an explanation', () => {
    expect(LAYER_TYPES.filter(isAugmentation)).toEqual([...AUGMENTATIONS]);
    for (const t of AUGMENTATIONS) expect(EXPLANATIONS[t].summary).toMatch(/training/);
    expect(isAugmentation('Dropout')).toBe(false);
  });

  it.each(AUGMENTATIONS.map((t) => [t]))('%s: one summary row, the input shape kept, 0 parameters', (type) => {
    const s = inferSummary(arch([defaultLayer(type), ...head]));
    expect(s.valid).toBe(true);
    expect(s.rows[0]).toMatchObject({ type, outputShape: [32, 24, 3], params: 0, trainable: 0, nonTrainable: 0 });
    expect(s.rows[0]!.name).toBe(type.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase());
  });

  it.each(AUGMENTATIONS.map((t) => [t]))('%s: refused on a vector input, with the fix', (type) => {
    const s = inferSummary(
      arch([{ type: 'Flatten' }, defaultLayer(type), { type: 'Dense', units: 1, activation: 'sigmoid' }]),
    );
    expect(s.rows[1]!.issue?.message).toMatch(new RegExp(`${type} transforms images but receives a vector`));
    expect(s.rows[1]!.issue?.fix).toMatch(/augmentation layers first/);
  });

  it("the augmented cats-vs-dogs preset is the textbook's block with Keras' defaults and still 991,041 parameters", () => {
    const a = findPreset('catsdogs-augmented')!.build();
    expect(a.layers.slice(0, 3).map(({ id: _id, ...l }) => l)).toEqual([
      { type: 'RandomFlip', mode: 'horizontal' },
      { type: 'RandomRotation', factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
      {
        type: 'RandomZoom',
        heightFactor: 0.2,
        widthFactor: null,
        fillMode: 'reflect',
        interpolation: 'bilinear',
        fillValue: 0,
      },
    ]);
    expect(inferSummary(a).totalParams).toBe(991_041);
    expect(leadingAugmentations(a.layers)).toEqual([0, 1, 2]);
  });

  it('leadingAugmentations stops at the first other layer', () => {
    const layers = [
      defaultLayer('RandomFlip'),
      defaultLayer('RandomContrast'),
      defaultLayer('Rescaling'),
      defaultLayer('RandomZoom'),
    ];
    expect(leadingAugmentations(layers)).toEqual([0, 1]);
    expect(leadingAugmentations([defaultLayer('Rescaling'), defaultLayer('RandomFlip')])).toEqual([]);
  });

  it('factorRange reads a factor as Keras does', () => {
    expect(factorRange(0.2)).toEqual([-0.2, 0.2]);
    expect(factorRange(-0.2)).toEqual([-0.2, 0.2]);
    expect(factorRange([-0.1, 0.3])).toEqual([-0.1, 0.3]);
  });
});

describe('the factor field', () => {
  const rotation = field('RandomRotation', 'factor');
  it('accepts one number or a "low, high" pair, as Keras does', () => {
    expect(parseField(rotation, '0.1')).toEqual({ value: 0.1 });
    expect(parseField(rotation, '-0.1, 0.2')).toEqual({ value: [-0.1, 0.2] });
    expect(parseField(rotation, '(-0.1, 0.2)')).toEqual({ value: [-0.1, 0.2] });
    expect(parseField(rotation, '-0.1 0.2')).toEqual({ value: [-0.1, 0.2] });
    expect(formatField(rotation, [-0.1, 0.2])).toBe('-0.1, 0.2');
    expect(formatField(rotation, 0.1)).toBe('0.1');
  });
  it('refuses what Keras would, saying why', () => {
    expect(parseField(rotation, '')).toEqual({ error: expect.stringMatching(/one number like 0.1 or a pair/) });
    expect(parseField(rotation, 'a lot')).toEqual({ error: expect.stringMatching(/one number like 0.1 or a pair/) });
    expect(parseField(rotation, '0.1, 0.2, 0.3')).toHaveProperty('error');
    expect(parseField(rotation, '1.5')).toEqual({ error: 'factor must be at least -1 and at most 1' });
    expect(parseField(rotation, '0.2, -0.1')).toEqual({ error: 'factor: write the lower bound first (-0.1, 0.2)' });
    // Zoom: 1 + factor must stay above 0, so -1 is out (Keras: (-1, 1]).
    expect(parseField(field('RandomZoom', 'heightFactor'), '-1')).toHaveProperty('error');
    expect(parseField(field('RandomZoom', 'heightFactor'), '1')).toEqual({ value: 1 });
    // Contrast: (lower, upper) are both amounts in [0, 1], in either order.
    expect(parseField(field('RandomContrast', 'factor'), '0.5, 0.1')).toEqual({ value: [0.5, 0.1] });
    expect(parseField(field('RandomContrast', 'factor'), '-0.1')).toHaveProperty('error');
  });
  it("an empty width_factor is Keras' None (keep the aspect ratio)", () => {
    const width = field('RandomZoom', 'widthFactor');
    expect(parseField(width, '')).toEqual({ value: null });
    expect(formatField(width, null)).toBe('');
    expect(parseField(field('RandomTranslation', 'widthFactor'), '')).toHaveProperty('error');
  });
  it('value_range is a low, high pair with low below high', () => {
    const range = field('RandomBrightness', 'valueRange');
    expect(parseField(range, '0, 1')).toEqual({ value: [0, 1] });
    expect(formatField(range, [0, 255])).toBe('0, 255');
    expect(parseField(range, '255, 0')).toHaveProperty('error');
    expect(parseField(range, '1')).toHaveProperty('error');
  });
});

describe('fill_mode, interpolation and fill_value', () => {
  it('offer Keras\' modes; fill_value applies (and is checked) only with fill_mode "constant"', () => {
    expect(field('RandomZoom', 'fillMode').field).toEqual({
      kind: 'enum',
      options: ['reflect', 'wrap', 'constant', 'nearest'],
    });
    expect(field('RandomTranslation', 'interpolation').field).toEqual({
      kind: 'enum',
      options: ['bilinear', 'nearest'],
    });
    const fillValue = field('RandomRotation', 'fillValue');
    const reflect = defaultLayer('RandomRotation');
    const constant = { ...reflect, fillMode: 'constant' } as LayerConfig;
    expect(fieldApplies(fillValue, reflect)).toBe(false);
    expect(fieldApplies(fillValue, constant)).toBe(true);
    expect(layerParamProblem({ ...reflect, fillValue: NaN } as LayerConfig)).toBeNull();
    expect(layerParamProblem({ ...constant, fillValue: NaN } as LayerConfig)).toMatch(/fill_value must be a number/);
    expect(layerParamProblem({ ...reflect, fillMode: 'mirror' } as unknown as LayerConfig)).toMatch(
      /fill_mode must be one of reflect, wrap, constant, nearest/,
    );
  });
});

describe('the preview request', () => {
  const image = { pixels: new Uint8Array(4 * 4 * 3), height: 4, width: 4, channels: 3 };
  const ok = { arch: arch([defaultLayer('RandomFlip'), ...head]), image, count: 9, seed: 1, enabled: [true] };
  it('is accepted when well formed and refused, with the reason, otherwise', () => {
    expect(augmentPreviewProblem(ok)).toBeNull();
    expect(augmentPreviewProblem({ ...ok, image: { ...image, channels: 2 } })).toMatch(/1 or 3 channels/);
    expect(augmentPreviewProblem({ ...ok, count: 100 })).toMatch(/1 to 64 samples/);
    expect(
      augmentPreviewProblem({
        ...ok,
        arch: arch([{ ...defaultLayer('RandomZoom'), heightFactor: -2 } as LayerConfig, ...head]),
      }),
    ).toMatch(/Layer 1 \(random_zoom\): height_factor must be above -1/);
  });
});
