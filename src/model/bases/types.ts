// A pretrained base as plain data: which network, its layers as keras.applications builds them
// (include_top=False, pooling=None), with Keras' names, classes, output shapes and weights.
// The worker's tfjs builder walks the same list, so the summary and the model cannot disagree.
import type { Padding } from '../layers';

export type BaseName = 'vgg16' | 'mobilenet_v2';
export const BASE_NAMES: readonly BaseName[] = ['vgg16', 'mobilenet_v2'];

/** The width multipliers Keras has ImageNet weights for (`mobilenet_v2.py`). */
export const MOBILENET_V2_ALPHAS = [0.35, 0.5, 0.75, 1.0, 1.3, 1.4] as const;
export type MobileNetV2Alpha = (typeof MOBILENET_V2_ALPHAS)[number];

/** Which base: VGG16 has no width multiplier; MobileNetV2's alpha is one of the six. */
export type BaseRef = { base: 'vgg16' } | { base: 'mobilenet_v2'; alpha: MobileNetV2Alpha };

/** What each weight array is, in the order Keras stores a layer's weights. */
export type WeightRole = 'kernel' | 'bias' | 'depthwise_kernel' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

export interface ExpectedWeight {
  role: WeightRole;
  shape: number[];
  /** False for BatchNormalization's moving mean and variance, whatever the layer's trainable flag. */
  trainable: boolean;
}

/** Keras' BatchNormalization settings in both bases. */
export const BN_EPSILON = 1e-3;
export const BN_MOMENTUM = 0.999;

export type BaseOp =
  | { kind: 'InputLayer' }
  | {
      kind: 'Conv2D';
      filters: number;
      kernel: number;
      strides: number;
      padding: Padding;
      useBias: boolean;
      activation: 'relu' | 'linear';
    }
  | { kind: 'DepthwiseConv2D'; kernel: number; strides: number; padding: Padding }
  | { kind: 'BatchNormalization' }
  /** ReLU capped at maxValue (MobileNetV2's ReLU6). */
  | { kind: 'ReLU'; maxValue: number }
  /** ((top, bottom), (left, right)) as Keras' correct_pad returns it. */
  | { kind: 'ZeroPadding2D'; padding: [[number, number], [number, number]] }
  | { kind: 'MaxPooling2D'; pool: number; strides: number }
  | { kind: 'Add' };

export type BaseLayerClass = BaseOp['kind'];

export interface BaseLayer {
  /** Keras' layer name (`block1_conv1`, `Conv1`, `block_3_expand_BN`, ...). */
  name: string;
  op: BaseOp;
  /** Names of the layers feeding this one (two for Add, none for the input). */
  inputs: string[];
  /** Output shape without the batch axis: [height, width, channels]. */
  outputShape: [number, number, number];
  /** Keras' weights of this layer in storage order; empty for layers without weights. */
  weights: ExpectedWeight[];
}

/** Total count of one layer's weights. */
export const layerParams = (layer: Pick<BaseLayer, 'weights'>): number =>
  layer.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
