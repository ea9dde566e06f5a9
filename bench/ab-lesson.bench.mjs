// The A/B lesson through the app: on the built-in shapes, the MNIST convnet
// "as is" against the same with augmentation and Dropout (the ab-button's
// default: 30 epochs each), for five seeds. Records each run's test accuracy
// (the kept checkpoint, lowest val_loss) and where the plain run's val_loss
// turned up. The lesson holds when the augmented run wins for at least 4 of 5 seeds.
/* global indexedDB -- it runs inside page.evaluate */
import { loadBuiltin } from './train.bench.mjs';

export const name = 'ab-lesson';
export const title =
  'The A/B lesson on shapes: test accuracy without and with augmentation + Dropout (30 and 100 epochs, WASM)';

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
  // README steps 1 and 2: Shapes, then the MNIST convnet, which keeps the loaded data's 32x32 colour input.
  await loadBuiltin(page, { dataset: 'shapes', preset: 'mnist-convnet', timeout: 5 * MINUTE });
  const input = await page.getByTestId('input-follows-data').textContent();
  log(input);
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
      epochs: [plain.settings.epochs, augmented.settings.epochs],
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
  const gains = rows.map((r) => (r.augmented !== null && r.plain !== null ? (r.augmented - r.plain) * 100 : null));
  const wins = gains.filter((g) => g !== null && g >= 5).length;
  const turned = rows.filter((r) => r.plainTurnsUp !== null && r.plainValLoss.last > r.plainValLoss.min).length;
  return {
    results: { rows, gains, wins, turned, input },
    table: {
      columns: [
        'seed',
        'plain: test accuracy',
        'plain: best epoch',
        'plain: val_loss min → last',
        'augmented + Dropout: test accuracy',
        'augmented: best epoch',
        'gain, points',
        'epochs (plain, augmented)',
        'both runs, s',
      ],
      rows: rows.map((r) => [
        r.seed,
        r.plain?.toFixed(3) ?? '–',
        r.plainBest ?? '–',
        `${r.plainValLoss.min.toFixed(3)} → ${r.plainValLoss.last.toFixed(3)}`,
        r.augmented?.toFixed(3) ?? '–',
        r.augmentedBest ?? '–',
        gains[rows.indexOf(r)]?.toFixed(1) ?? '–',
        r.epochs.join(', '),
        Math.round(r.seconds),
      ]),
    },
    notes: [
      `The augmented run's test accuracy is at least 5 points higher for ${wins} of ${rows.length} seeds (the bar: all of them); the smallest gain ${Math.min(...gains.filter((g) => g !== null)).toFixed(1)} points.`,
      `Followed as README lesson 2 says: Data -> Shapes, Model -> MNIST convnet (${input}), Train -> A/B at its defaults: the textbook's 30 epochs without and 100 with augmentation and Dropout; each run keeps its lowest-val_loss epoch, scored on test.`,
      `Shapes: ${'60'} tidy training images per class (upright within ±8°, 60-70% of the picture wide), 40 validation and 100 test images per class from the wild (±40°, 45-80% wide), drawn by the lab's seeded generator.`,
      `The plain run overfits for ${turned} of ${rows.length} seeds: its val_loss reaches its minimum early ('best epoch') and then rises while its training loss keeps falling ('min → last').`,
    ],
  };
}
