#!/usr/bin/env node
// `npm run build:kernels`: compiles src/kernels/wasm/native/lab_kernels.c into
// the two committed binaries (needs clang and wasm-ld: `apt-get install clang lld`).
// The module imports tfjs-wasm's memory, plain or shared (threaded build), so it
// is built once for each; then checks that it keeps off that memory's bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

// Plain names first, then Debian's versioned ones (clang-19, wasm-ld-19, ...).
const tool = (name) => [name, ...[21, 20, 19, 18, 17, 16].map((v) => `${name}-${v}`)].find((t) => ['/usr/bin', '/usr/local/bin'].some((d) => existsSync(`${d}/${t}`))) ?? name;
const clang = tool('clang');
const objdump = tool('llvm-objdump');
const wasmLd = tool('wasm-ld');

const dir = 'src/kernels/wasm/native';
const common = ['--target=wasm32', '-O3', '-msimd128', '-mbulk-memory', '-nostdlib', '-fno-builtin', '-Wall', '-Werror', '-Wl,--no-entry', '-Wl,--import-memory', '-Wl,--strip-debug', ...(wasmLd === 'wasm-ld' ? [] : [`-fuse-ld=/usr/bin/${wasmLd}`])];
const builds = [
  { out: `${dir}/lab-kernels.wasm`, flags: [] },
  { out: `${dir}/lab-kernels-shared.wasm`, flags: ['-matomics', '-Wl,--shared-memory', '-Wl,--max-memory=4294967296'] },
];

for (const { out, flags } of builds) {
  execFileSync(clang, [...common, ...flags, '-o', out, `${dir}/lab_kernels.c`], { stdio: 'inherit' });
  const sections = execFileSync(objdump, ['-h', out], { encoding: 'utf8' });
  if (/\bDATA\b/.test(sections)) throw new Error(`${out} has a data section: it would overwrite tfjs-wasm's memory.`);
  const code = execFileSync(objdump, ['-d', out], { encoding: 'utf8' });
  if (/global\.(get|set)/.test(code)) throw new Error(`${out} uses the C stack: it would overwrite tfjs-wasm's memory.`);
  console.log(`${out}: ${readFileSync(out).length} bytes`);
}
