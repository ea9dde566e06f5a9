// MobileNetV2 as keras.applications.MobileNetV2(include_top=False, pooling=None) builds it
// (keras/src/applications/mobilenet_v2.py), including correct_pad and _make_divisible.
import { GraphBuilder } from './ops';
import type { BaseLayer, BaseOp, MobileNetV2Alpha } from './types';

/** Keras' _make_divisible: nearest multiple of `divisor`, never below 90% of v. */
export function makeDivisible(v: number, divisor = 8, minValue = divisor): number {
  let out = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

/**
 * imagenet_utils.correct_pad for a 3x3 window: ((1 - adjust, 1), ...) with adjust = 1 - side % 2, so an even
 * side gets (0, 1) and an odd one (1, 1): the padding TensorFlow's 'same' would add for stride 2.
 */
export function correctPad(height: number, width: number): [[number, number], [number, number]] {
  return [
    [height % 2, 1],
    [width % 2, 1],
  ];
}

/** (filters, stride, expansion) of blocks 0..16, from the paper's table as Keras writes it. */
const BLOCKS: readonly [number, number, number][] = [
  [16, 1, 1],
  [24, 2, 6],
  [24, 1, 6],
  [32, 2, 6],
  [32, 1, 6],
  [32, 1, 6],
  [64, 2, 6],
  [64, 1, 6],
  [64, 1, 6],
  [64, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [160, 2, 6],
  [160, 1, 6],
  [160, 1, 6],
  [320, 1, 6],
];

const conv1x1 = (filters: number): BaseOp => ({
  kind: 'Conv2D',
  filters,
  kernel: 1,
  strides: 1,
  padding: 'same',
  useBias: false,
  activation: 'linear',
});
const BN: BaseOp = { kind: 'BatchNormalization' };
const RELU6: BaseOp = { kind: 'ReLU', maxValue: 6 };

export function mobileNetV2Layers(height: number, width: number, alpha: MobileNetV2Alpha): BaseLayer[] {
  const g = new GraphBuilder([height, width, 3]);
  const first = makeDivisible(32 * alpha, 8);
  g.add('Conv1', {
    kind: 'Conv2D',
    filters: first,
    kernel: 3,
    strides: 2,
    padding: 'same',
    useBias: false,
    activation: 'linear',
  });
  g.add('bn_Conv1', BN);
  g.add('Conv1_relu', RELU6);
  BLOCKS.forEach(([filters, stride, expansion], blockId) => {
    const input = g.last();
    const inChannels = g.shape(input)[2];
    // Keras: int(filters * alpha) first, then _make_divisible.
    const pointwise = makeDivisible(Math.trunc(filters * alpha), 8);
    // The first block has no expansion and its own prefix.
    const prefix = blockId === 0 ? 'expanded_conv_' : `block_${blockId}_`;
    if (blockId > 0) {
      g.add(`${prefix}expand`, conv1x1(expansion * inChannels));
      g.add(`${prefix}expand_BN`, BN);
      g.add(`${prefix}expand_relu`, RELU6);
    }
    if (stride === 2) {
      const [h, w] = g.shape(g.last());
      g.add(`${prefix}pad`, { kind: 'ZeroPadding2D', padding: correctPad(h, w) });
    }
    g.add(`${prefix}depthwise`, {
      kind: 'DepthwiseConv2D',
      kernel: 3,
      strides: stride,
      padding: stride === 1 ? 'same' : 'valid',
    });
    g.add(`${prefix}depthwise_BN`, BN);
    g.add(`${prefix}depthwise_relu`, RELU6);
    g.add(`${prefix}project`, conv1x1(pointwise));
    const projected = g.add(`${prefix}project_BN`, BN);
    if (inChannels === pointwise && stride === 1) g.add(`${prefix}add`, { kind: 'Add' }, [input, projected]);
  });
  // No alpha on the last convolution unless alpha > 1 (the paper; Keras' comment).
  const last = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  g.add('Conv_1', conv1x1(last));
  g.add('Conv_1_bn', BN);
  g.add('out_relu', RELU6);
  return g.layers;
}
