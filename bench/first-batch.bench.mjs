// Time to the first training batch on `auto`, per preset: from pressing Train
// to the first batch under way (train-throughput shown), measured in the page.
// Each preset runs twice: in a fresh browser context (no remembered choice, so
// `auto` decides from scratch) and again in the same context (the remembered
// choice is used). Targets: under 5 s for the MNIST presets, under 10 s for the
// cats-vs-dogs ones. MNIST uses the built-in digits; cats-vs-dogs a generated
// folder of two classes of 180x180 PNGs (the preset's textbook input).
/* global document, performance, requestAnimationFrame -- they run inside page.evaluate */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../scripts/png.mjs';

export const name = 'first-batch';
export const title = 'Time from pressing Train to the first batch, backend auto (batch 32)';

const DIR = join('bench', 'tmp', 'first-batch');
const MINUTE = 60_000;
const TARGET = { mnist: 5, catsdogs: 10 };
const PRESETS = ['mnist-convnet', 'mnist-no-pool', 'mnist-dense', 'catsdogs-naive', 'catsdogs-augmented'];

/** An RGB PNG; the two classes differ in colour so the data is not noise. */
export function png(size, cls, seed) {
  return encodePng(size, size, 'rgb', (x, y, c) => (x * (c + 1) + y * 3 + seed * 17 + (cls === c ? 120 : 0)) % 256);
}

/** `perClass` 180x180 PNGs of cats/ and dogs/ under `dir`. */
export function makeCatsDogs(perClass = 50, dir = DIR) {
  rmSync(dir, { recursive: true, force: true });
  for (const [cls, label] of ['cats', 'dogs'].entries()) {
    mkdirSync(join(dir, label), { recursive: true });
    for (let i = 0; i < perClass; i++) writeFileSync(join(dir, label, `${label}.${i}.png`), png(180, cls, i));
  }
}

async function loadData(page, preset) {
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption(preset);
  await page.getByTestId('nav-data').click();
  if (preset.startsWith('mnist')) {
    await page.getByTestId('max-per-class-input').fill('100');
    await page.getByTestId('builtin-select').selectOption('mnist');
  } else {
    await page.getByTestId('folder-input').setInputFiles(DIR);
  }
  await page.locator('[data-testid=dataset-status][data-state=ready]').waitFor({ timeout: 5 * MINUTE });
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('auto');
  await page.getByTestId('epochs-input').fill('50');
  await page.getByTestId('batch-size-input').fill('32');
}

/** Presses Train in the page and resolves when train-throughput appears: seconds, and the preparing messages seen. */
async function timeFirstBatch(page) {
  const out = await page.evaluate(
    () =>
      new Promise((resolve) => {
        // backendSeconds is only meaningful on a first run (no earlier badge on the page).
        const t0 = performance.now();
        const messages = [];
        let backendSeconds = null;
        let underWay = null;
        const tick = () => {
          // "Under way": preparing is over and the first step has started (training-status = training).
          if (underWay === null && document.querySelector('[data-testid=training-status][data-state=training]'))
            underWay = (performance.now() - t0) / 1000;
          if (backendSeconds === null && document.querySelector('[data-testid=backend-badge]:not([data-backend=""])'))
            backendSeconds = (performance.now() - t0) / 1000;
          const text = document.querySelector('.train-status')?.textContent ?? '';
          const m = text.match(/(Looking at|Checking|Trying|Starting)[^…]*…/);
          if (m && messages.at(-1) !== m[0]) messages.push(m[0]);
          if (document.querySelector('[data-testid=train-throughput]'))
            resolve({ seconds: (performance.now() - t0) / 1000, underWay, backendSeconds, messages });
          else requestAnimationFrame(tick);
        };
        document.querySelector('[data-testid=train-button]').click();
        requestAnimationFrame(tick);
      }),
  );
  const badge = page.getByTestId('backend-badge');
  const info = {
    backend: await badge.getAttribute('data-backend'),
    source: await badge.getAttribute('data-source'),
    skipped: await badge.getAttribute('data-skipped'),
    reason: await badge.locator('.backend-reason').innerText(),
  };
  await page.getByTestId('stop-button').click();
  await page.locator('[data-testid=training-status][data-state=stopped]').waitFor({ timeout: 5 * MINUTE });
  return { ...out, ...info };
}

export async function run({ baseURL, log, browser }) {
  makeCatsDogs();
  const runs = [];
  for (const preset of PRESETS) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(baseURL);
    await loadData(page, preset);
    const first = await timeFirstBatch(page);
    const again = await timeFirstBatch(page);
    await context.close();
    const target = preset.startsWith('mnist') ? TARGET.mnist : TARGET.catsdogs;
    log(
      `${preset}: first batch under way ${first.underWay?.toFixed(1)} s, done ${first.seconds.toFixed(1)} s (${first.backend}, ${first.source}), remembered ${again.seconds.toFixed(1)} s (${again.source}); target ${target} s`,
    );
    runs.push({ preset, target, first, again });
  }
  rmSync(DIR, { recursive: true, force: true });
  return {
    results: { runs },
    table: {
      columns: [
        'preset',
        'first run: s to first batch under way',
        'of which: s to backend chosen',
        'first run: s to first batch done',
        'backend',
        'skipped',
        'next run (remembered): under way / done, s',
        'target s (under way)',
      ],
      rows: runs.map((r) => [
        r.preset,
        r.first.underWay?.toFixed(1) ?? '–',
        r.first.backendSeconds?.toFixed(1) ?? '–',
        r.first.seconds.toFixed(1),
        r.first.backend,
        r.first.skipped || '–',
        `${r.again.underWay?.toFixed(1) ?? '–'} / ${r.again.seconds.toFixed(1)}`,
        r.target,
      ]),
    },
    notes: [
      "Measured in the page from the click on Train. 'Under way': preparing is over and the first training step has started (training-status = training): data transfer to the worker, backend probes, WASM self-test, any trials, model build. 'Done': the first step has finished (train-throughput shown); for cats vs dogs at 180x180 that one step of 32 images is most of the time (on a first run it includes XNNPACK's set-up).",
      "'of which' is when the badge shows the chosen backend (worker start, probes, WASM self-test, any trials); the rest is building the model and its first training step on that backend.",
      'First run: a fresh browser context, so nothing is remembered. Next run: the same page again, using the remembered choice.',
      `Reason on the first run of ${runs[0]?.preset}: ${runs[0]?.first.reason ?? ''}`,
    ],
  };
}
