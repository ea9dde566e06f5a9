#!/usr/bin/env node
// VGG16's convolutions at 180x180, layer by layer, one thread, in Node: tfjs-wasm's own FusedConv2D (XNNPACK)
// against the lab's Winograd F(2x2, 3x3) (src/kernels/wasm/native/winograd.c) on the same heap and inputs,
// taking turns call by call, best of N; GFLOP/s count a direct convolution's 2·N·OH·OW·O·9·C either way.
//   node --experimental-wasm-relaxed-simd scripts/winograd-speed.mjs [--batch=4] [--reps=3] [--build=relaxed|simd]
// (Node 22+ needs no flag.) The tile block is winograd.ts' tilesPerUnit for one thread unless --tb=N.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const batch = Number(arg('batch', 4));
const reps = Number(arg('reps', 3));
const build = arg('build', 'relaxed');
const fixedTb = Number(arg('tb', 0));

// [name, H (= W), C, O]: 'same' padding, stride 1, ReLU, as keras.applications.VGG16 at 180x180.
const layers = [
  ['block1_conv2', 180, 64, 64],
  ['block2_conv1', 90, 64, 128],
  ['block2_conv2', 90, 128, 128],
  ['block3_conv1', 45, 128, 256],
  ['block3_conv2', 45, 256, 256],
  ['block4_conv1', 22, 256, 512],
  ['block4_conv2', 22, 512, 512],
  ['block5_conv1', 11, 512, 512],
];

await tf.setBackend('wasm');
const backend = tf.backend();
const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
// Builds to compare (label=file.wasm ...), else the committed one; they take turns with XNNPACK.
const given = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((a) => a.split('='));
const committed = new URL(
  `../src/kernels/wasm/native/lab-kernels${build === 'relaxed' ? '-relaxed' : ''}.wasm`,
  import.meta.url,
);
const builds = await Promise.all(
  (given.length ? given : [[build, committed]]).map(async ([label, file]) => ({
    label,
    k: (await WebAssembly.instantiate(readFileSync(file), { env: { memory } })).instance.exports,
  })),
);
const off = (t) => backend.dataIdMap.get(t.dataId).memoryOffset;

/** winograd.ts' block size for one thread. */
function tilesPerUnit(tiles, channels) {
  const target = channels <= 64 ? 256 : 128;
  return Math.max(4, Math.ceil(tiles / Math.max(1, Math.ceil(tiles / target)) / 4) * 4);
}

// Both algorithms of each build: F(2x2, 3x3) (16 positions, 2x2 tiles) and F(4x4, 3x3) (36, 4x4).
const ALGOS = [
  { name: 'F(2x2,3x3)', fn: 'f23', tile: 2, positions: 16 },
  { name: 'F(4x4,3x3)', fn: 'f43', tile: 4, positions: 36 },
];
const variants = builds.flatMap((b) => ALGOS.map((a) => ({ ...a, label: `${b.label} ${a.name}`, k: b.k })));
const head = ['layer', 'batch', 'XNNPACK ms (GFLOP/s)', ...variants.map((v) => `${v.label} ms (GFLOP/s)`), 'best'];
console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
let totals = [0, ...variants.map(() => 0)];
for (const [name, H, C, O] of layers) {
  const x = tf.randomUniform([batch, H, H, C], 0, 1);
  const w = tf.randomNormal([3, 3, C, O], 0, 0.05);
  const b = tf.randomNormal([O], 0, 0.1);
  const xnn = () => tf.fused.conv2d({ x, filter: w, bias: b, strides: 1, pad: 'same', activation: 'relu' });
  const ref = xnn();
  const want = ref.dataSync();
  ref.dispose();
  const notes = [];
  const runs = variants.map((v) => {
    const tiles = batch * Math.ceil(H / v.tile) ** 2;
    const tb = fixedTb || tilesPerUnit(tiles, Math.max(C, O));
    const u = tf.zeros([v.positions * C * O]);
    const y = tf.zeros([batch, H, H, O]);
    const scratch = tf.zeros([v.positions * tb * (C + O)]);
    // The filter's transform is made once per filter tensor (winograd.ts keeps it), so it is left out of the times.
    v.k[`winograd_${v.fn}_filter`](off(w), off(u), C, O);
    const run = () => {
      const ptrs = [x, u, b, y, scratch].map(off);
      v.k[`winograd_${v.fn}_forward`](...ptrs, batch, H, H, C, H, H, O, 1, 1, tb, 1, 0, Math.ceil(tiles / tb), 0);
    };
    run();
    const got = y.dataSync();
    let maxDiff = 0;
    let maxRef = 0;
    for (let i = 0; i < want.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
      maxRef = Math.max(maxRef, Math.abs(want[i]));
    }
    notes.push(`${v.label}: tb ${tb}, rel. diff ${(maxDiff / maxRef).toExponential(1)}`);
    return { run, dispose: () => tf.dispose([u, y, scratch]) };
  });
  const ms = totals.map(() => Infinity);
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    xnn().dispose();
    ms[0] = Math.min(ms[0], performance.now() - t0);
    runs.forEach(({ run }, i) => {
      t0 = performance.now();
      run();
      ms[i + 1] = Math.min(ms[i + 1], performance.now() - t0);
    });
  }
  runs.forEach((r) => r.dispose());
  const gflop = (2 * batch * H * H * O * 9 * C) / 1e9;
  totals = totals.map((t, i) => t + ms[i]);
  console.log(
    `| ${name} ${H}x${H} ${C}→${O} | ${batch} | ${ms.map((m) => `${m.toFixed(0)} (${((1000 * gflop) / m).toFixed(1)})`).join(' | ')} | ${(ms[0] / Math.min(...ms.slice(1))).toFixed(2)}x XNNPACK's speed |`,
  );
  console.log(`  (${notes.join('; ')})`);
  tf.dispose([x, w, b]);
}
console.log(
  `| all | | ${totals.map((t) => t.toFixed(0)).join(' | ')} | ${(totals[0] / Math.min(...totals.slice(1))).toFixed(2)}x |`,
);
console.log(
  `${build} build, best of ${reps}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
