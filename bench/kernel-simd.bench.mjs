// The lab's WASM kernels built with plain SIMD against the relaxed-SIMD build
// (fused multiply-add), whole training steps in one Chromium, one thread:
// bench.html trains a plain tf.layers model with `kernelSimd` forcing each
// build (src/kernels/wasm/README.md). The two take turns, so a machine shared
// with other work slows both alike; each cell is the best of its runs.
// Kernel by kernel (Node): `node scripts/kernel-speed.mjs` (see its header).
/* global window, process */

export const name = 'kernel-simd';
export const title = "The lab's WASM kernels: SIMD vs relaxed-SIMD build (plain tfjs, one thread, in a Web Worker)";

const BUILDS = ['simd', 'relaxed'];

export async function run({ page, baseURL, log }) {
  await page.goto(`${baseURL}/bench.html`);
  await page.waitForSelector('body[data-bench-ready="true"]');
  const repeats = Number(process.env.KERNEL_SIMD_REPEATS ?? 3);
  const plan = [
    { label: 'MNIST convnet (28x28x1)', options: { model: 'mnist-convnet', batchSize: 32, batches: 20 }, repeats },
    {
      label: 'cats vs dogs (180x180x3)',
      options: { model: 'catsdogs', batchSize: 8, batches: 3 },
      repeats: Math.max(1, repeats - 1),
    },
  ];
  const results = {};
  const rows = [];
  for (const { label, options, repeats: n } of plan) {
    const runs = Object.fromEntries(BUILDS.map((b) => [b, []]));
    for (let i = 0; i < n; i++) {
      for (const kernelSimd of BUILDS) {
        log(`kernel-simd: ${options.model} on the ${kernelSimd} build (${i + 1}/${n})…`);
        const result = await page.evaluate((o) => window.runTfjsBench(o), {
          ...options,
          backend: 'wasm',
          threads: 1,
          kernelSimd,
        });
        // The build that really ran (a forced build the browser lacks would have fallen to the XNNPACK routes).
        if (result.backend.nativeKernels !== kernelSimd)
          throw new Error(
            `asked for the ${kernelSimd} build, ran ${result.backend.nativeKernels ?? 'the XNNPACK routes'}`,
          );
        runs[kernelSimd].push(result.imagesPerSecond);
      }
    }
    const best = Object.fromEntries(BUILDS.map((b) => [b, Math.max(...runs[b])]));
    results[options.model] = { best, runs, batchSize: options.batchSize };
    for (const b of BUILDS) {
      rows.push([
        label,
        b,
        options.batchSize,
        best[b].toFixed(1),
        runs[b].map((v) => v.toFixed(1)).join(', '),
        b === 'simd' ? '1.00' : (best[b] / best.simd).toFixed(2),
      ]);
    }
  }
  return {
    results,
    table: { columns: ['model', 'build', 'batch', 'images/s (best)', 'runs', '÷ SIMD'], rows },
    notes: [
      'One XNNPACK thread and one kernel thread; the builds take turns, best of the runs (median batch time of each). MNIST: 20 timed batches a run, cats vs dogs: 3.',
      'Relaxed SIMD: every multiply-add of the convolution loops is one f32x4.relaxed_madd (fused where the CPU has FMA) instead of a multiply and an add; kernel by kernel: node --experimental-wasm-relaxed-simd --no-liftoff scripts/kernel-speed.mjs (src/kernels/wasm/README.md).',
    ],
  };
}
