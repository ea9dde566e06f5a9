#!/usr/bin/env node
// `npm run build:kernels`: compiles src/kernels/wasm/native/lab_kernels.c and winograd.c into
// the four committed binaries (needs clang 16+ and wasm-ld: `apt-get install clang lld`,
// or Debian's versioned clang-19 / lld-19). The module imports tfjs-wasm's
// memory, plain or shared (threaded build), so it is built once for each; and
// once with plain SIMD and once with relaxed SIMD (fused multiply-add), which
// native.ts picks by feature detection. Then checks that each build keeps off
// that memory's bytes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * clang and llvm-objdump from one LLVM: Debian's versioned packages put them
 * in /usr/lib/llvm-N/bin (with a wasm-ld that clang finds beside itself) and
 * name only `clang-N` on PATH; a plain `clang` on PATH is used when there is none.
 */
function findToolchain() {
  for (let version = 25; version >= 16; version--) {
    const bin = `/usr/lib/llvm-${version}/bin`;
    if (['clang', 'wasm-ld', 'llvm-objdump'].every((tool) => existsSync(`${bin}/${tool}`))) {
      return { clang: `${bin}/clang`, objdump: `${bin}/llvm-objdump` };
    }
  }
  return { clang: 'clang', objdump: 'llvm-objdump' };
}

const { clang, objdump } = findToolchain();
const dir = 'src/kernels/wasm/native';
// One module from both files (simd.h holds what they share).
const sources = [`${dir}/lab_kernels.c`, `${dir}/winograd.c`];
const common = [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-mbulk-memory',
  '-nostdlib',
  '-fno-builtin',
  '-Wall',
  '-Werror',
  '-Wl,--no-entry',
  '-Wl,--import-memory',
  '-Wl,--strip-debug',
];
const memories = [
  { suffix: '', flags: [] },
  { suffix: '-shared', flags: ['-matomics', '-Wl,--shared-memory', '-Wl,--max-memory=4294967296'] },
];
// -mrelaxed-simd makes lab_kernels.c's MADD a relaxed fused multiply-add (__wasm_relaxed_simd__).
const simds = [
  { suffix: '', flags: [] },
  { suffix: '-relaxed', flags: ['-mrelaxed-simd'] },
];

/** Refuses a binary that would write tfjs-wasm's memory or miss (or wrongly use) relaxed SIMD; returns its multiply-add count. */
function check(file, relaxed) {
  const sections = execFileSync(objdump, ['-h', file], { encoding: 'utf8' });
  if (/\bDATA\b/.test(sections)) throw new Error(`${file} has a data section: it would overwrite tfjs-wasm's memory.`);
  const code = execFileSync(objdump, ['-d', file], { encoding: 'utf8' });
  if (/global\.(get|set)/.test(code))
    throw new Error(`${file} uses the C stack: it would overwrite tfjs-wasm's memory.`);
  // llvm-objdump 19 prints relaxed SIMD ops as <unknown>: f32x4.relaxed_madd is 0xfd 0x105 (LEB128 85 02); a later one may name it.
  const madds = (code.match(/\bfd 85 02\s+(<unknown>|f32x4\.relaxed_madd)/g) ?? []).length;
  if (relaxed && madds === 0) throw new Error(`${file} has no relaxed fused multiply-add: MADD did not switch.`);
  if (!relaxed && madds > 0) throw new Error(`${file} uses relaxed SIMD: it would not load in browsers without it.`);
  return madds;
}

console.log(`using ${clang}`);
const scratch = mkdtempSync(join(tmpdir(), 'lab-kernels-'));
for (const simd of simds) {
  for (const memory of memories) {
    const out = `${dir}/lab-kernels${memory.suffix}${simd.suffix}.wasm`;
    // Built in a scratch folder (same file name: wasm-ld records it) and copied over the committed binary only
    // once it passes: a refused build leaves the old one.
    const tmp = join(scratch, basename(out));
    execFileSync(clang, [...common, ...memory.flags, ...simd.flags, '-o', tmp, ...sources], { stdio: 'inherit' });
    let madds;
    try {
      madds = check(tmp, simd.suffix !== '');
    } finally {
      if (madds === undefined) unlinkSync(tmp);
    }
    copyFileSync(tmp, out);
    unlinkSync(tmp);
    console.log(`${out}: ${readFileSync(out).length} bytes${simd.suffix ? `, ${madds} f32x4.relaxed_madd` : ''}`);
  }
}
