// The peer row: PyTorch (bench/peer_torch.py) trains the same two convnets on
// the same machine, so every tfjs training speed in the bench tables can also
// be read as a fraction of what a native framework does here. scripts/bench.mjs
// runs this module first and hands its results to the others (`peer`), which add
// a "÷ PyTorch" column with ratioToPeer(). Skipped, with a note, without torch.
/* global process, setTimeout, clearTimeout -- Node globals */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';

export const name = 'peer';
export const title = 'Peer: PyTorch on the same CPU (random data, RMSprop, batch 32)';

const MODEL_NAME = { 'mnist-convnet': 'MNIST convnet (28x28x1)', catsdogs: 'cats vs dogs (180x180x3)' };

/** The first of $PEER_PYTHON, python3, /usr/bin/python3 that imports torch (pyenv's python3 may lack the system's torch). */
export function findTorchPython() {
  const candidates = [process.env.PEER_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return null;
}

function runPython(py, args, log, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(py, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      for (const line of String(d).trim().split('\n')) if (line.startsWith('peer:')) log(`  ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out));
      else
        reject(
          new Error(
            `${py} bench/peer_torch.py ${signal ? `killed (${signal})` : `exited ${code}`}: ${err.trim().split('\n').at(-1) ?? ''}`,
          ),
        );
    });
  });
}

/** PyTorch's 2-thread (else best) images/s for `model` from this module's results, or null. */
export function peerSpeed(peer, model) {
  const runs = (peer?.runs ?? []).filter((r) => r.model === model);
  return (
    (runs.find((r) => r.threads === 2) ?? [...runs].sort((a, b) => b.imagesPerSecond - a.imagesPerSecond)[0])
      ?.imagesPerSecond ?? null
  );
}

/** tfjs images/s ÷ PyTorch's 2-thread images/s for the same model, or null when either is missing. */
export function peerRatio(peer, model, imagesPerSecond) {
  const p = peerSpeed(peer, model);
  return p && imagesPerSecond ? imagesPerSecond / p : null;
}

/** "0.23" (tfjs images/s ÷ PyTorch's 2-thread images/s), or "–" when either is missing. */
export function ratioToPeer(peer, model, imagesPerSecond) {
  const r = peerRatio(peer, model, imagesPerSecond);
  if (r === null) return '–';
  return r < 0.01 ? r.toFixed(4) : r.toFixed(2);
}

/** A note for the tables that use the peer: where its numbers came from. */
export function peerNote(peer) {
  if (!peer?.runs?.length)
    return '"÷ PyTorch": no PyTorch result in this run (python3 with torch not found), so no ratio.';
  const from =
    peer.sameRun === false
      ? ` (from the earlier run of ${peer.date ?? 'unknown date'}: this run did not include the peer)`
      : ' measured in this run';
  const load = peer.loadAverage1m?.[0];
  const overloaded =
    load > (peer.cores ?? 2)
      ? ` PyTorch ran on an overloaded machine (1-minute load ${load} on ${peer.cores} cores), which slows its 2-thread runs most: these ratios overstate tfjs.`
      : '';
  const refs = Object.entries(MODEL_NAME)
    .map(([m, label]) => [label, peerSpeed(peer, m)])
    .filter(([, v]) => v)
    .map(([label, v]) => `${label} ${v.toFixed(1)}`)
    .join(', ');
  return `"÷ PyTorch": images/s divided by PyTorch ${peer.torch}'s 2-thread images/s for the same model (${refs})${from} (see the peer table).${overloaded}`;
}

export async function run({ log }) {
  const py = findTorchPython();
  if (!py) {
    log('  no python3 with torch: peer skipped');
    return {
      results: { skipped: 'no python3 with torch (set PEER_PYTHON, or apt-get install python3-torch)', runs: [] },
      table: { columns: ['model', 'threads', 'images/s', 'ms/batch'], rows: [] },
      notes: [
        'Skipped: no python3 that imports torch (tried $PEER_PYTHON, python3, /usr/bin/python3). On Debian: `apt-get install python3-torch`.',
      ],
    };
  }
  const seconds = Number(process.env.PEER_SECONDS ?? 5);
  const loadBefore = os.loadavg()[0];
  const out = await runPython(
    py,
    ['bench/peer_torch.py', '--threads', '1,2', '--seconds', String(seconds)],
    log,
    10 * 60_000,
  );
  const load = [loadBefore, os.loadavg()[0]].map((l) => Number(l.toFixed(2)));
  const rows = out.runs.map((r) => [
    MODEL_NAME[r.model] ?? r.model,
    r.threads,
    r.batchSize,
    r.imagesPerSecond.toFixed(1),
    r.msPerBatch.toFixed(1),
    r.params,
    r.steps,
  ]);
  return {
    results: { python: py, ...out, date: new Date().toISOString(), loadAverage1m: load },
    table: { columns: ['model', 'threads', 'batch', 'images/s', 'ms/batch', 'params', 'timed steps'], rows },
    notes: [
      `PyTorch ${out.torch} (${py}) on ${out.cores} cores, eager mode, float32, NCHW: the textbook's MNIST convnet and the 180x180 cats-vs-dogs convnet (Rescaling, no augmentation), RMSprop (rho 0.9, eps 1e-7), random data, batch 32 for both. Warm-up steps first, then at least ${seconds} s of steps; images/s uses the median step. The 2-thread speed is the reference of the "÷ PyTorch" columns in the other tables.`,
      `1-minute load average before and after: ${load.join(' and ')} on ${out.cores} cores${load[0] > out.cores ? ' (an overloaded machine: the 2-thread runs suffer most, so these are far below what PyTorch does on an idle machine)' : ''}.`,
    ],
  };
}
