#!/usr/bin/env node
// `npm run bench:gpu`: the training benchmark on a real GPU without a browser:
// tfjs + @tensorflow/tfjs-backend-webgpu in Node on Dawn (the npm package
// `webgpu`, prebuilt Dawn binaries in the tarball, Vulkan on Linux). Trains the
// textbook's MNIST convnet and 180x180 cats-vs-dogs convnet (RMSprop, batch 32,
// random data, steady state after warm-up) two ways:
//   "read every step": awaits loss.data() after each step (the trainer before
//     the read batching: the CPU waits for the GPU's whole queue every step);
//   "read every 32 steps": the app's trainer now (src/worker/trainer.ts) keeps
//     the losses on the device, reads them in one download, and builds and
//     uploads the next batch while the GPU runs the current one.
// Then the pretrained bases' forward pass (fast feature extraction: VGG16 at 180x180, MobileNetV2 1.0 at 160
// and 224, batch 32) through the lab's own builder (bench/gpu/transfer.mjs), the rows the browser bench
// measures on WASM (npm run bench -- transfer).
// No adapter (no GPU, no Vulkan driver): says so and exits 0.
// Usage: npm run bench:gpu [-- --seconds 10 --models mnist-convnet,catsdogs --transfer vgg16:180 --fallback]
//   --transfer '' skips the bases; --adapter-only says which adapter Dawn offers (or that there is none) and stops.
//   --fallback asks Dawn for its software adapter (SwiftShader), where the build has one.
// Writes bench/gpu/results.json when an adapter ran.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    models: { type: 'string', default: 'mnist-convnet,catsdogs' },
    fallback: { type: 'boolean', default: false },
    batch: { type: 'string', default: '32' },
    transfer: { type: 'string', default: 'vgg16:180,mobilenet_v2:160,mobilenet_v2:224' },
    'adapter-only': { type: 'boolean', default: false },
  },
});
const log = (...a) => console.log('[bench:gpu]', ...a);

let dawn;
try {
  dawn = await import('webgpu');
} catch (e) {
  log(
    `the npm package "webgpu" (Dawn for Node) is not installed (${String(e.message).split('\n')[0]}). It is an optional dependency: npm install webgpu@0.6.2`,
  );
  process.exit(0);
}
Object.assign(globalThis, dawn.globals); // GPUBufferUsage, GPUMapMode, ... that tfjs-backend-webgpu reads as globals
const gpu = dawn.create([]);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', forceFallbackAdapter: args.fallback });
if (!adapter) {
  log(
    `no WebGPU adapter found${args.fallback ? ' (not even a software fallback adapter)' : ''}: Dawn needs a GPU with a Vulkan driver (libvulkan.so.1 and an ICD, e.g. mesa-vulkan-drivers or the NVIDIA driver). Nothing was measured.`,
  );
  process.exit(0);
}
const info = adapter.info ?? {};
const adapterName =
  [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown adapter';
log(`adapter: ${adapterName}${adapter.isFallbackAdapter || info.isFallbackAdapter ? ' (software fallback)' : ''}`);
if (args['adapter-only']) process.exit(0);

const tf = await import('@tensorflow/tfjs');
const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
const { buildModel, loss, SHAPES } = await import('../bench/gpu/models.mjs');

// The same device request as tfjs-backend-webgpu's own (it registers only where `window` exists, so not in Node).
tf.registerBackend('webgpu', async () => {
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  });
  return new WebGPUBackend(device, info);
});
if (!(await tf.setBackend('webgpu'))) {
  log('tfjs could not start its WebGPU backend on this adapter. Nothing was measured.');
  process.exit(0);
}
await tf.ready();

const BATCH = Number(args.batch);
const SECONDS = Number(args.seconds);
const READ_EVERY = 32;

/** Random uint8-range pixels uploaded per step, as the app does (a fresh batch tensor every step, not one reused batch). */
function makeBatch(name, classes) {
  const [h, w, c] = SHAPES[name];
  const pixels = new Float32Array(BATCH * h * w * c);
  const scale = name === 'catsdogs' ? 1 : 1 / 255;
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i * 2654435761) >>> 24) * scale;
  const labels = new Int32Array(BATCH).map((_, i) => i % classes);
  return { x: tf.tensor4d(pixels, [BATCH, h, w, c]), y: tf.tensor1d(labels, 'int32') };
}

async function bench(name, readEvery) {
  const { model, classes } = buildModel(name);
  const optimizer = tf.train.rmsprop(0.001);
  const step = (batch) =>
    tf.tidy(() => optimizer.minimize(() => loss(classes, model.apply(batch.x, { training: true }), batch.y), true));
  let next = makeBatch(name, classes);
  let pending = [];
  const run = async (steps) => {
    for (let s = 0; s < steps; s++) {
      const batch = next;
      pending.push(step(batch));
      tf.dispose([batch.x, batch.y]);
      next = makeBatch(name, classes); // built while the GPU runs this step
      if (pending.length >= readEvery || s === steps - 1) {
        const packed = tf.tidy(() => tf.stack(pending));
        tf.dispose(pending);
        pending = [];
        const v = await packed.data();
        packed.dispose();
        if (!v.every(Number.isFinite)) throw new Error(`${name}: loss is not finite`);
      }
    }
  };
  await run(3); // warm-up: shader compilation
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000 || steps < 2 * readEvery) {
    await run(readEvery);
    steps += readEvery;
  }
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([next.x, next.y]);
  optimizer.dispose();
  model.dispose();
  return {
    model: name,
    readEvery,
    batchSize: BATCH,
    steps,
    seconds,
    imagesPerSecond: (steps * BATCH) / seconds,
    msPerBatch: (seconds * 1000) / steps,
  };
}

const runs = [];
for (const name of args.models.split(',')) {
  for (const readEvery of [1, READ_EVERY]) {
    log(`${name}, read every ${readEvery} step${readEvery > 1 ? 's' : ''}…`);
    const r = await bench(name, readEvery);
    runs.push(r);
    log(`  ${r.imagesPerSecond.toFixed(1)} images/s (${r.msPerBatch.toFixed(2)} ms/batch, ${r.steps} steps)`);
  }
}
const transfer = [];
const bases = args.transfer
  .split(',')
  .filter(Boolean)
  .map((c) => ({ base: c.split(':')[0], size: Number(c.split(':')[1]) }));
if (bases.length) {
  const { loadBuildBase, benchForward } = await import('../bench/gpu/transfer.mjs');
  const buildBase = await loadBuildBase();
  for (const c of bases) {
    log(`${c.base} ${c.size}x${c.size}, forward (feature extraction)…`);
    const r = await benchForward(tf, buildBase, c, BATCH, SECONDS);
    transfer.push(r);
    log(`  ${r.imagesPerSecond.toFixed(1)} images/s (${r.msPerBatch.toFixed(2)} ms/batch, ${r.steps} batches)`);
  }
}
const out = {
  date: new Date().toISOString(),
  adapter: adapterName,
  fallback: Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
  tfjs: tf.version.tfjs,
  runs,
  transfer,
};
writeFileSync('bench/gpu/results.json', JSON.stringify(out, null, 2) + '\n');
console.log(
  [
    '',
    '| model | reads | batch | images/s | ms/batch |',
    '|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.model} | every ${r.readEvery} | ${r.batchSize} | ${r.imagesPerSecond.toFixed(1)} | ${r.msPerBatch.toFixed(2)} |`,
    ),
    ...transfer.map(
      (r) =>
        `| ${r.model} | every batch | ${r.batchSize} | ${r.imagesPerSecond.toFixed(1)} | ${r.msPerBatch.toFixed(2)} |`,
    ),
    '',
  ].join('\n'),
);
log('wrote bench/gpu/results.json');
process.exit(0);
