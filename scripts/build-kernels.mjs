#!/usr/bin/env node
// `npm run build:kernels`: compiles src/kernels/wasm/native/lab_kernels.c into
// the two committed binaries (needs clang and wasm-ld: `apt-get install clang lld`).
// The module imports tfjs-wasm's memory, plain or shared (threaded build), so it
// is built once for each; then checks that it keeps off that memory's bytes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const dir = 'src/kernels/wasm/native';
const common = ['--target=wasm32', '-O3', '-msimd128', '-mbulk-memory', '-nostdlib', '-fno-builtin', '-Wall', '-Werror', '-Wl,--no-entry', '-Wl,--import-memory', '-Wl,--strip-debug'];
const builds = [
  { out: `${dir}/lab-kernels.wasm`, flags: [] },
  { out: `${dir}/lab-kernels-shared.wasm`, flags: ['-matomics', '-Wl,--shared-memory', '-Wl,--max-memory=4294967296'] },
];

for (const { out, flags } of builds) {
  execFileSync('clang', [...common, ...flags, '-o', out, `${dir}/lab_kernels.c`], { stdio: 'inherit' });
  const sections = execFileSync('llvm-objdump', ['-h', out], { encoding: 'utf8' });
  if (/\bDATA\b/.test(sections)) throw new Error(`${out} has a data section: it would overwrite tfjs-wasm's memory.`);
  const code = execFileSync('llvm-objdump', ['-d', out], { encoding: 'utf8' });
  if (/global\.(get|set)/.test(code)) throw new Error(`${out} uses the C stack: it would overwrite tfjs-wasm's memory.`);
  console.log(`${out}: ${readFileSync(out).length} bytes`);
}
