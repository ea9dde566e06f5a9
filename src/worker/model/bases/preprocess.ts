// keras.applications' preprocess_input as a layer (no weights), the first layer inside the lab's base block:
// VGG16 'caffe' (RGB -> BGR, ImageNet's mean colour subtracted from 0-255 pixels, no scaling), MobileNetV2 'tf'
// (x / 127.5 - 1). The lab feeds a model with a base 0-255 pixels (model/training.ts pixelScale), as Keras'
// image_dataset_from_directory does. Kept in the block so model.layers[i] stays the stack's layer i.
import * as tf from '@tensorflow/tfjs';
import type { BaseName } from '../../../model/bases/types';

/** imagenet_utils' 'caffe' mean, in BGR order. */
export const CAFFE_MEAN_BGR: readonly number[] = [103.939, 116.779, 123.68];

/** 'unit' (x / 255) and 'none' serve TF.js bases (tfjs-types.ts' TfjsPreprocess), whose scale the student picks. */
export type PreprocessMode = 'caffe' | 'tf' | 'unit' | 'none';
export const preprocessMode = (base: BaseName): PreprocessMode => (base === 'vgg16' ? 'caffe' : 'tf');

interface PreprocessArgs {
  mode: PreprocessMode;
  name?: string;
}

export class PreprocessInput extends tf.layers.Layer {
  static readonly className = 'PreprocessInput';
  readonly mode: PreprocessMode;
  constructor(args: PreprocessArgs) {
    super({ name: args.name ?? 'preprocess_input', trainable: false });
    this.mode = args.mode;
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]) {
    return shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      if (this.mode === 'tf') return x.div(127.5).sub(1);
      if (this.mode === 'unit') return x.div(255);
      if (this.mode === 'none') return x.clone();
      return tf.reverse(x, -1).sub(tf.tensor1d(CAFFE_MEAN_BGR as number[]));
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
tf.serialization.registerClass(PreprocessInput);
