// Times the depthwise gradients on MobileNetV2's own depthwise layers, one thread, Node, tfjs-wasm:
//   npx vitest bench --run --project unit src/kernels/wasm/depthwise-backprop.bench.ts
// Each task runs every depthwise layer of one base at one batch; the input gradient by both routes
// (depthwise-backprop.ts), the filter gradient, and tfjs-wasm's forward for scale. README.md has the numbers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, bench, describe } from 'vitest';
import { depthwiseRoutes } from './depthwise-backprop';
import { mobileNetV2Layers } from '../../model/bases/mobilenet-v2';
import type { MobileNetV2Alpha } from '../../model/bases/types';
import { useWasmWithTrainingKernels } from './test-helpers';

/** Each DepthwiseConv2D layer of a MobileNetV2 as the lab builds it: its input (after ZeroPadding2D), stride, padding. */
function depthwiseLayers(size: number, alpha: MobileNetV2Alpha) {
  const layers = mobileNetV2Layers(size, size, alpha);
  const byName = new Map(layers.map((l) => [l.name, l]));
  return layers.flatMap((l) =>
    l.op.kind === 'DepthwiseConv2D'
      ? [{ input: byName.get(l.inputs[0]!)!.outputShape, stride: l.op.strides, pad: l.op.padding }]
      : [],
  );
}

const BASES: { name: string; size: number; alpha: MobileNetV2Alpha; batches: number[] }[] = [
  { name: 'alpha 0.35, 96x96', size: 96, alpha: 0.35, batches: [8, 32] },
  { name: 'alpha 1.0, 160x160', size: 160, alpha: 1.0, batches: [8, 32] },
];

interface Layer {
  x: tf.Tensor4D;
  w: tf.Tensor4D;
  dy: tf.Tensor4D;
  stride: number;
  pad: 'same' | 'valid';
}

function makeLayers(size: number, alpha: MobileNetV2Alpha, batch: number): Layer[] {
  return depthwiseLayers(size, alpha).map(({ input: [h, w, c], stride, pad }) => {
    const x = tf.randomNormal([batch, h, w, c]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, c, 1]) as tf.Tensor4D;
    const y = tf.depthwiseConv2d(x, filter, stride, pad);
    const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
    y.dispose();
    return { x, w: filter, dy, stride, pad };
  });
}

const run = (kernel: string, inputs: Record<string, tf.Tensor>, attrs: object) =>
  tf.dispose(tf.engine().runKernel(kernel, inputs, attrs as never) as tf.Tensor);

function inputGrad(layers: Layer[], strides: number, route: 'loop' | 'composed'): void {
  depthwiseRoutes.input = route;
  for (const l of layers)
    if (l.stride === strides)
      run(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: l.dy, filter: l.w },
        { strides: l.stride, pad: l.pad, dilations: 1, inputShape: l.x.shape },
      );
  depthwiseRoutes.input = 'auto';
}

const options = { time: 0, iterations: 5, warmupIterations: 1, warmupTime: 0 };

beforeAll(() => useWasmWithTrainingKernels());

for (const { name, size, alpha, batches } of BASES)
  for (const batch of batches) {
    describe(`MobileNetV2 ${name}, batch ${batch}: all 17 depthwise layers`, () => {
      let layers: Layer[] = [];
      const setup = () => {
        if (!layers.length) layers = makeLayers(size, alpha, batch);
      };
      const all = { ...options, setup };
      bench('input gradient, stride-1 layers, loop', () => inputGrad(layers, 1, 'loop'), all);
      bench('input gradient, stride-1 layers, composed', () => inputGrad(layers, 1, 'composed'), all);
      bench('input gradient, stride-2 layers, loop', () => inputGrad(layers, 2, 'loop'), all);
      bench('input gradient, stride-2 layers, composed', () => inputGrad(layers, 2, 'composed'), all);
      bench(
        'filter gradient, all layers',
        () => {
          for (const l of layers)
            run(
              'DepthwiseConv2dNativeBackpropFilter',
              { x: l.x, dy: l.dy },
              { strides: l.stride, pad: l.pad, dilations: 1, filterShape: l.w.shape },
            );
        },
        all,
      );
      bench(
        "forward (tfjs-wasm's DepthwiseConv2dNative), all layers",
        () => {
          for (const l of layers) tf.dispose(tf.depthwiseConv2d(l.x, l.w, l.stride, l.pad));
        },
        {
          ...all,
          teardown: () => {
            tf.dispose(layers.flatMap((l) => [l.x, l.w, l.dy]));
            layers = [];
          },
        },
      );
    });
  }
