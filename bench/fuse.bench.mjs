// Today vs new: the MNIST convnet's training step (batch 32) as the app's
// trainer makes it (optimizer.minimize on its forward pass), with model.apply
// and tfjs-wasm's copying Identity (before the fused kernels) and with the
// fused Conv2D/Dense + bias + ReLU kernels and the zero-copy Identity
// (src/kernels/wasm/fused.ts). Both in one Chromium, interleaved, best of
// several runs (a shared machine only slows a run down), plus one profiled
// batch of each: tfjs kernel calls per step and ms by kernel.
/* global window, navigator -- these run inside page.evaluate */
export const name = 'fuse';
export const title =
  'Fused bias + ReLU on WASM: the training step before and after (MNIST convnet, batch 32, bench.html)';

const REPEATS = 4;

export async function run({ page, baseURL, log }) {
  await page.goto(`${baseURL}/bench.html`);
  await page.waitForSelector('body[data-bench-ready="true"]');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const results = {};
  const rows = [];
  for (const threads of [...new Set([1, Math.max(1, cores - 1), cores])]) {
    const best = {};
    for (let r = 0; r < REPEATS; r++) {
      for (const fused of [false, true]) {
        log(`fuse: ${threads} thread(s), ${fused ? 'new' : 'today'}, run ${r + 1}/${REPEATS}…`);
        const options = {
          backend: 'wasm',
          model: 'mnist-convnet',
          batchSize: 32,
          batches: 20,
          threads,
          fused,
          profile: r === 0,
        };
        const result = await page.evaluate((o) => window.runTfjsBench(o), options);
        const key = fused ? 'new' : 'today';
        const kept = best[key];
        if (!kept || result.imagesPerSecond > kept.imagesPerSecond)
          best[key] = { ...result, profile: result.profile ?? kept?.profile };
        else if (result.profile) kept.profile = result.profile;
      }
    }
    const calls = (p) => p?.reduce((n, k) => n + k.calls, 0) ?? null;
    const summary = (b) => ({
      imagesPerSecond: b.imagesPerSecond,
      msPerBatch: b.msPerBatch,
      kernelCalls: calls(b.profile),
      profile: b.profile,
      memory: b.memory,
      kernelThreads: b.backend.kernelThreads,
      xnnThreads: b.backend.threads,
    });
    results[threads] = {
      today: summary(best.today),
      new: summary(best.new),
      ratio: best.new.imagesPerSecond / best.today.imagesPerSecond,
    };
    rows.push([
      `${best.new.backend.threads} (lab kernels on ${best.new.backend.kernelThreads})`,
      best.today.imagesPerSecond.toFixed(0),
      best.new.imagesPerSecond.toFixed(0),
      `${results[threads].ratio.toFixed(2)}x`,
      `${calls(best.today.profile)} → ${calls(best.new.profile)}`,
      `${best.today.memory.numTensors} / ${best.new.memory.numTensors}`,
    ]);
  }
  return {
    results,
    table: {
      columns: [
        'threads',
        'today images/s',
        'new images/s',
        'new / today',
        'tfjs kernel calls per step',
        'tensors after the run (today / new)',
      ],
      rows,
    },
    notes: [
      `Best of ${REPEATS} interleaved runs of 20 timed batches each (median batch per run); random data; RMSprop from tf.train. "today": model.apply, tfjs-wasm's Identity (a copy). "new": fused Conv2D/Dense kernels, zero-copy Identity.`,
    ],
  };
}
