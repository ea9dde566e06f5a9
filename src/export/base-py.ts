// A pretrained base as Keras code: keras.applications with weights="imagenet", include_top=False, the lab's
// trainable flags (the textbook's loop: every layer before the fine-tune layer frozen) and its preprocess_input.
import { baseLayers } from '../model/bases/spec';
import { baseRef } from '../model/bases/summary';
import type { InputShape, KerasBaseLayer } from '../model/layers';
import { pyFloat, pyInt, pyTuple } from './python';

const MODULE = { vgg16: 'vgg16', mobilenet_v2: 'mobilenet_v2' } as const;

/** The lines of build_model() that make the base and apply it to `source` into `target`. */
export function baseLines(layer: KerasBaseLayer, input: InputShape, source: string, target: string): string[] {
  const shape = pyTuple([input.height, input.width, 3].map(pyInt));
  const args = `weights="imagenet", include_top=False, input_shape=${shape}`;
  const make =
    layer.base === 'vgg16'
      ? `keras.applications.VGG16(${args})`
      : `keras.applications.MobileNetV2(alpha=${pyFloat(layer.alpha)}, ${args})`;
  const lines = [`    conv_base = ${make}`];
  if (layer.fineTuneFrom === null)
    lines.push('    conv_base.trainable = False  # feature extraction: the base is frozen');
  else {
    // conv_base.layers starts with its InputLayer, as the lab's list does.
    const at = baseLayers(baseRef(layer), input.height, input.width).findIndex((l) => l.name === layer.fineTuneFrom);
    lines.push(
      '    conv_base.trainable = True',
      `    for layer in conv_base.layers[:${at}]:  # every layer before ${layer.fineTuneFrom} stays frozen`,
      '        layer.trainable = False',
    );
  }
  const module = MODULE[layer.base];
  lines.push(
    `    ${target} = keras.applications.${module}.preprocess_input(${source})`,
    `    ${target} = conv_base(${target})`,
  );
  return lines;
}
