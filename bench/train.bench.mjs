// The app's training overhead: the MNIST convnet trained through the app's UI
// and worker (real MNIST images, batches built per step, progress events,
// checkpoints) against the same model trained with plain tfjs on the same
// backend in the same browser (bench.html, random data, trainOnBatch).
// Also: main-thread long tasks while the app trains, and the worker's
// tf.memory() at the start and the end of the run.
/* global window, document, performance, PerformanceObserver, setInterval, process -- process is Node's; the rest run inside page.evaluate */
import { peerNote, peerRatio, ratioToPeer } from './peer.bench.mjs';

export const name = 'train';
export const title = 'Training through the app vs plain tfjs (MNIST convnet, batch 32)';

const MINUTE = 60_000;
const BATCH = 32;

/** Per backend: images per class (80% of them train: the default 80/10/10 split) and epochs, sized so slow software backends finish. */
const PLAN = [
  { backend: 'wasm', perClass: 200, epochs: 3, plainBatches: 20, repeats: 3 },
  { backend: 'webgl', perClass: 20, epochs: 2, plainBatches: 4 },
  { backend: 'webgpu', perClass: 10, epochs: 2, plainBatches: 2 },
];

/**
 * Loads a built-in dataset (capped at `perClass` images per class when given, else the app's
 * default) and picks a preset; leaves the page on Model.
 */
export async function loadBuiltin(
  page,
  { dataset = 'mnist', preset = 'mnist-convnet', perClass, timeout = 2 * MINUTE } = {},
) {
  await page.getByTestId('nav-data').click();
  if (perClass !== undefined) await page.getByTestId('max-per-class-input').fill(String(perClass));
  await page.getByTestId('builtin-select').selectOption(dataset);
  await page.locator('[data-testid=dataset-status][data-state=ready]').waitFor({ timeout });
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption(preset);
}

/**
 * Trains through the app's UI and worker and reads the worker's own speed. `load(page)` puts data
 * and a model in place (default: MNIST digits and the MNIST convnet); `trainCount` is how many
 * images one epoch trains on.
 */
export async function trainInApp(
  page,
  baseURL,
  {
    backend,
    perClass,
    epochs,
    batch = BATCH,
    load = (p) => loadBuiltin(p, { perClass }),
    trainCount = perClass * 10 * 0.8,
  },
) {
  await page.goto(baseURL);
  await load(page);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption(backend);
  await page.getByTestId('epochs-input').fill(String(epochs));
  await page.getByTestId('batch-size-input').fill(String(batch));

  // Watch the main thread and the live speed (the badge disappears when the run ends).
  await page.evaluate(() => {
    const w = window;
    w.__bench = { longTasks: [], speeds: [], trainingSince: null, trainingUntil: null };
    new PerformanceObserver((list) => {
      if (w.__bench.trainingSince !== null && w.__bench.trainingUntil === null)
        for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    setInterval(() => {
      const state = document.querySelector('[data-testid=training-status]')?.getAttribute('data-state');
      if (state === 'training' && w.__bench.trainingSince === null) w.__bench.trainingSince = performance.now();
      if (
        w.__bench.trainingSince !== null &&
        w.__bench.trainingUntil === null &&
        state !== 'training' &&
        state !== 'paused'
      )
        w.__bench.trainingUntil = performance.now();
      const ips = document.querySelector('[data-testid=train-throughput]')?.getAttribute('data-images-per-second');
      if (ips) w.__bench.speeds.push(Number(ips));
    }, 100);
  });
  await page.getByTestId('train-button').click();
  await page.locator('[data-testid=training-status][data-state=done]').waitFor({ timeout: 15 * MINUTE });
  const rows = await page
    .getByTestId('epoch-row')
    .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-loss'))));
  const memory = page.getByTestId('worker-memory');
  // The memory line sits in the folded-away Details: wait for it to be filled in, not to be visible.
  await memory
    .locator('xpath=.')
    .and(page.locator('[data-tensors-end]:not([data-tensors-end=""])'))
    .waitFor({ state: 'attached' });
  const bench = await page.evaluate(() => window.__bench);
  const wallSeconds = (bench.trainingUntil - bench.trainingSince) / 1000;
  return {
    // The worker's own measure over its last few seconds of steps (batch building and reads included, validation not).
    stepImagesPerSecond: bench.speeds.at(-1) ?? null,
    // Start of training to the end of the last epoch, validation and checkpoints included.
    wallImagesPerSecond: (trainCount * epochs) / wallSeconds,
    wallSeconds,
    trainImages: trainCount,
    epochs,
    losses: rows,
    longTasks: {
      count: bench.longTasks.length,
      totalMs: Math.round(bench.longTasks.reduce((a, b) => a + b, 0)),
      maxMs: Math.round(Math.max(0, ...bench.longTasks)),
    },
    workerMemory: {
      startTensors: Number(await memory.getAttribute('data-tensors-start')),
      endTensors: Number(await memory.getAttribute('data-tensors-end')),
      endBytes: Number(await memory.getAttribute('data-bytes-end')),
    },
    badge: await page.getByTestId('backend-badge').innerText(),
    // WASM: the lab's kernel threads the run's first steps chose (null: none to choose between, or another backend).
    kernelThreads: (await page.getByTestId('kernel-threads').count())
      ? Number(await page.getByTestId('kernel-threads').getAttribute('data-threads'))
      : null,
    kernelThreadsText: (await page.getByTestId('kernel-threads').count())
      ? await page.getByTestId('kernel-threads').innerText()
      : null,
  };
}

export async function trainPlain(page, baseURL, backend, batches, model = 'mnist-convnet', batchSize = BATCH) {
  await page.goto(`${baseURL}/bench.html`);
  await page.waitForSelector('body[data-bench-ready="true"]');
  return page.evaluate((o) => window.runTfjsBench(o), { backend, model, batchSize, batches });
}

export async function run({ page, baseURL, log, peer }) {
  const results = {};
  const rows = [];
  // BENCH_TRAIN_BACKENDS=wasm,webgl runs only those.
  const only = process.env.BENCH_TRAIN_BACKENDS?.split(',');
  for (const item of PLAN.filter((p) => !only || only.includes(p.backend))) {
    log(`train: ${item.backend} through the app…`);
    let app, plain;
    const apps = [];
    const plains = [];
    try {
      // Fast runs are repeated and the best kept (other work on a shared machine only slows a run down); slow ones run once.
      for (let i = 0; i < (item.repeats ?? 1); i++) {
        apps.push(await trainInApp(page, baseURL, item));
        log(`train: ${item.backend} plain tfjs…`);
        plains.push(await trainPlain(page, baseURL, item.backend, item.plainBatches));
      }
      app = apps.reduce((a, b) => ((b.stepImagesPerSecond ?? 0) > (a.stepImagesPerSecond ?? 0) ? b : a));
      app.allStepImagesPerSecond = apps.map((a) => a.stepImagesPerSecond);
      plain = plains.reduce((a, b) => (b.imagesPerSecond > a.imagesPerSecond ? b : a));
    } catch (e) {
      results[item.backend] = { error: String(e.message ?? e).split('\n')[0] };
      rows.push([item.backend, 'failed', '', '', '', '', '', '', '', results[item.backend].error]);
      continue;
    }
    const ratio =
      app.stepImagesPerSecond && plain.imagesPerSecond ? app.stepImagesPerSecond / plain.imagesPerSecond : null;
    const toPeer = {
      app: peerRatio(peer, 'mnist-convnet', app.stepImagesPerSecond),
      plain: peerRatio(peer, 'mnist-convnet', plain.imagesPerSecond),
    };
    results[item.backend] = {
      app,
      plain: {
        imagesPerSecond: plain.imagesPerSecond,
        msPerBatch: plain.msPerBatch,
        memory: plain.memory,
        backend: plain.backend,
      },
      ratio,
      toPeer,
    };
    rows.push([
      item.backend,
      `${app.trainImages} × ${app.epochs} epochs${apps.length > 1 ? `, best of ${apps.length} (${apps.map((a) => Math.round(a.stepImagesPerSecond ?? 0)).join(', ')})` : ''}`,
      app.stepImagesPerSecond?.toFixed(1) ?? '–',
      ratioToPeer(peer, 'mnist-convnet', app.stepImagesPerSecond),
      app.wallImagesPerSecond.toFixed(1),
      plain.imagesPerSecond.toFixed(1),
      ratioToPeer(peer, 'mnist-convnet', plain.imagesPerSecond),
      ratio === null ? '–' : ratio.toFixed(2),
      `${app.longTasks.count} (max ${app.longTasks.maxMs} ms)`,
      `${app.workerMemory.startTensors} → ${app.workerMemory.endTensors} (plain: ${plain.memory.numTensors})`,
    ]);
  }
  return {
    results,
    table: {
      columns: [
        'backend',
        'app run',
        'app images/s (steps)',
        'app (steps) ÷ PyTorch',
        'app images/s (wall, with validation)',
        'plain tfjs images/s',
        'plain ÷ PyTorch',
        'app / plain',
        'main-thread long tasks',
        'worker tensors start → end',
      ],
      rows,
    },
    notes: [
      peerNote(peer),
      'App: real MNIST images through the UI and the training worker (batches built per step from Uint8 pixels, loss and accuracy read for many steps at once at most every 200 ms, progress events, checkpoints to IndexedDB). Plain: bench.html, the same model with tf.layers trainOnBatch on one random batch, with the same default WASM threads as the app (every core but one: 1 thread here).',
      '"steps" is the worker\'s speed over its last few seconds of training steps; "wall" runs from the start of training to the end of the last epoch, validation included.',
      'Long tasks: PerformanceObserver("longtask") on the app\'s main thread while training ran (tasks over 50 ms).',
      "Where the long tasks come from: see the calm table (npm run bench -- calm, a Chrome trace attributing each task). Until 2026-12-02 they were recharts redrawing both curve charts for every throttled live point (once a second); the live curve is now one SVG path on the chart's scales and recharts redraws only when an epoch ends.",
    ],
  };
}
