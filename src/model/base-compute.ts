// The arithmetic of a pretrained base, counted from its pure layer list (src/model/bases/spec.ts), as
// compute.ts counts the lab's own layers: a multiply and an add are two operations. A frozen layer runs
// forward only; from the first layer that trains on, each layer with weights adds its weights' gradient
// (a product the size of its forward pass), and each layer after that one the gradient of its input (the
// same again), which the tape skips for the first trainable layer (nothing before it trains).
// Checked against the published counts (base-compute.test.ts): VGG16's features at 224x224 15.35 G
// multiply-adds, MobileNetV2 1.0 at 224x224 ~300 M.
import type { BaseLayer } from './bases/types';
import type { TfjsBaseModel } from './bases/tfjs-types';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** One layer's forward operations for one image. */
export function baseLayerFlops(layer: BaseLayer, inChannels: number): number {
  const out = size(layer.outputShape);
  const op = layer.op;
  switch (op.kind) {
    case 'InputLayer':
      return 0;
    case 'Conv2D':
      // The products, then the bias and the ReLU (one operation a value each).
      return (
        2 * out * op.kernel * op.kernel * inChannels + (op.useBias ? out : 0) + (op.activation === 'relu' ? out : 0)
      );
    case 'DepthwiseConv2D':
      return 2 * out * op.kernel * op.kernel;
    case 'MaxPooling2D':
      return out * op.pool * op.pool;
    case 'BatchNormalization': // a multiply and an add a value (inference form)
      return 2 * out;
    case 'ReLU':
    case 'ZeroPadding2D':
    case 'Add':
      return out;
  }
}

export interface BaseWork {
  /** Forward operations for one image (preprocess_input included: one operation a pixel value). */
  forward: number;
  /** Forward plus what the backward pass adds from the first trainable layer on. */
  train: number;
}

/** A base's operations per image; `trainsFrom`: the index of the first layer that trains, -1 for a frozen base. */
export function baseWork(layers: readonly BaseLayer[], trainsFrom: number): BaseWork {
  const shapes = new Map(layers.map((l) => [l.name, l.outputShape]));
  let forward = size(layers[0]?.outputShape ?? [0]);
  let backward = 0;
  layers.forEach((layer, i) => {
    const inShape = layer.inputs.length ? shapes.get(layer.inputs[0]!) : undefined;
    const f = baseLayerFlops(layer, inShape ? inShape[2] : 0);
    forward += f;
    if (trainsFrom < 0 || i < trainsFrom) return;
    if (layer.weights.length > 0) backward += f;
    if (i > trainsFrom) backward += f;
  });
  return { forward, train: forward + backward };
}

/**
 * A TF.js base (tfjs-types.ts) lists each layer's output shape and weight count, not its kernel: a convolution
 * or Dense layer does a multiply-add per weight at every output position (bias included: off by 1/(k*k*C)).
 */
export function tfjsBaseWork(model: TfjsBaseModel, trainsFrom: number): BaseWork {
  let forward = size(model.input);
  let backward = 0;
  model.layers.forEach((layer, i) => {
    const out = size(layer.outputShape);
    const positions = layer.outputShape.length === 3 ? layer.outputShape[0]! * layer.outputShape[1]! : 1;
    const f =
      layer.className === 'BatchNormalization' ? 2 * out : layer.params > 0 ? 2 * positions * layer.params : out;
    forward += f;
    if (trainsFrom < 0 || i < trainsFrom) return;
    if (layer.params > 0) backward += f;
    if (i > trainsFrom) backward += f;
  });
  return { forward, train: forward + backward };
}

/** Multiply-adds of the convolutions alone (what papers and torchvision's tables count), for the tests. */
export function baseMultiplyAdds(layers: readonly BaseLayer[]): number {
  const shapes = new Map(layers.map((l) => [l.name, l.outputShape]));
  let macs = 0;
  for (const l of layers) {
    const out = size(l.outputShape);
    if (l.op.kind === 'Conv2D') macs += out * l.op.kernel * l.op.kernel * shapes.get(l.inputs[0]!)![2];
    if (l.op.kind === 'DepthwiseConv2D') macs += out * l.op.kernel * l.op.kernel;
  }
  return macs;
}
