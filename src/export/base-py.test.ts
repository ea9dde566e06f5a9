import { describe, expect, it } from 'vitest';
import { findPreset } from '../model/presets';
import { kerasScript, kerasSections } from './keras';
import { dataFor, settings } from './export-test-helpers';

const script = (id: string) => {
  const arch = findPreset(id)!.build();
  return kerasScript(arch, settings, dataFor(id, arch));
};

describe('a pretrained base in the Keras script', () => {
  it("writes the textbook's frozen VGG16: keras.applications with ImageNet weights, preprocess_input, then the base", () => {
    const s = script('vgg16-feature-extraction-augmented');
    expect(s).toContain(
      '    conv_base = keras.applications.VGG16(weights="imagenet", include_top=False, input_shape=(180, 180, 3))\n' +
        '    conv_base.trainable = False  # feature extraction: the base is frozen\n' +
        '    x = keras.applications.vgg16.preprocess_input(x)\n' +
        '    x = conv_base(x)\n',
    );
    // 0-255 pixels go in: no division by 255 in the data pipeline, and the Model section says why.
    const arch = findPreset('vgg16-feature-extraction-augmented')!.build();
    const model = kerasSections(arch, settings, dataFor('vgg16-feature-extraction-augmented', arch)).find(
      (x) => x.title === 'Model',
    )!;
    expect(model.explain).toContain('its own `preprocess_input` takes the raw 0-255 pixels');
  });

  it("fine-tunes from block5_conv1 as the textbook's loop does (conv_base.layers[:-4] frozen = the first 15)", () => {
    expect(script('vgg16-fine-tuning')).toContain(
      '    conv_base.trainable = True\n' +
        '    for layer in conv_base.layers[:15]:  # every layer before block5_conv1 stays frozen\n' +
        '        layer.trainable = False\n',
    );
  });

  it('writes MobileNetV2 with its alpha and the first layer', () => {
    const s = script('mobilenet-v2-feature-extraction');
    expect(s).toContain(
      '    conv_base = keras.applications.MobileNetV2(alpha=1.0, weights="imagenet", include_top=False, input_shape=(160, 160, 3))\n',
    );
    expect(s).toContain('    x = keras.applications.mobilenet_v2.preprocess_input(inputs)\n    x = conv_base(x)\n');
  });
});
