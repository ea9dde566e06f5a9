// The speed table of the issue "Speed": the lab beside PyTorch on the same CPU,
// before this round (the numbers recorded when the issue was filed) and now
// (measured in this run), each as a ratio to PyTorch's 2-thread speed measured
// minutes earlier in the same run (bench/peer.bench.mjs runs first).
// Through the app: the UI, the training worker, real batches from Uint8 pixels,
// progress events, checkpoints. Plain: bench.html, tf.layers trainOnBatch on one
// random batch in a worker, the same backend set-up as the app (WASM, every core
// but one, the lab's kernels).
/* global process -- Node's */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeCatsDogs } from './first-batch.bench.mjs';
import { peerNote, peerRatio } from './peer.bench.mjs';
import { trainInApp, trainPlain } from './train.bench.mjs';

export const name = 'speed';
export const title = 'Speed: the lab beside PyTorch on this CPU, before this round and now (WASM, batch 32)';

const MINUTE = 60_000;
const DIR = join('bench', 'tmp', 'speed-catsdogs');
const CATS_PER_CLASS = 100; // 2 × 100 PNGs, 160 of them in the training split (80/10/10): 5 steps an epoch

/**
 * The lab when the issue was filed (2026-12-01, this machine type, idle, batch 32): through
 * the app, and plain tfjs on 2 threads and on 1. `null`: not measured then.
 */
export const BEFORE = {
  'mnist-convnet': { app: 840, plain2: 835, plain1: 752, torch2: 2837, torch1: 1806 },
  catsdogs: { app: null, plain2: 11, plain1: 7.0, torch2: 32.5, torch1: 15.9 },
};

const LABEL = { 'mnist-convnet': 'MNIST convnet (28x28x1)', catsdogs: 'cats vs dogs (180x180x3)' };

async function loadCatsDogs(page) {
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('catsdogs-naive');
  await page.getByTestId('nav-data').click();
  await page.getByTestId('folder-input').setInputFiles(DIR);
  await page.locator('[data-testid=dataset-status][data-state=ready]').waitFor({ timeout: 5 * MINUTE });
}

const best = (runs, key) => runs.reduce((a, b) => ((b?.[key] ?? 0) > (a?.[key] ?? 0) ? b : a), null);
const fmt = (v, digits = 1) => (v == null ? '–' : v.toFixed(digits));
const ratio = (v, ref) => (v && ref ? (v / ref).toFixed(2) : '–');

export async function run({ page, baseURL, log, peer }) {
  const repeats = Number(process.env.SPEED_REPEATS ?? 3);
  makeCatsDogs(CATS_PER_CLASS, DIR);
  const plan = {
    // 500 digits per class: 125 steps an epoch, so the worker's 3-second speed window (throughput.ts) ends on
    // steady steps; with 200 (100 steps, ~2.2 s in all) it still held the run's first step (~216 ms: memory growth).
    'mnist-convnet': { app: { backend: 'wasm', perClass: 500, epochs: 2 }, plainBatches: 20 },
    catsdogs: {
      app: { backend: 'wasm', epochs: 2, load: loadCatsDogs, trainCount: CATS_PER_CLASS * 2 * 0.8 },
      plainBatches: 3,
    },
  };
  const results = {};
  try {
    // SPEED_MODELS=mnist-convnet measures only that one (the table keeps both rows' columns, '–' where not run).
    const only = process.env.SPEED_MODELS?.split(',');
    for (const [model, p] of Object.entries(plan).filter(([m]) => !only || only.includes(m))) {
      const apps = [];
      const plains = [];
      // Best of a few: other work on a shared machine only ever slows a run down.
      for (let i = 0; i < (model === 'catsdogs' ? 1 : repeats); i++) {
        log(`speed: ${model} through the app (${i + 1})…`);
        apps.push(await trainInApp(page, baseURL, p.app));
        log(`speed: ${model} plain tfjs (${i + 1})…`);
        plains.push(await trainPlain(page, baseURL, 'wasm', p.plainBatches, model));
      }
      const app = best(apps, 'stepImagesPerSecond');
      const plain = best(plains, 'imagesPerSecond');
      results[model] = {
        app: app.stepImagesPerSecond,
        appAll: apps.map((a) => a.stepImagesPerSecond),
        plain: plain.imagesPerSecond,
        plainAll: plains.map((a) => a.imagesPerSecond),
        plainBackend: plain.backend,
        appKernelThreads: apps.map((a) => a.kernelThreads),
        appKernelThreadsText: app.kernelThreadsText,
        longTasks: app.longTasks,
        toPeer: {
          app: peerRatio(peer, model, app.stepImagesPerSecond),
          plain: peerRatio(peer, model, plain.imagesPerSecond),
        },
      };
    }
  } finally {
    rmSync(DIR, { recursive: true, force: true });
  }
  const torch = (model, threads) =>
    peer?.runs?.find((r) => r.model === model && r.threads === threads)?.imagesPerSecond ?? null;
  const rows = Object.keys(plan)
    .filter((model) => results[model])
    .map((model) => {
      const now = results[model];
      const before = BEFORE[model];
      const t2 = torch(model, 2);
      return [
        LABEL[model],
        fmt(t2),
        fmt(torch(model, 1)),
        `${fmt(before.app, 0)} (${ratio(before.app, before.torch2)})`,
        `${fmt(now.app)} (${ratio(now.app, t2)})`,
        `${fmt(before.plain2, 0)} / ${fmt(before.plain1, 0)} (${ratio(before.plain2, before.torch2)})`,
        `${fmt(now.plain)} (${ratio(now.plain, t2)})`,
        `${(now.appAll ?? []).map((v) => Math.round(v ?? 0)).join(', ')}`,
        (now.appKernelThreads ?? []).map((t) => t ?? '–').join(', '),
      ];
    });
  return {
    results: { runs: results, before: BEFORE },
    table: {
      columns: [
        'model',
        'PyTorch 2 threads, img/s (this run)',
        'PyTorch 1 thread',
        'lab through the app, before (÷ PyTorch then)',
        'lab through the app, now (÷ PyTorch 2 threads, this run)',
        'plain tfjs before, 2 / 1 threads (÷ PyTorch then)',
        'plain tfjs now, app threads (÷ PyTorch)',
        'app runs now, img/s',
        'lab kernel threads the app chose, per run',
      ],
      rows,
    },
    notes: [
      peerNote(peer),
      `"Before": the numbers recorded on this machine type (2 cores, idle) when the issue was filed: PyTorch then ran at ${BEFORE['mnist-convnet'].torch2} (MNIST) and ${BEFORE.catsdogs.torch2} (cats vs dogs) images/s on 2 threads, and its ratios use those. "Now": this run; each ratio divides by the peer's 2-thread speed (the note above says when it was measured; "npm run bench -- peer speed" measures both minutes apart). The issue's targets are 0.5 for both.`,
      // PyTorch's own speed swung widely on this machine (MNIST 2 threads, 2026-12-02: 436 to 4,069 images/s
      // between runs, the lab within ±10%), so the ratio to the idle numbers of the issue is given too.
      `Against PyTorch's idle 2-thread numbers when the issue was filed (${BEFORE['mnist-convnet'].torch2} and ${BEFORE.catsdogs.torch2} images/s): the app now ${Object.keys(
        plan,
      )
        .filter((m) => results[m])
        .map((m) => `${LABEL[m]} ${ratio(results[m].app, BEFORE[m].torch2)}`)
        .join(
          ', ',
        )} (target 0.5). PyTorch's own speed swung widely on this machine between runs on 2026-12-02 (MNIST on 2 threads 436 to 4,069 images/s; the lab within about ±10%), so the in-run ratio says little when its run was a slow one.`,
      ...Object.keys(plan).map(
        (model) =>
          `${LABEL[model]}, the app's own words on its kernel threads (best run): ${results[model]?.appKernelThreadsText ?? 'no choice (one core, or no kernel pool)'}`,
      ),
      `Through the app: MNIST on 500 built-in digits per class (4,000 training images, 2 epochs, best of ${repeats}); cats vs dogs on a generated folder of 2 × ${CATS_PER_CLASS} 180x180 PNGs (catsdogs-naive, ${CATS_PER_CLASS * 2 * 0.8} training images, 2 epochs, once). "img/s" is the worker's own speed over its last seconds of steps (validation not included). Plain: bench.html, trainOnBatch on one random batch, on the app's WASM set-up (every core but one: ${results['mnist-convnet']?.plainBackend?.threads ?? '?'} XNNPACK thread(s) here).`,
    ],
  };
}
