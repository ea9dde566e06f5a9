// A MobileNetV2 base fine-tuned from an early layer trains on the WASM backend: its gradient crosses the
// depthwise layers, whose two gradient kernels tfjs-wasm lacks and the lab registers
// (src/kernels/wasm/depthwise-backprop.ts). Fixture weights, as a student's dropped file would give.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runThisFileOnWasm } from '../../../kernels/wasm/test-helpers';
import { relativeError } from '../../../kernels/wasm/compare';
import { baseFixtureLayers } from '../../h5/base-fixture';
import { makeOptimizer } from '../../optimizers';
import { mobileNetArch } from '../../test-data';
import { trainStep } from '../../train-step';
import { buildModel, trainableVariables } from '../build';
import { baseOf, setBaseWeights } from './set-weights';

runThisFileOnWasm();

/** The model on the current backend, its base holding the MobileNetV2 0.35 fixture's weights. */
function fixtureModel(fineTuneFrom: string): tf.LayersModel {
  const model = buildModel(mobileNetArch(96, fineTuneFrom));
  const layers = baseFixtureLayers({ base: 'mobilenet_v2', alpha: 0.35 }, 7);
  setBaseWeights(
    baseOf(model)!,
    layers
      .filter((l) => l.weights.length > 0)
      .map((l) => ({
        layer: l.layer,
        weights: l.weights.map((w) => ({ name: `${l.layer}/${w.role}:0`, shape: [...w.shape], values: w.values })),
      })),
  );
  return model;
}

const images = (batch: number) => tf.randomUniform([batch, 96, 96, 3], 0, 255, 'float32', 5) as tf.Tensor4D;
const labels = (batch: number) => tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2));

describe('MobileNetV2 0.35 at 96x96 fine-tuned from an early layer, on WASM', () => {
  it.each(['block_1_expand', 'block_13_expand'])(
    'from %s: one step of the trainer gives a finite loss and changes the trained part only',
    (from) => {
      const model = fixtureModel(from);
      const optimizer = makeOptimizer('rmsprop', 1e-5);
      const [x, y] = [images(4), labels(4)];
      const withWeights = [...baseOf(model)!.layers, ...model.layers].filter(
        (l) => l.weights.length > 0 && !(l instanceof tf.LayersModel),
      );
      const values = () => withWeights.map((l) => l.getWeights().map((w) => Array.from(w.dataSync())));
      const before = values();
      const vars = trainableVariables(model);
      const tensors = tf.memory().numTensors;
      const [loss, right] = trainStep(model, optimizer, vars, [{ x, y }], 'binary_crossentropy');
      expect(Number.isFinite(loss.dataSync()[0]!)).toBe(true);
      tf.dispose([loss, right]);
      const after = values();
      const trained = withWeights.filter((l) => l.trainable).map((l) => l.name);
      expect(trained[0]).toBe(from);
      // Every trained layer moved, every frozen one (BatchNormalization's moving statistics included) did not.
      // Per layer, not per array: a BatchNormalization's beta that reaches the loss only through residual adds,
      // 1x1 convolutions and BatchNormalizations in training mode has a zero gradient.
      withWeights.forEach((l, i) =>
        l.trainable ? expect(after[i], l.name).not.toEqual(before[i]) : expect(after[i], l.name).toEqual(before[i]),
      );
      // The optimizer's own slots are the only new tensors (the fused RMSprop: mean square and momentum per variable).
      expect(tf.memory().numTensors - tensors).toBe(2 * vars.length);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
    },
  );

  // BatchNormalization in inference mode here: with batch statistics over two images the backends' last-bit
  // differences grow ~10^4-fold (measured: Conv_1's gradient, which no depthwise kernel touches, 20% apart).
  it("from block_1_expand: the gradients of every trained convolution kernel (16 depthwise, 33 1x1) equal the CPU backend's", async () => {
    const gradients = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const model = fixtureModel('block_1_expand');
      const [x, y] = [images(2), labels(2)];
      const convs = baseOf(model)!.layers.filter(
        (l) => ['DepthwiseConv2D', 'Conv2D'].includes(l.getClassName()) && l.trainable,
      );
      const vars = convs.map((l) => l.trainableWeights[0]!.read() as tf.Variable);
      const out = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const p = model.apply(x, { training: false }) as tf.Tensor;
          return tf.mean(tf.square(tf.sub(p, y.reshape([2, 1])))) as tf.Scalar;
        }, vars);
        return Object.fromEntries(convs.map((l, i) => [l.name, grads[vars[i]!.name]!.dataSync()]));
      });
      tf.dispose([x, y]);
      model.dispose();
      return out;
    };
    const cpu = await gradients('cpu');
    const wasm = await gradients('wasm');
    expect(Object.keys(wasm).length).toBe(16 + 33);
    for (const [name, g] of Object.entries(wasm)) expect(relativeError(g, cpu[name]!), name).toBeLessThan(1e-4);
  });
});
