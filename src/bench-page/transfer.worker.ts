// The pretrained bases through the lab's own code (src/worker/model/bases/build.ts, buildModel, trainStep,
// the fused RMSprop, planMicroBatches), on random images: the base's forward pass in inference mode (what fast
// feature extraction runs once per image) and a fine-tuning step. One worker per run: a fresh backend, so
// tfjs-wasm's WebAssembly memory (which never shrinks) is this run's.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setupWasmBackend } from '../kernels/wasm';
import { backendMemory } from '../kernels/wasm/native';
import type { WasmBackend } from '../kernels/wasm/wasm-internals';
import { buildBase } from '../worker/model/bases/build';
import { foldBase } from '../worker/model/bases/folded';
import { buildModel, trainableVariables } from '../worker/model/build';
import { trainStep, type Batch } from '../worker/train-step';
import { fusedRmsprop } from '../kernels/wasm/rmsprop';
import { OPTIMIZER_CONSTANTS as K } from '../model/training';
import { findPreset } from '../model/presets';
import { isAugmentation, type Architecture, type KerasBaseLayer } from '../model/layers';
import { pieceRanges, planMicroBatches } from '../model/step-memory';
import type { TransferBenchOptions, TransferBenchReply, TransferBenchResult } from './transfer-protocol';

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const count = (vars: tf.LayerVariable[]) =>
  vars.reduce((n, v) => n + v.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

async function prepare(o: TransferBenchOptions): Promise<TransferBenchResult['backend']> {
  const details: TransferBenchResult['backend'] = { name: o.backend };
  if (o.backend === 'wasm') {
    const info = await setupWasmBackend(o.threads ? { threads: o.threads } : {});
    Object.assign(details, { threads: info.threads, simd: info.simd, kernelThreads: info.kernelThreads });
  }
  if (!(await tf.setBackend(o.backend))) throw new Error(`tfjs could not start the ${o.backend} backend here.`);
  await tf.ready();
  return details;
}

/** The textbook's fine-tuning model (vgg16-fine-tuning) without its augmentation layers, so both sides run the same arithmetic. */
function fineTuneArch(size: number): Architecture {
  const arch = findPreset('vgg16-fine-tuning')!.build();
  return {
    ...arch,
    input: { height: size, width: size, channels: 3 },
    layers: arch.layers.filter((l) => !isAugmentation(l.type)),
  };
}

async function timeSteps(step: () => Promise<number>, batches: number) {
  const warmupMs = await step();
  const times: number[] = [];
  for (let i = 0; i < batches; i++) times.push(await step());
  return { warmupMs, times };
}

async function run(o: TransferBenchOptions): Promise<TransferBenchResult> {
  const backend = await prepare(o);
  const numTensorsBefore = tf.memory().numTensors;
  const x = tf.randomUniform([o.batchSize, o.size, o.size, 3], 0, 255, 'float32', 42) as tf.Tensor4D;
  let model: tf.LayersModel;
  let step: () => Promise<number>;
  let cleanup: () => void;
  const extra: Partial<TransferBenchResult> = {};
  const losses: number[] = [];
  if (o.kind === 'forward') {
    const layer: KerasBaseLayer = { type: 'Base', base: o.base, alpha: 1.0, fineTuneFrom: null };
    model = buildBase(layer, o.size, o.size);
    extra.outputShape = (model.outputs[0]!.shape as number[]).slice(1);
    // What fast feature extraction runs (worker/fast-features.ts): the base folded (bases/folded.ts).
    const folded = foldBase(model, layer)!;
    cleanup = () => folded.dispose();
    step = async () => {
      const start = performance.now();
      const y = folded.apply(x);
      await y.data();
      y.dispose();
      return performance.now() - start;
    };
  } else {
    if (o.base !== 'vgg16') throw new Error('finetune: VGG16 only');
    const arch = fineTuneArch(o.size);
    model = buildModel(arch, 1);
    // The trainer's RMSprop (src/worker/optimizers.ts): the fused WASM kernel, Keras' rho and epsilon.
    const { rho, momentum, epsilon } = K.rmsprop;
    const optimizer = fusedRmsprop(1e-5, rho, momentum, epsilon) ?? tf.train.rmsprop(1e-5, rho, momentum, epsilon);
    const vars = trainableVariables(model);
    const plan = planMicroBatches(arch, o.batchSize, o.backend, backend.kernelThreads || 1);
    const size = o.pieceSize ?? plan?.size ?? o.batchSize;
    extra.pieceSize = size;
    extra.plannedPieceBytes = plan?.pieceBytes ?? null;
    const labels = tf.tidy(() => tf.randomUniform([o.batchSize], 0, 2, 'int32', 7).toFloat()) as tf.Tensor1D;
    const pieces: Batch[] = pieceRanges(o.batchSize, size).map(([start, n]) => ({
      x: tf.slice(x, [start, 0, 0, 0], [n, -1, -1, -1]),
      y: tf.slice(labels, [start], [n]),
    }));
    step = async () => {
      const start = performance.now();
      const out = trainStep(model, optimizer, vars, pieces, 'binary_crossentropy');
      losses.push((await out[0].data())[0]!);
      tf.dispose(out);
      return performance.now() - start;
    };
    cleanup = () => {
      tf.dispose([labels, ...pieces.flatMap((p) => [p.x, p.y])]);
      optimizer.dispose();
    };
  }
  const { warmupMs, times } = await timeSteps(step, o.batches);
  const wasm = o.backend === 'wasm' ? backendMemory(tf.backend() as unknown as WasmBackend) : null;
  const numTensors = tf.memory().numTensors;
  let profile: TransferBenchResult['profile'];
  if (o.profile) {
    const info = await tf.profile(async () => {
      await step();
    });
    const byKernel = new Map<string, { kernel: string; calls: number; ms: number }>();
    for (const k of info.kernels) {
      const e = byKernel.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
      e.calls += 1;
      e.ms += Number(await k.kernelTimeMs) || 0;
      byKernel.set(k.name, e);
    }
    profile = [...byKernel.values()].sort((a, b) => b.ms - a.ms);
  }
  const msPerBatch = median(times);
  const result: TransferBenchResult = {
    options: o,
    imagesPerSecond: (o.batchSize * 1000) / msPerBatch,
    msPerBatch,
    msPerBatchAll: times,
    warmupMs,
    params: count(model.weights),
    trainableParams: count(model.trainableWeights),
    ...extra,
    ...(losses.length ? { losses } : {}),
    memory: { numTensors, numTensorsBefore, ...(wasm ? { wasmBytes: wasm.buffer.byteLength } : {}) },
    ...(profile ? { profile } : {}),
    backend,
  };
  cleanup();
  x.dispose();
  model.dispose();
  return result;
}

self.onmessage = async (event: MessageEvent<TransferBenchOptions>) => {
  let reply: TransferBenchReply;
  try {
    reply = { ok: true, result: await run(event.data) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
