import { describe, expect, it } from 'vitest';
import { sanitizeArchitecture } from './sanitize';
import { findPreset } from './presets';
import { inferSummary } from './infer';

const fallback = findPreset('mnist-convnet')!.build();
const saved = (layers: unknown[]) =>
  sanitizeArchitecture({ input: { height: 180, width: 180, channels: 3 }, numClasses: 2, layers }, fallback);

describe('sanitising saved augmentation layers', () => {
  it("loads RandomRotation / RandomZoom saved before fill_mode existed with Keras' defaults, keeping the student's factors", () => {
    const a = saved([
      { type: 'RandomRotation', id: 'r', factor: 0.15 },
      { type: 'RandomZoom', id: 'z', heightFactor: 0.2, widthFactor: 0.3 },
      { type: 'Flatten', id: 'f' },
      { type: 'Dense', id: 'd', units: 1, activation: 'sigmoid' },
    ]);
    expect(a.layers[0]).toEqual({
      type: 'RandomRotation',
      id: 'r',
      factor: 0.15,
      fillMode: 'reflect',
      interpolation: 'bilinear',
      fillValue: 0,
    });
    expect(a.layers[1]).toEqual({
      type: 'RandomZoom',
      id: 'z',
      heightFactor: 0.2,
      widthFactor: 0.3,
      fillMode: 'reflect',
      interpolation: 'bilinear',
      fillValue: 0,
    });
    expect(inferSummary(a).valid).toBe(true);
  });

  it('loads the new layers, and a bad value stays visible as an error instead of crashing', () => {
    const a = saved([
      { type: 'RandomTranslation', id: 't', heightFactor: [-0.1, 0.2] },
      { type: 'RandomContrast', id: 'c' },
      { type: 'RandomBrightness', id: 'b', factor: 'lots' },
      { type: 'Flatten', id: 'f' },
      { type: 'Dense', id: 'd', units: 1, activation: 'sigmoid' },
    ]);
    expect(a.layers[0]).toMatchObject({ heightFactor: [-0.1, 0.2], widthFactor: 0.1, fillMode: 'reflect' });
    expect(a.layers[1]).toMatchObject({ factor: 0.2, valueRange: [0, 255] });
    const s = inferSummary(a);
    expect(s.valid).toBe(false);
    expect(s.issues[0]!.message).toMatch(/Layer 3 \(random_brightness, RandomBrightness\): factor must be one number/);
  });
});
