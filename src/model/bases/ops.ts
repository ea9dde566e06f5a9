// Output shapes and weights of the few layer kinds the bases use, as Keras computes them.
import type { BaseLayer, BaseOp, ExpectedWeight } from './types';

type HWC = [number, number, number];

const outLength = (n: number, window: number, stride: number, padding: 'same' | 'valid'): number =>
  padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - window) / stride) + 1;

export function opOutput(op: BaseOp, input: HWC): HWC {
  const [h, w, c] = input;
  switch (op.kind) {
    case 'InputLayer':
    case 'BatchNormalization':
    case 'ReLU':
    case 'Add':
      return [h, w, c];
    case 'Conv2D':
      return [
        outLength(h, op.kernel, op.strides, op.padding),
        outLength(w, op.kernel, op.strides, op.padding),
        op.filters,
      ];
    case 'DepthwiseConv2D':
      return [outLength(h, op.kernel, op.strides, op.padding), outLength(w, op.kernel, op.strides, op.padding), c];
    case 'ZeroPadding2D':
      return [h + op.padding[0][0] + op.padding[0][1], w + op.padding[1][0] + op.padding[1][1], c];
    case 'MaxPooling2D':
      return [outLength(h, op.pool, op.strides, 'valid'), outLength(w, op.pool, op.strides, 'valid'), c];
  }
}

export function opWeights(op: BaseOp, inChannels: number): ExpectedWeight[] {
  switch (op.kind) {
    case 'Conv2D': {
      const kernel: ExpectedWeight = {
        role: 'kernel',
        shape: [op.kernel, op.kernel, inChannels, op.filters],
        trainable: true,
      };
      return op.useBias ? [kernel, { role: 'bias', shape: [op.filters], trainable: true }] : [kernel];
    }
    case 'DepthwiseConv2D':
      // Keras' depthwise kernel: (kh, kw, in_channels, depth_multiplier), depth_multiplier 1 here.
      return [{ role: 'depthwise_kernel', shape: [op.kernel, op.kernel, inChannels, 1], trainable: true }];
    case 'BatchNormalization':
      return [
        { role: 'gamma', shape: [inChannels], trainable: true },
        { role: 'beta', shape: [inChannels], trainable: true },
        { role: 'moving_mean', shape: [inChannels], trainable: false },
        { role: 'moving_variance', shape: [inChannels], trainable: false },
      ];
    default:
      return [];
  }
}

/** Appends layers one after another, tracking shapes; the graph builder both bases share. */
export class GraphBuilder {
  readonly layers: BaseLayer[] = [];
  private readonly shapes = new Map<string, HWC>();

  constructor(input: HWC, inputName = 'input_layer') {
    this.layers.push({ name: inputName, op: { kind: 'InputLayer' }, inputs: [], outputShape: input, weights: [] });
    this.shapes.set(inputName, input);
  }

  /** Adds a layer fed by `from` (default: the last layer added); returns its name. */
  add(name: string, op: BaseOp, from: string | string[] = this.last()): string {
    const inputs = Array.isArray(from) ? from : [from];
    const inShape = this.shape(inputs[0]!);
    const outputShape = opOutput(op, inShape);
    this.layers.push({ name, op, inputs, outputShape, weights: opWeights(op, inShape[2]) });
    this.shapes.set(name, outputShape);
    return name;
  }

  last(): string {
    return this.layers[this.layers.length - 1]!.name;
  }

  shape(name: string): HWC {
    const s = this.shapes.get(name);
    if (!s) throw new Error(`no layer ${name}`);
    return s;
  }
}
