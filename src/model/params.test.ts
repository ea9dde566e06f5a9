import { describe, expect, it } from 'vitest';
import { FIELDS, formatField, parseField } from './params';
import { sanitizeArchitecture } from './sanitize';
import { findPreset } from './presets';

const field = (type: keyof typeof FIELDS, key: string) => FIELDS[type].find((f) => f.key === key)!;

describe('parsing what a student types', () => {
  it('reads kernel sizes as one number or a pair', () => {
    expect(parseField(field('Conv2D', 'kernelSize'), '3')).toEqual({ value: [3, 3] });
    expect(parseField(field('Conv2D', 'kernelSize'), '3x5')).toEqual({ value: [3, 5] });
    expect(parseField(field('Conv2D', 'kernelSize'), '3, 5')).toEqual({ value: [3, 5] });
    expect(parseField(field('Conv2D', 'kernelSize'), '0')).toHaveProperty('error');
    expect(parseField(field('Conv2D', 'kernelSize'), 'big')).toHaveProperty('error');
  });
  it('reads fractions for Rescaling and shows 1/255 back', () => {
    const scale = field('Rescaling', 'scale');
    expect(parseField(scale, '1/255')).toEqual({ value: 1 / 255 });
    expect(formatField(scale, 1 / 255)).toBe('1/255');
  });
  it('leaves pool strides empty to mean "same as pool_size"', () => {
    const strides = field('MaxPooling2D', 'strides');
    expect(parseField(strides, '')).toEqual({ value: null });
    expect(formatField(strides, null)).toBe('');
  });
  it('refuses a dropout rate of 1 and fractional filters', () => {
    expect(parseField(field('Dropout', 'rate'), '1')).toHaveProperty('error');
    expect(parseField(field('Conv2D', 'filters'), '2.5')).toHaveProperty('error');
  });
});

describe('sanitising saved architectures', () => {
  const fallback = findPreset('mnist-convnet')!.build();
  it('falls back on garbage', () => {
    expect(sanitizeArchitecture('nonsense', fallback)).toBe(fallback);
    expect(sanitizeArchitecture({ layers: 'x' }, fallback)).toBe(fallback);
  });
  it('drops unknown layers, fills missing fields and repairs duplicate ids', () => {
    const a = sanitizeArchitecture(
      {
        input: { height: 32, width: 32, channels: 3 },
        numClasses: 4,
        layers: [{ type: 'Conv2D', id: 'a', filters: 8 }, { type: 'Teleport' }, { type: 'Dense', id: 'a' }],
      },
      fallback,
    );
    expect(a.layers.map((l) => l.type)).toEqual(['Conv2D', 'Dense']);
    expect(a.layers[0]).toMatchObject({ filters: 8, kernelSize: [3, 3], padding: 'valid' });
    expect(new Set(a.layers.map((l) => l.id)).size).toBe(2);
    expect(a.input).toEqual({ height: 32, width: 32, channels: 3 });
    expect(a.numClasses).toBe(4);
  });
});
