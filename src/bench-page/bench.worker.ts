// Trains a plain tf.layers model on random data on one backend and reports
// the speed. One worker per run, so every run starts from a fresh backend.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { setupWasmBackend, wasmFileMap } from '../kernels/wasm';
import { gradientRoutes } from '../kernels/wasm/routes';
import { fusedTraining, trainingForward } from '../worker/model/fused-forward';
import { trainStep } from '../worker/train-step';
import { pieceRanges } from '../model/step-memory';
import { trainableVariables } from '../worker/model/build';
import { backendMemory } from '../kernels/wasm/native';
import type { WasmBackend } from '../kernels/wasm/wasm-internals';
import { buildBenchModel, randomBatch } from './models';
import type { BenchReply, KernelTime, TfjsBenchOptions, TfjsBenchResult } from './protocol';

async function prepareBackend(options: TfjsBenchOptions): Promise<TfjsBenchResult['backend']> {
  const name = options.backend;
  const details: TfjsBenchResult['backend'] = { name };
  if (name === 'wasm') {
    if (options.stockWasmKernels) {
      setWasmPaths(wasmFileMap);
      details.isolated = globalThis.crossOriginIsolated === true;
    } else {
      Object.assign(
        details,
        await setupWasmBackend({
          ...(options.threads ? { threads: options.threads } : {}),
          native: !options.noNativeKernels,
          ...(options.kernelSimd ? { kernelSimd: options.kernelSimd } : {}),
        }),
      );
    }
  }
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    if (!adapter) throw new Error('This browser offers no WebGPU adapter.');
    details.adapter =
      [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(' ') ||
      'unknown';
    details.isFallbackAdapter = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start the ${name} backend here.`);
  await tf.ready();
  return details;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function run(options: TfjsBenchOptions): Promise<TfjsBenchResult> {
  const backend = await prepareBackend(options);
  const { model, shape, classes } = buildBenchModel(options.model);
  const { x, y } = randomBatch(shape, classes, options.batchSize, options.model);
  const losses: number[] = [];
  const { step: trainBatch, dispose: disposeStep } =
    options.fused === undefined
      ? { step: () => model.trainOnBatch(x, y), dispose: () => undefined }
      : minimizeStep(model, x, y, options.fused, options.pieceSize);
  const step = async (): Promise<number> => {
    const start = performance.now();
    const loss = await trainBatch();
    losses.push(Array.isArray(loss) ? loss[0]! : loss);
    return performance.now() - start;
  };
  const warmupMs = options.skipWarmup ? null : await step();
  const times: number[] = [];
  for (let i = 0; i < options.batches; i++) times.push(await step());
  const memory = tf.memory();
  const wasm = options.backend === 'wasm' ? backendMemory(tf.backend() as unknown as WasmBackend) : null;
  const msPerBatch = median(times);
  const profile = options.profile ? await profileOneBatch(trainBatch) : undefined;
  disposeStep();
  x.dispose();
  y.dispose();
  model.dispose();
  return {
    options,
    imagesPerSecond: (options.batchSize * 1000) / msPerBatch,
    msPerBatch,
    msPerBatchAll: times,
    warmupMs,
    losses,
    memory: {
      numTensors: memory.numTensors,
      numBytes: memory.numBytes,
      ...(wasm ? { wasmBytes: wasm.buffer.byteLength } : {}),
    },
    backend,
    ...(profile ? { profile } : {}),
  };
}

/**
 * One update as the app's trainer makes it (optimizer.minimize on its forward pass), fused or as before;
 * `dispose` frees what it cut from the batch.
 */
function minimizeStep(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  fused: boolean,
  pieceSize?: number,
): { step: () => Promise<number>; dispose: () => void } {
  fusedTraining.enabled = fused;
  gradientRoutes.identity = fused ? 'auto' : 'copy';
  if (pieceSize) {
    // The trainer's own step: class labels, its losses, the batch in pieces.
    const binary = y.shape[1] === 1;
    const labels = tf.tidy(() => (binary ? y.reshape([-1]) : tf.argMax(y, -1)).toFloat()) as tf.Tensor1D;
    const vars = trainableVariables(model);
    // Cut once: the app builds each piece straight from its Uint8 store (makeBatchPieces), so no step pays for slicing.
    const pieces = pieceRanges(x.shape[0]!, pieceSize).map(([start, count]) => ({
      x: tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]) as tf.Tensor4D,
      y: tf.slice(labels, [start], [count]) as tf.Tensor1D,
    }));
    const step = async () => {
      const out = trainStep(
        model,
        model.optimizer,
        vars,
        pieces,
        binary ? 'binary_crossentropy' : 'sparse_categorical_crossentropy',
      );
      const value = (await out[0].data())[0]!;
      tf.dispose(out);
      return value;
    };
    return { step, dispose: () => tf.dispose([labels, ...pieces.flatMap((p) => [p.x, p.y])]) };
  }
  const crossEntropy = y.shape[1] === 1 ? tf.metrics.binaryCrossentropy : tf.metrics.categoricalCrossentropy;
  const step = async () => {
    const cost = tf.tidy(() =>
      model.optimizer.minimize(() => tf.mean(crossEntropy(y, trainingForward(model, x))), true)!,
    );
    const value = (await cost.data())[0]!;
    cost.dispose();
    return value;
  };
  return { step, dispose: () => undefined };
}

async function profileOneBatch(step: () => Promise<unknown>): Promise<KernelTime[]> {
  const info = await tf.profile(async () => {
    await step();
  });
  const byKernel = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    const entry = byKernel.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += Number(await k.kernelTimeMs) || 0;
    byKernel.set(k.name, entry);
  }
  return [...byKernel.values()].sort((a, b) => b.ms - a.ms);
}

self.onmessage = async (event: MessageEvent<TfjsBenchOptions>) => {
  let reply: BenchReply;
  try {
    reply = { ok: true, result: await run(event.data) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
