// Checks the lab's WASM convolution and gradient kernels against the tfjs CPU backend in a real
// browser worker, with the kernel thread pool running (threads > 1 needs a
// cross-origin isolated page). The Node tests cover the same kernels on one
// thread; this is where the split across threads is exercised.
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { setupWasmBackend, type KernelSimd } from '../kernels/wasm';
import { compareWithCpu, randomValues, relativeError, type KernelRun } from '../kernels/wasm/compare';
import type { KernelCheckReply, KernelCheckRow } from './protocol';

type Shape4 = [number, number, number, number];
const convCases: { name: string; x: Shape4; filter: Shape4; strides: number; pad: 'valid' | 'same' }[] = [
  { name: 'MNIST conv 1', x: [4, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { name: 'MNIST conv 2', x: [4, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
  { name: 'MNIST conv 3', x: [3, 5, 5, 64], filter: [3, 3, 64, 128], strides: 1, pad: 'valid' },
  { name: '3x3 same, stride 2, odd channels', x: [3, 9, 8, 5], filter: [3, 3, 5, 7], strides: 2, pad: 'same' },
];

function convRuns(c: (typeof convCases)[number]): KernelRun[] {
  const dyShape = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
  const dy = { shape: dyShape, values: randomValues(dyShape) };
  return [
    {
      kernel: 'Conv2D',
      inputs: {
        x: { shape: c.x, values: randomValues(c.x) },
        filter: { shape: c.filter, values: randomValues(c.filter) },
      },
      attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 },
    },
    {
      kernel: 'Conv2DBackpropFilter',
      inputs: { x: { shape: c.x, values: randomValues(c.x) }, dy },
      attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
    },
    {
      kernel: 'Conv2DBackpropInput',
      inputs: { dy, filter: { shape: c.filter, values: randomValues(c.filter) } },
      attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
    },
  ];
}

function poolRun(x: Shape4): KernelRun {
  const out = backend_util.computePool2DInfo(x, 2, 2, 1, 'valid').outShape;
  const input = randomValues(x).map((v) => (v < 0 ? 0 : v));
  const output = tf.tidy(() => tf.maxPool(tf.tensor4d(input, x), 2, 2, 'valid').dataSync() as Float32Array);
  return {
    kernel: 'MaxPoolGrad',
    inputs: {
      dy: { shape: out, values: randomValues(out) },
      input: { shape: x, values: input },
      output: { shape: out, values: output },
    },
    attrs: { filterSize: 2, strides: 2, pad: 'valid' },
  };
}

/** The fused kernels (fused.ts) have no CPU twin: the reference is the unfused ops on the CPU backend. */
function fusedRows(): KernelCheckRow[] {
  const on = (backend: 'cpu' | 'wasm', f: () => tf.Tensor[]) => {
    tf.setBackend(backend);
    return tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
  };
  const rows = convCases.map((c) => {
    const [x, w, b] = [randomValues(c.x), randomValues(c.filter), randomValues([c.filter[3]])];
    const inputs = () => ({ x: tf.tensor4d(x, c.x), filter: tf.tensor4d(w, c.filter), bias: tf.tensor1d(b) });
    const [want] = on('cpu', () => {
      const i = inputs();
      return [tf.relu(tf.add(tf.conv2d(i.x, i.filter, c.strides, c.pad), i.bias))];
    });
    const [got] = on('wasm', () => [
      tf.engine().runKernel('LabConv2DBiasAct', inputs(), {
        strides: c.strides,
        pad: c.pad,
        activation: 'relu',
      } as never) as tf.Tensor,
    ]);
    return { name: c.name, kernel: 'LabConv2DBiasAct', relativeError: relativeError(got!, want!) };
  });
  const shape = [4, 26, 26, 32];
  const [dy, y] = [randomValues(shape), randomValues(shape).map((v) => Math.max(0, v))];
  const want = on('cpu', () => {
    const g = tf.mul(tf.tensor(dy, shape), tf.step(tf.tensor(y, shape)));
    return [g, tf.sum(g, [0, 1, 2])];
  });
  const got = on(
    'wasm',
    () => tf.engine().runKernel('LabBiasReluGrad', { dy: tf.tensor(dy, shape), y: tf.tensor(y, shape) }) as tf.Tensor[],
  );
  rows.push({
    name: 'ReLU and bias gradient',
    kernel: 'LabBiasReluGrad',
    relativeError: Math.max(relativeError(got[0]!, want[0]!), relativeError(got[1]!, want[1]!)),
  });
  return rows;
}

async function check(
  threads: number,
  kernelSimd?: KernelSimd,
): Promise<{ rows: KernelCheckRow[]; kernelThreads: number; nativeKernels: KernelSimd | null }> {
  const info = await setupWasmBackend({ threads, ...(kernelSimd ? { kernelSimd } : {}) });
  if (!(await tf.setBackend('wasm'))) throw new Error('The WASM backend did not start.');
  const runs: { name: string; run: KernelRun }[] = [
    ...convCases.flatMap((c) => convRuns(c).map((run) => ({ name: c.name, run }))),
    {
      // Winograd F(4x4, 3x3) (kernels/wasm/winograd.ts): 36 tiles of 4x4 pixels in two blocks, one per thread.
      name: 'Winograd 3x3 same, odd image, bias + ReLU',
      run: {
        kernel: 'FusedConv2D',
        inputs: {
          x: { shape: [3, 13, 11, 24], values: randomValues([3, 13, 11, 24]) },
          filter: { shape: [3, 3, 24, 20], values: randomValues([3, 3, 24, 20]) },
          bias: { shape: [20], values: randomValues([20]) },
        },
        attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation: 'relu' },
      },
    },
    { name: 'MNIST pool 1', run: poolRun([4, 26, 26, 32]) },
    { name: 'MNIST pool 2 (odd size)', run: poolRun([3, 11, 11, 64]) },
    {
      name: 'bias gradient',
      run: {
        kernel: 'Sum',
        inputs: { x: { shape: [4, 26, 26, 32], values: randomValues([4, 26, 26, 32]) } },
        attrs: { axis: [0, 1, 2], keepDims: false },
      },
    },
  ];
  const rows = [
    ...runs.map(({ name, run }) => ({ name, kernel: run.kernel, relativeError: compareWithCpu(run).relativeError })),
    ...fusedRows(),
  ];
  return { rows, kernelThreads: info.kernelThreads, nativeKernels: info.nativeKernels };
}

self.onmessage = async (event: MessageEvent<{ threads: number; kernelSimd?: KernelSimd }>) => {
  let reply: KernelCheckReply;
  try {
    reply = { ok: true, ...(await check(event.data.threads, event.data.kernelSimd)) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
