// A batch in pieces (src/model/step-memory.ts): the cats-vs-dogs training step
// (180x180x3, batch 32) as the app's trainer runs it (src/worker/train-step.ts,
// fused kernels), whole and 16, 8, 4 and 2 images at a time, on every core.
// Each run is a fresh worker, so tfjs-wasm's WebAssembly memory (which never
// shrinks) shows what that piece size needs; speed is the median step, best
// of PIECES_REPEATS runs, the sizes taking turns so a busy machine slows all alike.
/* global window, navigator, process */

export const name = 'pieces';
export const title =
  'A batch in pieces: speed and WASM memory of the cats-vs-dogs step by images per piece (batch 32, bench.html)';

const SIZES = [32, 16, 8, 4, 2];
const MB = 1e6;

export async function run({ page, baseURL, log }) {
  await page.goto(`${baseURL}/bench.html`);
  await page.waitForSelector('body[data-bench-ready="true"]');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const repeats = Number(process.env.PIECES_REPEATS ?? 2);
  const best = {};
  for (let r = 0; r < repeats; r++) {
    for (const pieceSize of SIZES) {
      log(`pieces: ${pieceSize} images at a time, run ${r + 1}/${repeats}…`);
      const result = await page.evaluate((o) => window.runTfjsBench(o), {
        backend: 'wasm',
        model: 'catsdogs',
        batchSize: 32,
        batches: 4,
        threads: cores,
        fused: true,
        pieceSize,
      });
      const kept = best[pieceSize];
      best[pieceSize] = {
        imagesPerSecond: Math.max(kept?.imagesPerSecond ?? 0, result.imagesPerSecond),
        msPerBatch: Math.min(kept?.msPerBatch ?? Infinity, result.msPerBatch),
        wasmBytes: Math.max(kept?.wasmBytes ?? 0, result.memory.wasmBytes ?? 0),
        kernelThreads: result.backend.kernelThreads,
        losses: result.losses,
      };
    }
  }
  const whole = best[32];
  const rows = SIZES.map((s) => {
    const b = best[s];
    return [
      s === 32 ? '32 (whole batch)' : String(s),
      b.msPerBatch.toFixed(0),
      b.imagesPerSecond.toFixed(1),
      (b.imagesPerSecond / whole.imagesPerSecond).toFixed(2),
      (b.wasmBytes / MB).toFixed(0),
      (b.wasmBytes / whole.wasmBytes).toFixed(2),
    ];
  });
  return {
    results: { cores, kernelThreads: whole.kernelThreads, bySize: best },
    table: {
      columns: ['images per piece', 'ms per step (best median)', 'images/s', '÷ whole', 'WASM memory MB', '÷ whole'],
      rows,
    },
    notes: [
      `bench.html, the cats-vs-dogs model on random 180x180x3 images, batch 32, RMSprop; each step is trainStep, the trainer's own: pieces' gradients added, one update. ${cores} core(s): XNNPACK and the lab's kernels on ${whole.kernelThreads} thread(s). One warm-up step and 4 timed per run, fresh worker per run, best of ${repeats} (PIECES_REPEATS).`,
      "WASM memory: the size tfjs-wasm's WebAssembly memory had grown to after the steps; it never shrinks, so the largest step a page ever ran sets it. The app runs this model 4 images at a time on 2 threads (MICRO_BATCH_BUDGET_BYTES in src/model/step-memory.ts).",
    ],
  };
}
