// The A/B lesson through the app: on the built-in shapes, the MNIST convnet
// "as is" against the same with augmentation and Dropout (the ab-button's
// default: 30 epochs each), for five seeds. Records each run's test accuracy
// (the kept checkpoint, lowest val_loss) and where the plain run's val_loss
// turned up. The lesson holds when the augmented run wins for at least 4 of 5 seeds.
/* global indexedDB -- it runs inside page.evaluate */
import { loadBuiltin } from './train.bench.mjs';

export const name = 'ab-lesson';
export const title =
  'The A/B lesson on shapes: test accuracy without and with augmentation + Dropout (30 epochs each, WASM)';

const MINUTE = 60_000;
const SEEDS = [1, 2, 3, 4, 5];

/** The saved runs, read from the lab's own IndexedDB store. */
const savedRuns = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('convnet-lab-runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        };
      }),
  );

/** First epoch after the val_loss minimum from which val_loss stays above it (null: never turned up). */
function turnsUp(epochs) {
  let best = 0;
  epochs.forEach((e, i) => (e.valLoss < epochs[best].valLoss ? (best = i) : null));
  return best < epochs.length - 1 ? epochs[best + 1].epoch : null;
}

export async function run({ baseURL, log, browser }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(baseURL);
  await loadBuiltin(page, { dataset: 'shapes', timeout: 5 * MINUTE });
  const rows = [];
  for (const seed of SEEDS) {
    await page.getByTestId('nav-train').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('seed-input').fill(String(seed));
    await page.getByTestId('ab-button').click();
    // The A/B ends by opening its comparison in Runs.
    await page
      .locator('[data-testid=compare-chart]')
      .first()
      .waitFor({ timeout: 60 * MINUTE });
    const runs = (await savedRuns(page))
      .filter((r) => r.settings.seed === seed && r.ab)
      .sort((a, b) => a.createdAt - b.createdAt);
    const [plain, augmented] = runs.slice(-2);
    const row = {
      seed,
      plain: plain.test?.accuracy ?? null,
      augmented: augmented.test?.accuracy ?? null,
      plainBest: plain.bestEpoch,
      plainTurnsUp: turnsUp(plain.epochs),
      plainValLoss: { min: Math.min(...plain.epochs.map((e) => e.valLoss)), last: plain.epochs.at(-1).valLoss },
      augmentedBest: augmented.bestEpoch,
      seconds: (plain.durationSeconds ?? 0) + (augmented.durationSeconds ?? 0),
    };
    log(
      `seed ${seed}: plain ${row.plain?.toFixed(3)} (best epoch ${row.plainBest}, val_loss ${row.plainValLoss.min.toFixed(3)} → ${row.plainValLoss.last.toFixed(3)}), augmented ${row.augmented?.toFixed(3)} (best epoch ${row.augmentedBest})`,
    );
    rows.push(row);
    await page.getByTestId('nav-train').click();
    await page
      .getByRole('button', { name: 'Dismiss' })
      .first()
      .click()
      .catch(() => undefined);
  }
  await context.close();
  const wins = rows.filter((r) => r.augmented !== null && r.plain !== null && r.augmented > r.plain).length;
  return {
    results: { rows, wins },
    table: {
      columns: [
        'seed',
        'plain: test accuracy',
        'plain: best epoch',
        'plain: val_loss min → last',
        'augmented + Dropout: test accuracy',
        'augmented: best epoch',
        'both runs, s',
      ],
      rows: rows.map((r) => [
        r.seed,
        r.plain?.toFixed(3) ?? '–',
        r.plainBest ?? '–',
        `${r.plainValLoss.min.toFixed(3)} → ${r.plainValLoss.last.toFixed(3)}`,
        r.augmented?.toFixed(3) ?? '–',
        r.augmentedBest ?? '–',
        Math.round(r.seconds),
      ]),
    },
    notes: [
      `The augmented run's test accuracy is higher for ${wins} of ${rows.length} seeds (the bar: at least 4 of 5).`,
      'Shapes: 60 tidy training images per class (upright within ±8°, one size), 40 validation and 100 test images per class from the wild (±40°, sizes within 1.7x); the model gets 32x32x3.',
      "The plain run memorises the tidy images: its val_loss reaches its minimum early and then rises while its training loss keeps falling ('min → last'); the augmented run keeps improving for longer.",
    ],
  };
}
