// Every editable parameter of every layer type, described once (key, Keras argument name, kind and range,
// help), so the editor, the validator, the Keras exporter and the run comparison share one source of truth about
// names and ranges. How a value is checked, parsed and shown is in params.ts.
import { FILL_MODES, FLIP_MODES, INTERPOLATIONS, type LayerConfig, type LayerType } from './layers';

export type FieldKind =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'float'; min: number; max: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'pair'; min: number; max: number; optional?: boolean }
  | { kind: 'enum'; options: readonly string[] }
  /**
   * A Keras factor: one number or a "low, high" pair, each within [min, max]
   * (min excluded when minExclusive). nullable: empty means Keras' None.
   * ordered: a pair must list its lower bound first.
   */
  | { kind: 'factor'; min: number; max: number; minExclusive?: boolean; nullable?: boolean; ordered: boolean }
  /** A "low, high" pair of numbers with low < high, e.g. a value_range. */
  | { kind: 'range'; min: number; max: number };

export interface FieldSpec {
  /** Property name on the layer config. */
  key: string;
  /** The Keras argument name, shown to the student and used in exported code. */
  keras: string;
  field: FieldKind;
  help: string;
  /** Shown and checked only while another field of the layer has this value (fill_value needs fill_mode "constant"). */
  onlyWhen?: { key: string; value: string };
}

/** Whether a field applies to the layer as it is now configured. */
export function fieldApplies(spec: FieldSpec, layer: LayerConfig): boolean {
  return !spec.onlyWhen || (layer as unknown as Record<string, unknown>)[spec.onlyWhen.key] === spec.onlyWhen.value;
}

const ACTIVATIONS = ['relu', 'sigmoid', 'softmax', 'tanh', 'linear'] as const;
const PADDINGS = ['valid', 'same'] as const;

const poolFields: FieldSpec[] = [
  {
    key: 'poolSize',
    keras: 'pool_size',
    field: { kind: 'pair', min: 1, max: 64 },
    help: 'Size of the window that is summarised, e.g. 2 or 2x2.',
  },
  {
    key: 'strides',
    keras: 'strides',
    field: { kind: 'pair', min: 1, max: 64, optional: true },
    help: 'Step between windows; empty means the same as pool_size.',
  },
  {
    key: 'padding',
    keras: 'padding',
    field: { kind: 'enum', options: PADDINGS },
    help: '"valid" drops incomplete windows; "same" pads so output = ceil(input / stride).',
  },
];

// fill_mode, interpolation and fill_value, shared by the geometric augmentations (Keras 3's defaults: reflect, bilinear, 0).
const transformFields: FieldSpec[] = [
  {
    key: 'fillMode',
    keras: 'fill_mode',
    field: { kind: 'enum', options: FILL_MODES },
    help: 'How pixels brought in from outside the image are filled: reflect (d c b a | a b c d), wrap (a b c d | a b c d), constant (fill_value), nearest (a a a | a b c d).',
  },
  {
    key: 'interpolation',
    keras: 'interpolation',
    field: { kind: 'enum', options: INTERPOLATIONS },
    help: 'bilinear blends the 4 nearest input pixels; nearest copies the closest one.',
  },
  {
    key: 'fillValue',
    keras: 'fill_value',
    field: { kind: 'float', min: -1e6, max: 1e6 },
    help: 'The value outside the image with fill_mode "constant" (in the units the layer sees: 0-255 before Rescaling).',
    onlyWhen: { key: 'fillMode', value: 'constant' },
  },
];

const valueRangeField: FieldSpec = {
  key: 'valueRange',
  keras: 'value_range',
  field: { kind: 'range', min: -1e6, max: 1e6 },
  help: 'The range of the pixel values this layer receives; outputs are clipped to it. 0, 255 for raw pixels (before Rescaling); 0, 1 for a model without Rescaling, whose pixels enter divided by 255.',
};

export const FIELDS: Record<LayerType, FieldSpec[]> = {
  // A base's choices (which network, alpha, the first layer to fine-tune) depend on each other: its own
  // selects in the layer card (ui/model/BaseFields.tsx), checked by bases/summary.ts.
  Base: [],
  Rescaling: [
    {
      key: 'scale',
      keras: 'scale',
      field: { kind: 'float', min: -1e6, max: 1e6 },
      help: 'Each input value is multiplied by this (1/255 maps bytes to 0..1).',
    },
    { key: 'offset', keras: 'offset', field: { kind: 'float', min: -1e6, max: 1e6 }, help: 'Added after scaling.' },
  ],
  RandomFlip: [
    {
      key: 'mode',
      keras: 'mode',
      field: { kind: 'enum', options: FLIP_MODES },
      help: 'Which mirror images training may use; horizontal_and_vertical flips both axes together (half the images), as Keras 3 does.',
    },
  ],
  RandomRotation: [
    {
      key: 'factor',
      keras: 'factor',
      field: { kind: 'factor', min: -1, max: 1, ordered: true },
      help: 'Fraction of a full turn: 0.1 rotates by -36° to +36°; "-0.1, 0.2" by -36° to +72°. Positive is counter-clockwise.',
    },
    ...transformFields,
  ],
  RandomZoom: [
    {
      key: 'heightFactor',
      keras: 'height_factor',
      field: { kind: 'factor', min: -1, max: 1, minExclusive: true, ordered: true },
      help: 'Vertical zoom as a fraction: 0.2 is -20% to +20%; positive zooms out (the content shrinks), negative zooms in. "-0.3, -0.1" only zooms in.',
    },
    {
      key: 'widthFactor',
      keras: 'width_factor',
      field: { kind: 'factor', min: -1, max: 1, minExclusive: true, nullable: true, ordered: true },
      help: "Horizontal zoom, like height_factor. Empty (Keras' None) zooms the width by the same amount as the height, keeping the aspect ratio.",
    },
    ...transformFields,
  ],
  RandomTranslation: [
    {
      key: 'heightFactor',
      keras: 'height_factor',
      field: { kind: 'factor', min: -1, max: 1, ordered: true },
      help: 'Vertical shift as a fraction of the height: 0.1 is up to 10% up or down; positive moves the content down.',
    },
    {
      key: 'widthFactor',
      keras: 'width_factor',
      field: { kind: 'factor', min: -1, max: 1, ordered: true },
      help: 'Horizontal shift as a fraction of the width; positive moves the content right.',
    },
    ...transformFields,
  ],
  RandomContrast: [
    {
      key: 'factor',
      keras: 'factor',
      field: { kind: 'factor', min: 0, max: 1, ordered: false },
      help: 'Contrast is multiplied by a random amount in [1 - lower, 1 + upper]: 0.2 is 0.8 to 1.2; "0.1, 0.5" is 0.9 to 1.5.',
    },
    valueRangeField,
  ],
  RandomBrightness: [
    {
      key: 'factor',
      keras: 'factor',
      field: { kind: 'factor', min: -1, max: 1, ordered: true },
      help: 'A random amount of the value range is added to every pixel: 0.2 adds -20% to +20% of it (-51 to +51 on 0-255).',
    },
    valueRangeField,
  ],
  Conv2D: [
    {
      key: 'filters',
      keras: 'filters',
      field: { kind: 'int', min: 1, max: 4096 },
      help: 'How many patterns (output channels) the layer learns.',
    },
    {
      key: 'kernelSize',
      keras: 'kernel_size',
      field: { kind: 'pair', min: 1, max: 31 },
      help: 'Height and width of each filter window, e.g. 3 or 3x3.',
    },
    {
      key: 'strides',
      keras: 'strides',
      field: { kind: 'pair', min: 1, max: 16 },
      help: 'Step between windows; 2 halves the output size.',
    },
    {
      key: 'padding',
      keras: 'padding',
      field: { kind: 'enum', options: PADDINGS },
      help: '"valid" shrinks the map by kernel-1; "same" pads so output = ceil(input / stride).',
    },
    {
      key: 'activation',
      keras: 'activation',
      field: { kind: 'enum', options: ACTIVATIONS },
      help: 'Function applied to every output value.',
    },
  ],
  MaxPooling2D: poolFields,
  AveragePooling2D: poolFields,
  GlobalAveragePooling2D: [],
  BatchNormalization: [],
  Dropout: [
    {
      key: 'rate',
      keras: 'rate',
      field: { kind: 'float', min: 0, max: 1, maxExclusive: true },
      help: 'Fraction of inputs set to zero at random during training.',
    },
  ],
  Flatten: [],
  Dense: [
    { key: 'units', keras: 'units', field: { kind: 'int', min: 1, max: 65536 }, help: 'Number of neurons (outputs).' },
    {
      key: 'activation',
      keras: 'activation',
      field: { kind: 'enum', options: ACTIVATIONS },
      help: 'Function applied to every output value.',
    },
  ],
};
