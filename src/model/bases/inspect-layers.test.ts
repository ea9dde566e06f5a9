import { describe, expect, it } from 'vitest';
import { findPreset } from '../presets';
import { inspectLayers } from './inspect-layers';

describe('the layers Inspect lists', () => {
  it("lists a base's own layers by their Keras names in place of the base, then the head", () => {
    const layers = inspectLayers(findPreset('vgg16-feature-extraction-augmented')!.build());
    expect(layers.slice(0, 5)).toEqual([
      { name: 'random_flip', type: 'RandomFlip', inBase: false },
      { name: 'random_rotation', type: 'RandomRotation', inBase: false },
      { name: 'random_zoom', type: 'RandomZoom', inBase: false },
      { name: 'block1_conv1', type: 'Conv2D', inBase: true },
      { name: 'block1_conv2', type: 'Conv2D', inBase: true },
    ]);
    expect(layers.map((l) => l.name).slice(-5)).toEqual(['block5_pool', 'flatten', 'dense', 'dropout', 'dense_1']);
    const mobile = inspectLayers(findPreset('mobilenet-v2-feature-extraction')!.build());
    expect(mobile[0]).toEqual({ name: 'Conv1', type: 'Conv2D', inBase: true });
    expect(mobile).toContainEqual({ name: 'block_16_depthwise', type: 'DepthwiseConv2D', inBase: true });
    expect(mobile[152]).toEqual({ name: 'out_relu', type: 'ReLU', inBase: true });
  });

  it('keeps the summary rows of a model without a base', () => {
    expect(inspectLayers(findPreset('mnist-convnet')!.build()).map((l) => l.type)).toEqual([
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'Flatten',
      'Dense',
    ]);
  });
});
