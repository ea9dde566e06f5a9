// Ingestion speed: a generated folder of 1,000 JPEGs of 500x375 (two classes)
// loaded through the real path (the folder picker -> layout -> decode workers
// -> split), at the cats-vs-dogs input size and at MNIST's. Reports decoded
// and resized images per second and the bytes held per image once loaded.
/* global document, window, navigator, performance, MutationObserver, PerformanceObserver, OffscreenCanvas, btoa -- used inside page.evaluate, in the browser */
import { Buffer } from 'node:buffer';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

export const name = 'ingest';
export const title = 'Folder ingestion (decode + resize in workers)';

const COUNT = 1000;
const WIDTH = 500;
const HEIGHT = 375;
const DIR = join('bench', 'tmp', 'ingest', 'photos');
const REPEATS = Number(process.env.INGEST_REPEATS ?? 3);

/** JPEGs drawn and encoded in the page (OffscreenCanvas.convertToBlob), written to disk by Node. */
async function makeFolder(page, log) {
  rmSync(DIR, { recursive: true, force: true });
  let bytes = 0;
  for (let start = 0; start < COUNT; start += 50) {
    const batch = await page.evaluate(
      async ({ start, n, w, h }) => {
        const out = [];
        const canvas = new OffscreenCanvas(w, h);
        const ctx = canvas.getContext('2d');
        for (let i = start; i < start + n; i++) {
          const g = ctx.createLinearGradient(0, 0, w, h);
          g.addColorStop(0, `hsl(${(i * 37) % 360} 60% 55%)`);
          g.addColorStop(1, `hsl(${(i * 91) % 360} 50% 30%)`);
          ctx.fillStyle = g;
          ctx.fillRect(0, 0, w, h);
          for (let k = 0; k < 40; k++) {
            ctx.fillStyle = `hsl(${(i * 13 + k * 29) % 360} 70% ${30 + (k % 5) * 10}%)`;
            ctx.beginPath();
            ctx.arc((i * 7 + k * 53) % w, (i * 11 + k * 31) % h, 10 + ((k * i) % 40), 0, Math.PI * 2);
            ctx.fill();
          }
          const data = new Uint8Array(
            await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 })).arrayBuffer(),
          );
          let s = '';
          for (let j = 0; j < data.length; j += 0x8000) s += String.fromCharCode(...data.subarray(j, j + 0x8000));
          out.push(btoa(s));
        }
        return out;
      },
      { start, n: Math.min(50, COUNT - start), w: WIDTH, h: HEIGHT },
    );
    batch.forEach((b64, k) => {
      const i = start + k;
      const cls = i % 2 ? 'dogs' : 'cats';
      mkdirSync(join(DIR, cls), { recursive: true });
      const buf = Buffer.from(b64, 'base64');
      bytes += buf.length;
      writeFileSync(join(DIR, cls, `${cls}.${i}.jpg`), buf);
    });
  }
  log(`wrote ${COUNT} JPEGs (${(bytes / 1e6).toFixed(1)} MB) to ${DIR}`);
  return bytes;
}

async function loadOnce(page, size) {
  await page.getByTestId('nav-model').click();
  await page.getByTestId('input-height').fill(String(size.height));
  await page.getByTestId('input-width').fill(String(size.width));
  await page.getByTestId('input-channels').selectOption(String(size.channels));
  await page.getByTestId('nav-data').click();
  // A loaded dataset follows the new input (remade from its kept files): let that finish first.
  await page.locator('[data-testid=dataset-status]:not([data-state=loading])').waitFor({ timeout: 600_000 });
  // Timed in the page: from the moment loading starts to the moment it is ready.
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid=dataset-status]');
    window.__ingestObserver?.disconnect();
    window.__ingest = { start: 0, end: 0, kept: 0, phases: {}, tasks: [] };
    // Main-thread tasks over 50 ms, to find the longest while the pixels are kept (the page should answer then).
    window.__ingestTasks?.disconnect();
    window.__ingestTasks = new PerformanceObserver((list) => {
      for (const t of list.getEntries()) window.__ingest.tasks.push([t.startTime, t.startTime + t.duration]);
    });
    window.__ingestTasks.observe({ type: 'longtask' });
    window.__ingestObserver = new MutationObserver(() => {
      const state = el.getAttribute('data-state');
      if (state === 'loading' && !window.__ingest.start) window.__ingest.start = performance.now();
      if (state === 'ready' && window.__ingest.start && !window.__ingest.end) window.__ingest.end = performance.now();
      // The copy of the pixels written after "ready" (src/data/persist.ts): done when its note goes.
      if (window.__ingest.end && !window.__ingest.kept && !document.querySelector('[data-testid=data-keeping]'))
        window.__ingest.kept = performance.now();
      // When each phase (its label: looking at colour, decoding, saving) first shows.
      const label = document.querySelector('.load-progress-text span')?.textContent;
      if (window.__ingest.start && label && !(label in window.__ingest.phases))
        window.__ingest.phases[label] = performance.now() - window.__ingest.start;
    });
    window.__ingestObserver.observe(document.body, {
      attributes: true,
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  await page.getByTestId('folder-input').setInputFiles(DIR);
  await page.locator('[data-testid=dataset-status][data-state=ready]').waitFor({ timeout: 600_000 });
  // The next load starts after this one's pixels are saved, so that each is timed alone.
  await page.getByTestId('data-keeping').waitFor({ state: 'detached', timeout: 600_000 });
  const { start, end, kept, phases, tasks } = await page.evaluate(() => window.__ingest);
  const keptAt = kept || end;
  const longestWhileKeeping = Math.max(
    0,
    ...tasks.filter(([a, b]) => b > end && a < keptAt).map(([a, b]) => Math.min(b, keptAt) - Math.max(a, end)),
  );
  const status = page.getByTestId('dataset-status');
  const images = Number(await status.getAttribute('data-images'));
  const held = Number(await status.getAttribute('data-bytes'));
  if (images !== COUNT) throw new Error(`expected ${COUNT} images, loaded ${images}`);
  const seconds = (end - start) / 1000;
  const decodeAt = phases['Decoding and resizing'] ?? 0;
  const saveAt = phases['Saving for your next visit'] ?? end - start;
  return {
    size: `${size.height}x${size.width}x${size.channels}`,
    seconds,
    imagesPerSecond: images / seconds,
    decodeSeconds: (saveAt - decodeAt) / 1000,
    decodePerSecond: images / ((saveAt - decodeAt) / 1000),
    saveSeconds: (end - start - saveAt) / 1000,
    // 0: the note was gone by the first look after "ready" (written within one observer callback).
    pixelsSavedSeconds: kept ? (kept - end) / 1000 : 0,
    // Of the page's tasks over 50 ms, the longest part that fell while the pixels were kept (0: none).
    longestTaskWhileKeepingMs: longestWhileKeeping,
    phases,
    bytesPerImage: held / images,
  };
}

export async function run({ page, baseURL, log }) {
  await page.goto(baseURL);
  const jpegBytes = await makeFolder(page, log);
  const workers = await page.evaluate(() => Math.max(1, Math.min(4, navigator.hardwareConcurrency)));
  const sizes = [
    { height: 180, width: 180, channels: 3 },
    { height: 28, width: 28, channels: 1 },
  ];
  const runs = [];
  // Best of REPEATS loads per size (this machine's timings swing with its load).
  for (const size of sizes) {
    let best = null;
    for (let k = 0; k < REPEATS; k++) {
      const r = await loadOnce(page, size);
      log(
        `${r.size}: ${r.imagesPerSecond.toFixed(1)} images/s to ready; decode ${r.decodeSeconds.toFixed(2)} s (${r.decodePerSecond.toFixed(1)} images/s), save ${r.saveSeconds.toFixed(2)} s, then pixels ${r.pixelsSavedSeconds.toFixed(2)} s (longest page task meanwhile ${Math.round(r.longestTaskWhileKeepingMs)} ms)`,
      );
      if (!best || r.imagesPerSecond > best.imagesPerSecond) best = r;
    }
    runs.push(best);
  }
  rmSync(join('bench', 'tmp', 'ingest'), { recursive: true, force: true });
  return {
    results: { images: COUNT, sourceSize: `${WIDTH}x${HEIGHT}`, jpegMB: jpegBytes / 1e6, decodeWorkers: workers, runs },
    table: {
      columns: [
        'resized to',
        'images',
        'seconds to ready',
        'images/s to ready',
        'of which decoding: s (images/s)',
        'saving record and files: s',
        'then the pixels, after ready: s',
        'longest page task meanwhile: ms',
        'bytes held per image',
      ],
      rows: runs.map((r) => [
        r.size,
        COUNT,
        r.seconds.toFixed(1),
        r.imagesPerSecond.toFixed(1),
        `${r.decodeSeconds.toFixed(1)} (${r.decodePerSecond.toFixed(1)})`,
        r.saveSeconds.toFixed(2),
        r.pixelsSavedSeconds.toFixed(2),
        Math.round(r.longestTaskWhileKeepingMs),
        Math.round(r.bytesPerImage),
      ]),
    },
    notes: [
      `${COUNT} JPEGs of ${WIDTH}x${HEIGHT} (${(jpegBytes / 1e6).toFixed(1)} MB), two class folders, loaded through the folder picker: layout, skip rules, a colour check (24 images), ${workers} decode worker(s) (JPEGs decoded at reduced size by WebCodecs ImageDecoder where the target allows (DCT scaling: 1/2 for 180x180, 1/8 for 28x28), other formats by full-size createImageBitmap; bilinear drawImage to the target size on an OffscreenCanvas, written into the shared pixel block), seeded split, then the save to IndexedDB that "ready" waits for (the record and the original files); the decoded pixels (8 MiB chunks) are written after "ready", in the background (a worker where the pixels are shared memory: src/data/keep.worker.ts), and the next load waits for them; "longest page task meanwhile" is the longest main-thread task (over 50 ms, PerformanceObserver longtask) while they were written. Best of ${REPEATS} loads per size (INGEST_REPEATS).`,
      'What bounds it on 2 cores: the JPEG decode itself (Chromium decodes no JPEG at reduced size for createImageBitmap; ImageDecoder with a desired size does), run on Chromium\'s own decode threads, then the IndexedDB save of the record and the original files on the main thread (the pixels follow after "ready"). The decode alone, measured apart (2026-12-02, idle, the same 1,000 files from disk in 2 plain workers: createImageBitmap, drawImage to 180x180, getImageData, nothing else): 260-350 images/s; WebCodecs ImageDecoder with desiredWidth/Height decodes these JPEGs at half size (DCT scaling) and reached 367-452; the app uses it since 2026-12-02 (its frames carry the EXIF orientation, which drawImage applies: e2e/data.spec.ts), decoding 230 → 254 images/s at 180x180 and 290 → 412 at 28x28 (1/8 size), same bench, idle. Two costs were removed on 2026-12-02: a 16-byte sniff read of every file before decoding (a second read through the browser process: 330 → 210 images/s in that measurement) now happens only when decoding fails, and the pixel hash runs on 32-bit words (~1 ms → ~0.25 ms per 180x180x3 image): decoding 175 → 214 images/s at 180x180, 196 → 262 at 28x28, same bench, idle. Later on 2026-12-02 each decode worker reads a batch of 16 JPEGs as one Blob instead of file by file (a file read apart cost ~1.2 ms of the browser process and ~1.1 ms of the page; 8 to a read halved both) and the page hears of progress at most every 100 ms: decoding 271 → 360 (8 to a read) → 400 (16) → 452 images/s (progress throttled) at 180x180, 438 → 1,064 at 28x28, same bench, idle. The save is bound by the disk here: 97 MB of pixels took 1.3 s through IndexedDB and 0.6-1.6 s through the Origin Private File System (a sync access handle in a worker, measured apart), so it stays in IndexedDB; the original files take ~0.14 s of it. Since 2026-12-02 "ready" waits only for the record and the files (a reload then keeps the dataset: it decodes the kept files if the pixels are not in yet), and the pixels follow: to ready 277 → 438 images/s at 180x180 (decoding 490), 776 → 945 at 28x28, same bench, idle, best of 3. The pixels were first written on the page\'s thread, where IndexedDB serialises each put (~85 ms per 8 MiB chunk): for 1,200 180x180 images (111 MB) that made page tasks of 0.4 and 1.1 s just after "ready" (clicks waited); written by a worker since, no page task over 50 ms fell in that time (a probe, 2026-12-02).',
      'Bytes held per image: the Uint8 pixels (H×W×C) plus the Uint16 label, as kept in the store after loading (one block, shared with the training worker: see the memory table).',
    ],
  };
}
