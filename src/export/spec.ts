// The augmentation layers as the engineers agreed them (issue 13). Today's
// src/model/layers.ts has RandomFlip/Rotation/Zoom with fewer fields; the
// three new layers and the new fields arrive in another branch. The exporter
// is written against this spec so it is complete as soon as they land; after
// the merge these local types can be replaced by the ones in src/model/layers.ts.
import type { LayerConfig } from '../model/layers';

export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
export type Interpolation = 'bilinear' | 'nearest';
/** A Keras factor: a number f means the range (-f, f); a pair is (low, high). */
export type Factor = number | [number, number];

export interface SpecRandomFlip { type: 'RandomFlip'; mode: 'horizontal' | 'vertical' | 'horizontal_and_vertical' }
export interface SpecRandomRotation { type: 'RandomRotation'; factor: Factor; fillMode: FillMode; interpolation: Interpolation; fillValue: number }
export interface SpecRandomZoom { type: 'RandomZoom'; heightFactor: Factor; widthFactor: Factor | null; fillMode: FillMode; interpolation: Interpolation; fillValue: number }
export interface SpecRandomTranslation { type: 'RandomTranslation'; heightFactor: Factor; widthFactor: Factor; fillMode: FillMode; interpolation: Interpolation; fillValue: number }
export interface SpecRandomContrast { type: 'RandomContrast'; factor: Factor; valueRange: [number, number] }
export interface SpecRandomBrightness { type: 'RandomBrightness'; factor: Factor; valueRange: [number, number] }

export type SpecAugmentation = SpecRandomFlip | SpecRandomRotation | SpecRandomZoom | SpecRandomTranslation | SpecRandomContrast | SpecRandomBrightness;

/** Any layer the exporter understands: today's union, or the agreed augmentation layers (some fields may be absent today). */
export type ExportLayer = LayerConfig | SpecAugmentation;

export type ArgKind = 'int' | 'float' | 'pair' | 'enum' | 'factor' | 'range';
export interface ArgSpec { key: string; keras: string; kind: ArgKind }

/**
 * Keras arguments of the agreed augmentation fields. Used only for fields
 * that src/model/params.ts does not describe yet (FIELDS wins when it has
 * the key), so after the merge this table changes nothing.
 */
export const SPEC_ARGS: Record<string, ArgSpec[]> = {
  RandomFlip: [{ key: 'mode', keras: 'mode', kind: 'enum' }],
  RandomRotation: [
    { key: 'factor', keras: 'factor', kind: 'factor' },
    { key: 'fillMode', keras: 'fill_mode', kind: 'enum' },
    { key: 'interpolation', keras: 'interpolation', kind: 'enum' },
    { key: 'fillValue', keras: 'fill_value', kind: 'float' },
  ],
  RandomZoom: [
    { key: 'heightFactor', keras: 'height_factor', kind: 'factor' },
    { key: 'widthFactor', keras: 'width_factor', kind: 'factor' },
    { key: 'fillMode', keras: 'fill_mode', kind: 'enum' },
    { key: 'interpolation', keras: 'interpolation', kind: 'enum' },
    { key: 'fillValue', keras: 'fill_value', kind: 'float' },
  ],
  RandomTranslation: [
    { key: 'heightFactor', keras: 'height_factor', kind: 'factor' },
    { key: 'widthFactor', keras: 'width_factor', kind: 'factor' },
    { key: 'fillMode', keras: 'fill_mode', kind: 'enum' },
    { key: 'interpolation', keras: 'interpolation', kind: 'enum' },
    { key: 'fillValue', keras: 'fill_value', kind: 'float' },
  ],
  RandomContrast: [
    { key: 'factor', keras: 'factor', kind: 'factor' },
    { key: 'valueRange', keras: 'value_range', kind: 'range' },
  ],
  RandomBrightness: [
    { key: 'factor', keras: 'factor', kind: 'factor' },
    { key: 'valueRange', keras: 'value_range', kind: 'range' },
  ],
};

/** The six augmentation layers are active only in training, have no weights and keep the shape. */
export const SPEC_AUGMENTATIONS: readonly string[] = ['RandomFlip', 'RandomRotation', 'RandomZoom', 'RandomTranslation', 'RandomContrast', 'RandomBrightness'];
