// The pretrained bases' forward pass (fast feature extraction) for `npm run bench:gpu`: the lab's own base
// builder (src/worker/model/bases/build.ts, TypeScript) loaded through Vite's module loader, with tfjs itself
// left to Node so the builder and this script share one tfjs and its WebGPU backend. Random weights and
// 0-255 images, batch 32, model.predict with the result read back, as bench/transfer.bench.mjs does on WASM.
import { performance } from 'node:perf_hooks';
import { createServer } from 'vite';

export const TRANSFER_CASES = [
  { base: 'vgg16', size: 180 },
  { base: 'mobilenet_v2', size: 160 },
  { base: 'mobilenet_v2', size: 224 },
];

/** Loads the lab's buildBase (configFile: false, so none of the app's build plugins run). */
export async function loadBuildBase() {
  const server = await createServer({
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true },
  });
  try {
    const mod = await server.ssrLoadModule('/src/worker/model/bases/build.ts');
    return mod.buildBase;
  } finally {
    await server.close();
  }
}

/** images/s of the base's forward pass over `seconds` (at least 3 batches) after 2 warm-up batches (shaders). */
export async function benchForward(tf, buildBase, { base, size }, batch, seconds) {
  const model = buildBase({ type: 'Base', base, alpha: 1.0, fineTuneFrom: null }, size, size);
  const x = tf.randomUniform([batch, size, size, 3], 0, 255, 'float32', 42);
  const once = async () => {
    const y = model.predict(x, { batchSize: batch });
    await y.data();
    y.dispose();
  };
  await once();
  await once();
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || steps < 3) {
    await once();
    steps += 1;
  }
  const elapsed = (performance.now() - t0) / 1000;
  x.dispose();
  model.dispose();
  return {
    model: `${base} ${size}x${size} forward`,
    base,
    size,
    batchSize: batch,
    steps,
    seconds: elapsed,
    imagesPerSecond: (steps * batch) / elapsed,
    msPerBatch: (elapsed * 1000) / steps,
  };
}
