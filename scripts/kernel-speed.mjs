#!/usr/bin/env node
// Times the lab's WASM convolution kernels (src/kernels/wasm/native/) build
// against build in one process, on the presets' layers, one thread:
//   node --experimental-wasm-relaxed-simd scripts/kernel-speed.mjs [label=file.wasm ...] [--reps=N] [--only=mnist|catsdogs]
// (Node 22+ needs no flag.) Default builds: the committed SIMD and relaxed-SIMD
// ones (plain memory). The builds take turns, call by call, and each cell is
// the best of N calls, so a machine shared with other work slows them alike;
// ratios are to the first build.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const reps = Number(args.find((a) => a.startsWith('--reps='))?.slice(7) ?? 7);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const given = args.filter((a) => !a.startsWith('--')).map((a) => a.split('='));
const dir = new URL('../src/kernels/wasm/native/', import.meta.url);
const builds = given.length
  ? given.map(([label, file]) => ({ label, bytes: readFileSync(file) }))
  : [
      { label: 'simd', bytes: readFileSync(new URL('lab-kernels.wasm', dir)) },
      { label: 'relaxed', bytes: readFileSync(new URL('lab-kernels-relaxed.wasm', dir)) },
    ];

// [name, N, H, W, C, O]: 3x3 valid, stride 1, as every preset's Conv2D. Batch 32 (MNIST) and 8 (cats vs dogs, the bench's batch).
const layers = [
  ['mnist conv1 28x28 1->32', 32, 28, 28, 1, 32, 'mnist'],
  ['mnist conv2 13x13 32->64', 32, 13, 13, 32, 64, 'mnist'],
  ['mnist conv3 5x5 64->128', 32, 5, 5, 64, 128, 'mnist'],
  ['catsdogs conv1 180 3->32', 8, 180, 180, 3, 32, 'catsdogs'],
  ['catsdogs conv2 89 32->64', 8, 89, 89, 32, 64, 'catsdogs'],
  ['catsdogs conv3 43 64->128', 8, 43, 43, 64, 128, 'catsdogs'],
  ['catsdogs conv4 20 128->256', 8, 20, 20, 128, 256, 'catsdogs'],
  ['catsdogs conv5 9 256->256', 8, 9, 9, 256, 256, 'catsdogs'],
].filter((l) => !only || l[6] === only);

// x, dy, w, its transpose, then the output (y, dw or dx: at most the larger of x and dy).
const bytesNeeded =
  Math.max(
    ...layers.map(
      ([, N, H, W, C, O]) => 4 * (N * H * W * C + 2 * N * (H - 2) * (W - 2) * O + N * H * W * C + 3 * 9 * C * O),
    ),
  ) +
  (1 << 20);
const memory = new WebAssembly.Memory({ initial: Math.ceil(bytesNeeded / 65536) });
const instances = await Promise.all(
  builds.map(async (b) => (await WebAssembly.instantiate(b.bytes, { env: { memory } })).instance.exports),
);
const f32 = new Float32Array(memory.buffer);
const fill = (at, n) => {
  for (let i = 0; i < n; i++) f32[at / 4 + i] = Math.sin(i * 0.37 + at) * 0.5;
};

function best(fn) {
  fn();
  return (times) => {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  };
}

const rows = [];
for (const [name, N, H, W, C, O] of layers) {
  const OH = H - 2,
    OW = W - 2,
    K = 9 * C;
  const x = 1024,
    dy = x + 4 * N * H * W * C,
    w = dy + 4 * N * OH * OW * O,
    wt = w + 4 * K * O,
    out = wt + 4 * K * O;
  fill(x, N * H * W * C);
  fill(dy, N * OH * OW * O);
  fill(w, K * O);
  const conv = [N, H, W, C, OH, OW, O, 3, 3, 1, 1, 0, 0];
  const flops = 2 * N * OH * OW * O * K;
  const kernels = {
    forward: (k) => k.conv2d_forward(x, w, out, ...conv, 0, N),
    filter: (k) => k.conv2d_filter_grad(x, dy, out, ...conv, 0, 9 * Math.ceil(C / 4)),
    input: (k) => {
      k.transpose_filter(w, wt, K, O);
      k.conv2d_input_grad(dy, wt, out, ...conv, 0, N);
    },
  };
  for (const [kernel, call] of Object.entries(kernels)) {
    if (kernel === 'input' && C <= 3) continue; // a first layer's input gradient is never asked for (its input is the data)
    const timers = instances.map((k) => best(() => call(k)));
    const times = instances.map(() => []);
    for (let r = 0; r < reps; r++) timers.forEach((t, i) => t(times[i]));
    const ms = times.map((t) => Math.min(...t));
    rows.push({ name, kernel, ms, gflops: ms.map((m) => flops / m / 1e6) });
  }
}

const head = [
  'layer',
  'kernel',
  ...builds.map((b) => `${b.label} ms (GFLOP/s)`),
  ...builds.slice(1).map((b) => `${builds[0].label}/${b.label}`),
];
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
const totals = builds.map(() => 0);
for (const r of rows) {
  r.ms.forEach((m, i) => (totals[i] += m));
  console.log(
    `| ${[r.name, r.kernel, ...r.ms.map((m, i) => `${m.toFixed(2)} (${r.gflops[i].toFixed(1)})`), ...r.ms.slice(1).map((m) => (r.ms[0] / m).toFixed(2))].join(' | ')} |`,
  );
}
console.log(
  `| all | | ${totals.map((t) => t.toFixed(1)).join(' | ')} | ${totals
    .slice(1)
    .map((t) => (totals[0] / t).toFixed(2))
    .join(' | ')} |`,
);
console.log(
  `best of ${reps} calls each, builds taking turns; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
