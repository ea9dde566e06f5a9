import { describe, expect, it } from 'vitest';
import {
  checkBaseWeights,
  expectedBaseWeights,
  expectedValueCount,
  weightsFileName,
  weightsUrl,
  type BaseLayerWeights,
} from './weights';

const filled = (ref: Parameters<typeof expectedBaseWeights>[0]): BaseLayerWeights[] =>
  expectedBaseWeights(ref).map((l) => ({
    layer: l.layer,
    weights: l.weights.map((w, i) => ({
      name: `${l.layer}_${i}`,
      shape: w.shape,
      values: new Float32Array(w.shape.reduce((a, b) => a * b, 1)),
    })),
  }));

describe('the weights contract', () => {
  it("lists VGG16's 13 convolutions, kernel then bias, 14,714,688 values", () => {
    const w = expectedBaseWeights({ base: 'vgg16' });
    expect(w).toHaveLength(13);
    expect(w[0]).toMatchObject({ layer: 'block1_conv1', className: 'Conv2D' });
    expect(w[0]!.weights.map((x) => x.role)).toEqual(['kernel', 'bias']);
    expect(expectedValueCount({ base: 'vgg16' })).toBe(14714688);
  });

  it("lists MobileNetV2's weighted layers in Keras' order, depthwise kernels (3, 3, C, 1)", () => {
    const w = expectedBaseWeights({ base: 'mobilenet_v2', alpha: 0.35 });
    expect(w.slice(0, 4).map((l) => l.layer)).toEqual([
      'Conv1',
      'bn_Conv1',
      'expanded_conv_depthwise',
      'expanded_conv_depthwise_BN',
    ]);
    expect(w[2]!.weights).toEqual([{ role: 'depthwise_kernel', shape: [3, 3, 16, 1], trainable: true }]);
    expect(w[w.length - 1]!.layer).toBe('Conv_1_bn');
    expect(expectedValueCount({ base: 'mobilenet_v2', alpha: 0.35 })).toBe(410208);
  });

  it("names Keras' files and URLs", () => {
    expect(weightsFileName({ base: 'mobilenet_v2', alpha: 0.5 }, 160)).toBe(
      'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.5_160_no_top.h5',
    );
    expect(weightsFileName({ base: 'mobilenet_v2', alpha: 1.0 }, 224)).toBe(
      'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5',
    );
    expect(weightsUrl({ base: 'vgg16' }, 224)).toBe(
      'https://storage.googleapis.com/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
    );
  });

  it('accepts a complete set and names the first array that does not fit', () => {
    const ref = { base: 'mobilenet_v2', alpha: 0.35 } as const;
    expect(checkBaseWeights(ref, filled(ref))).toBeNull();
    const bad = filled(ref);
    bad[1]!.weights[2] = { name: 'bn_Conv1/moving_mean:0', shape: [8], values: new Float32Array(8) };
    expect(checkBaseWeights(ref, bad)).toBe(
      "bn_Conv1 moving_mean (the file's bn_Conv1/moving_mean:0) has shape (8), (16) expected",
    );
    expect(checkBaseWeights(ref, filled({ base: 'vgg16' }))).toBe(
      'the file has 13 layers with weights; MobileNetV2 (alpha 0.35) has 104',
    );
  });
});
