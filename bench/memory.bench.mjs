// Memory against the pixels: a generated folder of colour JPEGs loaded at
// 180x180 through the folder picker, then one epoch of cats vs dogs from
// scratch on WASM. performance.measureUserAgentSpecificMemory() (the app is
// cross-origin isolated) is read after loading, while training and after it;
// its breakdown is reported per context (page, training worker, others) and
// divided by the pixel bytes (images x 180 x 180 x 3).
//
// The API counts an ArrayBuffer's bytes in every context that holds an object
// for it, a SharedArrayBuffer too: the dataset's one shared pixel block
// (src/data/shared.ts) is counted once in the page and once more in the
// training worker, though it is one block of memory (checked: a 20 MiB
// SharedArrayBuffer posted to a worker reads as 21.2 MB in each context, a
// transferred one only in the worker). So the table shows both the API's sum
// and the sum with the shared block counted once.
//
// Its own browser: --enable-blink-features=ForceEagerMeasureMemory makes the
// measurement resolve at once (else Chromium waits for a GC, up to 20 s).
/* global document, OffscreenCanvas, btoa, performance -- used inside page.evaluate, in the browser */
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from '../scripts/find-chromium.mjs';

export const name = 'memory';
export const title =
  'Memory held by the page and its workers, against the pixel bytes (180x180 colour folder, one epoch)';

const COUNT = Number(process.env.MEMORY_BENCH_IMAGES ?? 5000);
const SIDE = 180;
const BATCH = Number(process.env.MEMORY_BENCH_BATCH ?? 32);
const PIXEL_BYTES = COUNT * SIDE * SIDE * 3;
const DIR = join('bench', 'tmp', 'memory', 'photos');
const MINUTE = 60_000;
const MB = 1e6;

async function makeFolder(page, log) {
  rmSync(DIR, { recursive: true, force: true });
  let bytes = 0;
  for (let start = 0; start < COUNT; start += 100) {
    const batch = await page.evaluate(
      async ({ start, n, side }) => {
        const out = [];
        const canvas = new OffscreenCanvas(side, side);
        const ctx = canvas.getContext('2d');
        for (let i = start; i < start + n; i++) {
          ctx.fillStyle = `hsl(${(i * 37) % 360} 60% 55%)`;
          ctx.fillRect(0, 0, side, side);
          for (let k = 0; k < 12; k++) {
            ctx.fillStyle = `hsl(${(i * 13 + k * 29) % 360} 70% ${30 + (k % 5) * 10}%)`;
            ctx.fillRect((i * 7 + k * 53) % side, (i * 11 + k * 31) % side, 10 + ((k * i) % 60), 10 + ((k + i) % 50));
          }
          const data = new Uint8Array(
            await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer(),
          );
          let s = '';
          for (let j = 0; j < data.length; j += 0x8000) s += String.fromCharCode(...data.subarray(j, j + 0x8000));
          out.push(btoa(s));
        }
        return out;
      },
      { start, n: Math.min(100, COUNT - start), side: SIDE },
    );
    batch.forEach((b64, k) => {
      const cls = (start + k) % 2 ? 'dogs' : 'cats';
      mkdirSync(join(DIR, cls), { recursive: true });
      const buf = Buffer.from(b64, 'base64');
      bytes += buf.length;
      writeFileSync(join(DIR, cls, `${cls}.${start + k}.jpg`), buf);
    });
  }
  log(
    `wrote ${COUNT} JPEGs of ${SIDE}x${SIDE} (${(bytes / MB).toFixed(1)} MB; ${(PIXEL_BYTES / MB).toFixed(1)} MB of pixels) to ${DIR}`,
  );
  return bytes;
}

/**
 * Physical memory as a cross-check (Linux): the resident set of this run's
 * Chromium renderer processes (descendants of this Node process). The page
 * and its dedicated workers share one renderer process, so a shared block
 * counts once here. Null where /proc cannot be read.
 */
function rendererRss() {
  try {
    const parent = new Map();
    const cmd = new Map();
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
        cmd.set(Number(pid), readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        /* gone meanwhile */
      }
    }
    const ours = (pid) => {
      for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    let kb = 0;
    for (const [pid, line] of cmd) {
      if (!line.includes('--type=renderer') || !ours(pid)) continue;
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) kb += Number(m[1]);
    }
    return kb * 1024;
  } catch {
    return null;
  }
}

/**
 * One measurement, summed per context kind. `withTrainer`: the training worker must be in it; a worker
 * busy in a long step is sometimes left out (seen once mid-epoch: 0 bytes), so it is asked again.
 */
async function measure(page, label, withTrainer = false) {
  for (let attempt = 0; ; attempt++) {
    const m = await measureOnce(page, label);
    if (!withTrainer || m.train > 0 || attempt === 4) return m;
  }
}

/**
 * A full garbage collection in the page and in every worker first (--expose-gc): what was let go of (the
 * pixel views the page drops when a run takes the pixels to disk, a finished step's buffers) is then not
 * counted. The API's own default waits for the next collection (up to 20 s in Chromium); the eager mode this
 * bench uses answers at once and so counts garbage too.
 */
async function collectGarbage(page) {
  const gc = () => (globalThis.gc ? (globalThis.gc(), true) : false);
  // The training worker only: the kernel threads wait on Atomics between steps and never take the call (a
  // call queued there held the next measurement up for 60 s), and the decode workers have ended by then.
  const trainer = page.workers().filter((w) => /train\.worker/.test(w.url()));
  await Promise.all([page.evaluate(gc), ...trainer.map((w) => w.evaluate(gc).catch(() => false))]);
}

async function measureOnce(page, label) {
  await collectGarbage(page);
  const m = await page.evaluate(async () => {
    const r = await performance.measureUserAgentSpecificMemory();
    return {
      bytes: r.bytes,
      breakdown: r.breakdown.map((b) => ({
        bytes: b.bytes,
        types: b.types,
        scopes: b.attribution.map((a) => `${a.scope} ${a.url}`),
      })),
    };
  });
  const parts = { page: 0, train: 0, wasmThreads: 0, otherWorkers: 0, shared: 0, dom: 0 };
  for (const b of m.breakdown) {
    const scope = b.scopes.join(' ');
    if (scope.includes('DedicatedWorkerGlobalScope') && scope.includes('train')) parts.train += b.bytes;
    // tfjs-wasm's threads (its Emscripten pthread pool, 8 blob: workers started with the backend) and the lab's kernel threads.
    else if (scope.includes('Worker') && (scope.includes('blob:') || scope.includes('pool.worker')))
      parts.wasmThreads += b.bytes;
    else if (scope.includes('Worker')) parts.otherWorkers += b.bytes;
    else if (scope.includes('Window')) parts.page += b.bytes;
    else if (b.types.includes('DOM')) parts.dom += b.bytes;
    else parts.shared += b.bytes;
  }
  // The training worker holds the block once it has the dataset (its measured bytes exceed the block).
  const holders = (parts.page >= PIXEL_BYTES ? 1 : 0) + (parts.train >= PIXEL_BYTES ? 1 : 0);
  // The WASM threads hold a view of the training worker's shared WebAssembly memory (counted there at its
  // current size, in each thread at the size it had when the thread started: 17.3 MB each here) and a small
  // JS heap: the same memory, so it counts once, in the training worker.
  const once = m.bytes - Math.max(0, holders - 1) * PIXEL_BYTES - parts.wasmThreads;
  return {
    label,
    total: m.bytes,
    once,
    ratio: m.bytes / PIXEL_BYTES,
    ratioOnce: once / PIXEL_BYTES,
    holders,
    rss: rendererRss(),
    ...parts,
  };
}

export async function run({ baseURL, log }) {
  const executablePath = await findChromium();
  const browser = await chromium.launch({
    executablePath,
    args: [...chromiumArgs(), '--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc'],
  });
  const points = [];
  let trainInfo;
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(baseURL);
    const jpegBytes = await makeFolder(page, log);
    await page.getByTestId('nav-model').click();
    await page.getByTestId('preset-select').selectOption('catsdogs-naive');
    await page.getByTestId('nav-data').click();
    points.push(await measure(page, 'before loading'));
    const t0 = Date.now();
    await page.getByTestId('folder-input').setInputFiles(DIR);
    await page.locator('[data-testid=dataset-status][data-state=ready]').waitFor({ timeout: 10 * MINUTE });
    const loadSeconds = (Date.now() - t0) / 1000;
    const images = Number(await page.getByTestId('dataset-status').getAttribute('data-images'));
    if (images !== COUNT) throw new Error(`expected ${COUNT} images, loaded ${images}`);
    // The pixels' copy to IndexedDB follows "ready" (a few 8 MiB chunks in flight): measured once it is written.
    await page.getByTestId('data-keeping').waitFor({ state: 'detached', timeout: 10 * MINUTE });
    points.push(await measure(page, 'after loading'));
    await page.getByTestId('nav-train').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('epochs-input').fill('1');
    await page.getByTestId('batch-size-input').fill(String(BATCH));
    const t1 = Date.now();
    await page.getByTestId('train-button').click();
    await page.getByTestId('train-throughput').waitFor({ timeout: 10 * MINUTE });
    points.push(await measure(page, 'while training (first steps done)', true));
    // Half-way through the epoch: the optimizer's state and the backend's buffers are all there by now.
    await page.waitForFunction(
      () =>
        Number(document.querySelector('.train-progress [role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) >= 50,
      null,
      { timeout: 20 * MINUTE, polling: 500 },
    );
    points.push(await measure(page, 'while training (mid-epoch)', true));
    await page
      .getByTestId('epoch-row')
      .first()
      .waitFor({ timeout: 30 * MINUTE });
    trainInfo = {
      epochSeconds: (Date.now() - t1) / 1000,
      imagesPerSecond: Number(
        await page
          .getByTestId('train-throughput')
          .getAttribute('data-images-per-second')
          .catch(() => 'NaN'),
      ),
    };
    await page
      .locator('[data-testid=training-status]:not([data-state=training]):not([data-state=preparing])')
      .waitFor({ timeout: 5 * MINUTE });
    points.push(await measure(page, 'after the epoch', true));
    // What the worker says of itself (Train > Details): how a batch ran, how far WebAssembly memory grew.
    const wasmBytes = Number((await page.getByTestId('worker-memory').getAttribute('data-wasm-bytes-end')) || NaN);
    const pieceSize = Number(
      (await page
        .getByTestId('step-pieces')
        .getAttribute('data-size', { timeout: 2000 })
        .catch(() => null)) ?? BATCH,
    );
    // Where the run kept the pixels (Train > Details): 'disk' from PIXELS_ON_DISK_FROM bytes (src/data/spill-file.ts).
    const pixelsAt = await page
      .getByTestId('pixels-place')
      .getAttribute('data-at', { timeout: 2000 })
      .catch(() => null);
    trainInfo = { ...trainInfo, wasmBytes, pieceSize, pixelsAt };
    for (const p of points)
      log(
        `${p.label}: ${(p.total / MB).toFixed(1)} MB measured (${p.ratio.toFixed(2)}x the pixels), ${(p.once / MB).toFixed(1)} MB with the shared block once (${p.ratioOnce.toFixed(2)}x); page ${(p.page / MB).toFixed(1)}, training worker ${(p.train / MB).toFixed(1)}, WASM threads ${(p.wasmThreads / MB).toFixed(1)}, other workers ${(p.otherWorkers / MB).toFixed(1)}, shared/DOM ${((p.shared + p.dom) / MB).toFixed(1)}; renderer RSS ${p.rss === null ? '?' : (p.rss / MB).toFixed(0)} MB`,
      );
    rmSync(join('bench', 'tmp', 'memory'), { recursive: true, force: true });
    return {
      results: { images: COUNT, pixelBytes: PIXEL_BYTES, jpegMB: jpegBytes / MB, loadSeconds, ...trainInfo, points },
      table: {
        columns: [
          'when',
          'page MB',
          'training worker MB',
          'WASM threads MB',
          'other workers MB',
          'shared + DOM MB',
          'measured MB (x pixels)',
          'shared block once: MB (x pixels)',
          'renderer RSS MB (change since before loading, x pixels)',
        ],
        rows: points.map((p) => [
          p.label,
          (p.page / MB).toFixed(1),
          (p.train / MB).toFixed(1),
          (p.wasmThreads / MB).toFixed(1),
          (p.otherWorkers / MB).toFixed(1),
          ((p.shared + p.dom) / MB).toFixed(1),
          `${(p.total / MB).toFixed(1)} (${p.ratio.toFixed(2)}x)`,
          `${(p.once / MB).toFixed(1)} (${p.ratioOnce.toFixed(2)}x)`,
          p.rss === null || points[0].rss === null
            ? '–'
            : `${(p.rss / MB).toFixed(0)} (${((p.rss - points[0].rss) / MB).toFixed(0)}, ${((p.rss - points[0].rss) / PIXEL_BYTES).toFixed(2)}x)`,
        ]),
      },
      notes: [
        `${COUNT} generated colour JPEGs (${(jpegBytes / MB).toFixed(1)} MB) in two class folders, loaded at 180x180x3: ${(PIXEL_BYTES / MB).toFixed(1)} MB of pixels. Then the cats-vs-dogs-from-scratch preset trains one epoch on WASM, batch ${BATCH} (${trainInfo.epochSeconds?.toFixed(0) ?? '?'} s). MEMORY_BENCH_IMAGES sets the image count.`,
        "Page: the page's JS heap and the ArrayBuffers it holds: the dataset's one pixel block (train, val and test are views of it, src/data/split-pixels.ts), labels, paths and hashes, React. Training worker: its JS heap, the same pixel block (shared, not a copy), and tfjs-wasm's WebAssembly memory (weights, RMSprop state, one batch as floats, the activations and gradients of one piece of the batch). While a run keeps the pixels on disk (from 64 MiB of pixels by default, Train > Settings > Pixels while training; src/data/spill-file.ts) neither holds the block: the worker reads each batch from one file of the Origin Private File System, and the page asks it for the few images it shows. WASM threads: tfjs-wasm's 8 pthread workers (blob: URLs) and the lab's kernel threads; each holds a view of the training worker's shared WebAssembly memory, counted at the size it had when the thread started, and a small JS heap. Other workers: the decode workers (terminated after loading). The IndexedDB copy (8 MiB chunks, src/data/persist.ts) and the run's file live in the browser process and on disk and are not counted. Each point is measured after a full garbage collection in the page and the training worker (--expose-gc), as the API itself does when not forced to answer at once.",
        `What bounds it: after loading, the one pixel block plus ~1-5% (labels, paths, hashes, the page itself). While training with the pixels ${trainInfo.pixelsAt === 'disk' ? 'on disk' : 'in memory'}: ${trainInfo.pixelsAt === 'disk' ? 'no pixel block at all; ' : 'the block, and '}the training worker's working memory, nearly all tfjs-wasm's WebAssembly memory (${(trainInfo.wasmBytes / MB).toFixed(0)} MB at the end, as the worker reports it). The batch of ${BATCH} ran ${trainInfo.pieceSize} images at a time (src/model/step-memory.ts; whole, it grew to ~1,090 MB: npm run bench -- pieces). It scales with the model and the piece size, not with the dataset. After the run the pixels are back in memory (one block for page and worker) and the WebAssembly memory stays at its largest (it never shrinks), so the idle lab after a run holds the block plus that.`,
        "'measured' is the API's own sum, in which a shared block appears once per context that holds it; 'shared block once' counts the pixel block once and the WASM threads' views of the WebAssembly memory not at all (they are the training worker's memory; their JS heaps, a few MB, are left out with them). The renderer's resident set, where page and workers live in one process, grows by each block once. The subtraction assumes this build's sharing (src/data/shared.ts); run against a build that clones the dataset, only 'measured' and the RSS column apply.",
      ],
    };
  } finally {
    await browser.close();
  }
}
