#!/usr/bin/env node
// `npm run bench`: builds the app, serves it, opens Chromium and runs every
// bench/*.bench.mjs module in it. Writes bench/results.json and docs/BENCHMARKS.md (the tables, then
// bench/gpu/README.md and the hand-written history in bench/history.md, verbatim).
// Naming: bench/ holds these Node drivers and their results; src/bench-page/
// is the in-browser code of bench.html that some of them drive.
// Each module exports `name`, `title` and `async run({ page, baseURL, log })`
// returning `{ results, table: { columns: string[], rows: (string|number)[][] }, notes?: string[] }`.
// `npm run bench -- ingest` runs only the modules whose name contains "ingest".
// `peer` (PyTorch, bench/peer.bench.mjs) runs first; every later module gets its
// results as `peer` (from this run, else the last run's with `sameRun: false`).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { chromiumArgs, findChromium } from './find-chromium.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4180);
const OUT_DIR = `.e2e-dist/bench-${PORT}`;
const baseURL = `http://localhost:${PORT}`;
const filter = process.argv.slice(2);

const log = (...a) => console.log('[bench]', ...a);

async function waitForServer(url, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`preview server did not start on ${url}`);
}

const modules = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
  // The peer (PyTorch) runs first: the training tables divide their speeds by its result of the same run.
  .sort((a, b) => Number(b === 'peer.bench.mjs') - Number(a === 'peer.bench.mjs'));
if (modules.length === 0) throw new Error('no bench/*.bench.mjs modules matched');

// A module that exports `sourcemap = true` (calm: it names the functions in a trace) gets a build with source maps; the code is the same.
const sourcemap = (await Promise.all(modules.map((f) => import(`../bench/${f}`)))).some((m) => m.sourcemap === true);
log('building…');
execFileSync(
  'npx',
  ['vite', 'build', '--logLevel', 'warn', '--outDir', OUT_DIR, '--emptyOutDir', ...(sourcemap ? ['--sourcemap'] : [])],
  { stdio: 'inherit' },
);
const server = spawn('npx', ['vite', 'preview', '--outDir', OUT_DIR, '--port', String(PORT), '--strictPort'], {
  stdio: 'ignore',
  detached: true,
});
const stopServer = () => {
  try {
    process.kill(-server.pid);
  } catch {
    /* already gone */
  }
};
process.on('exit', stopServer);

const executablePath = await findChromium();
if (!executablePath) throw new Error('No Chromium found (see npm run test:e2e for how to install one).');
const browser = await chromium.launch({ executablePath, args: chromiumArgs() });
// A filtered run (`npm run bench -- ingest`) updates its own benches and keeps the others' last results.
const previous = existsSync('bench/results.json') ? JSON.parse(readFileSync('bench/results.json', 'utf8')) : null;
const all = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: browser.version(),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  },
  benches: filter.length && previous?.benches ? { ...previous.benches } : {},
  tables: filter.length && previous?.tables ? { ...previous.tables } : {},
};
// Each table says when and on what it was measured, since a filtered run keeps the others'. A result from
// before this was recorded says only that it is no newer than the file it came from.
const whenOf = (date, machine, notAfter = false) => ({
  date,
  chromium: machine?.chromium ?? 'unknown',
  loadAverage: machine?.loadAverage ?? null,
  ...(notAfter ? { notAfter } : {}),
});
const whenLine = (w) =>
  w.notAfter
    ? `Measured on or before ${w.date.slice(0, 10)} (the file's last run then used Chromium ${w.chromium}).`
    : `Measured ${w.date.slice(0, 10)}, Chromium ${w.chromium}, load average at the start ${w.loadAverage?.join(', ') ?? 'unknown'}.`;
for (const [name, bench] of Object.entries(all.benches)) {
  if (bench.measured || !previous) continue;
  bench.measured = whenOf(previous.date, previous.machine, true);
  if (all.tables[name])
    all.tables[name] = all.tables[name].replace(/^(## [^\n]*\n)/, `$1\n${whenLine(bench.measured)}\n`);
}
let ranPeer = false;
try {
  await waitForServer(baseURL);
  for (const file of modules) {
    const mod = await import(`../bench/${file}`);
    log(`running ${mod.name}…`);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && log(`[page] ${m.text()}`));
    const t0 = Date.now();
    const peer = all.benches.peer ? { ...all.benches.peer, sameRun: ranPeer } : null;
    const out = await mod.run({ page, baseURL, log, browser, peer });
    if (mod.name === 'peer') ranPeer = true;
    await context.close();
    const measured = whenOf(new Date(t0).toISOString(), all.machine);
    all.benches[mod.name] = { ...out.results, seconds: Math.round((Date.now() - t0) / 1000), measured };
    const { columns, rows } = out.table;
    const md = [
      `## ${mod.title}`,
      '',
      whenLine(measured),
      '',
      `| ${columns.join(' | ')} |`,
      `|${columns.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ];
    if (out.notes?.length) md.push('', ...out.notes);
    all.tables[mod.name] = md.join('\n');
    console.log('\n' + md.join('\n') + '\n');
  }
} finally {
  await browser.close();
  stopServer();
}

mkdirSync('bench', { recursive: true });
writeFileSync('bench/results.json', JSON.stringify(all, null, 2) + '\n');
const m = all.machine;
// The real-GPU bench (npm run bench:gpu, Node + Dawn) is documented in bench/gpu/README.md, and its last result follows it.
const gpuNote = existsSync('bench/gpu/README.md') ? readFileSync('bench/gpu/README.md', 'utf8').trim() : '';
const gpuRuns = existsSync('bench/gpu/results.json')
  ? JSON.parse(readFileSync('bench/gpu/results.json', 'utf8'))
  : null;
const gpuTable = gpuRuns
  ? `\n\nLast run (${gpuRuns.date.slice(0, 10)}, ${gpuRuns.adapter}${gpuRuns.fallback ? ', software adapter' : ''}):\n\n| model | reads | batch | images/s | ms/batch |\n|---|---|---|---|---|\n${[...gpuRuns.runs.map((r) => `| ${r.model} | every ${r.readEvery} | ${r.batchSize} | ${r.imagesPerSecond.toFixed(1)} | ${r.msPerBatch.toFixed(2)} |`), ...(gpuRuns.transfer ?? []).map((r) => `| ${r.model} (pretrained base, inference) | every batch | ${r.batchSize} | ${r.imagesPerSecond.toFixed(1)} | ${r.msPerBatch.toFixed(2)} |`)].join('\n')}`
  : '';
// The measurement history (why the code is as it is, and how each number was measured) is hand-written in
// bench/history.md and copied verbatim after the tables, so a regeneration never loses it.
const history = existsSync('bench/history.md') ? readFileSync('bench/history.md', 'utf8').trim() : '';
writeFileSync(
  'docs/BENCHMARKS.md',
  `# Benchmarks\n\nWritten by \`npm run bench\` on ${all.date.slice(0, 10)}: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, no GPU unless stated. Each table says when it was measured, with which Chromium and the load average at its start (1, 5, 15 min): \`npm run bench -- NAME\` re-measures only the benches whose name holds NAME.\nRaw numbers: bench/results.json.\n\n${[...Object.values(all.tables), gpuNote + gpuTable, history].filter(Boolean).join('\n\n')}\n`,
);
log('wrote bench/results.json and docs/BENCHMARKS.md');
