// Splits one native kernel call's work units between this thread and helper
// threads that run the same SIMD module on the same shared memory (threaded
// tfjs-wasm only). XNNPACK threads only its own convolutions; without this the
// gradient kernels would leave the other cores idle.
//
// Protocol over a small shared Int32Array (`ctrl`): the caller writes the
// kernel, its arguments, how many helpers take part (ACTIVE) and each one's
// range, bumps SEQ and wakes the helpers; it runs its own range, then waits
// until DONE counts every active helper. The pool starts with a helper per
// core beyond this one; how many of them work is set at run time
// (setPoolThreads), because the worker measures on the student's model
// whether more threads pay (worker/thread-trial.ts). Results do not depend
// on it: a work unit's sums never cross threads.
import type { NativeExports, NativeKernels } from './native';

export type NativeKernelName =
  | 'conv2d_forward'
  | 'conv2d_filter_grad'
  | 'conv2d_input_grad'
  | 'max_pool_grad_2x2'
  | 'sum_rows'
  | 'conv2d_forward_bias_act'
  | 'bias_relu_grad'
  | 'winograd_f23_forward'
  | 'winograd_f43_forward';
export const POOL_KERNELS: readonly NativeKernelName[] = [
  'conv2d_forward',
  'conv2d_filter_grad',
  'conv2d_input_grad',
  'max_pool_grad_2x2',
  'sum_rows',
  'conv2d_forward_bias_act',
  'bias_relu_grad',
  'winograd_f23_forward',
  'winograd_f43_forward',
];

export const CTRL = {
  SEQ: 0,
  KERNEL: 1,
  DONE: 2,
  ERROR: 3,
  ARGC: 4,
  ACTIVE: 5,
  ARGS: 8,
  RANGES: 40,
  LENGTH: 72,
} as const;
const MAX_ARGS = CTRL.RANGES - CTRL.ARGS;
export const MAX_HELPERS = (CTRL.LENGTH - CTRL.RANGES) / 2;

export interface KernelPool {
  ctrl: Int32Array;
  /** Helper threads started. */
  helpers: number;
  /** Helpers that take part in each call (0..helpers). */
  active: number;
}

const pools = new WeakMap<NativeKernels, KernelPool>();

export function attachPool(native: NativeKernels, pool: KernelPool): void {
  pools.set(native, pool);
}

export function poolOf(native: NativeKernels): KernelPool | null {
  return pools.get(native) ?? null;
}

/** Threads each kernel call runs on from now on (this one plus helpers), clamped to what the pool has; returns the count in effect. */
export function setPoolThreads(native: NativeKernels, threads: number): number {
  const pool = poolOf(native);
  if (!pool) return 1;
  pool.active = Math.max(0, Math.min(pool.helpers, Math.floor(threads) - 1));
  return pool.active + 1;
}

/** `units` cut into `parts` contiguous ranges whose sizes differ by at most one. */
export function splitUnits(units: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  const base = Math.floor(units / parts);
  const extra = units % parts;
  let at = 0;
  for (let p = 0; p < parts; p++) {
    const size = base + (p < extra ? 1 : 0);
    out.push([at, at + size]);
    at += size;
  }
  return out;
}

/** How many ranges runSplit cuts a call into now: kernels with per-thread scratch (Winograd) allocate this many slots. */
export function poolParts(native: NativeKernels): number {
  return (poolOf(native)?.active ?? 0) + 1;
}

// Every kernel gets (...args, begin, end, part): `part` is the range's index,
// which a kernel with scratch memory uses to pick its slot (the others have no
// such parameter, and WebAssembly drops extra arguments).
export function runSplit(native: NativeKernels, kernel: NativeKernelName, args: number[], units: number): void {
  if (units <= 0) return;
  const fn = native.exports[kernel as keyof NativeExports];
  const pool = poolOf(native);
  if (!pool || pool.active === 0 || units < 2 || args.length > MAX_ARGS) {
    fn(...args, 0, units, 0);
    return;
  }
  const { ctrl, active: helpers } = pool;
  const ranges = splitUnits(units, helpers + 1);
  ctrl[CTRL.KERNEL] = POOL_KERNELS.indexOf(kernel);
  ctrl[CTRL.ARGC] = args.length;
  ctrl[CTRL.ACTIVE] = helpers;
  ctrl.set(args, CTRL.ARGS);
  for (let h = 0; h < helpers; h++) ctrl.set(ranges[h + 1]!, CTRL.RANGES + 2 * h);
  Atomics.store(ctrl, CTRL.DONE, 0);
  Atomics.store(ctrl, CTRL.ERROR, 0);
  Atomics.add(ctrl, CTRL.SEQ, 1);
  Atomics.notify(ctrl, CTRL.SEQ);
  const [begin, end] = ranges[0]!;
  fn(...args, begin, end, 0);
  waitForHelpers(ctrl, helpers);
  if (Atomics.load(ctrl, CTRL.ERROR) !== 0) throw new Error(`The WASM kernel thread failed in ${kernel}.`);
}

function waitForHelpers(ctrl: Int32Array, helpers: number): void {
  // A short spin first: helpers usually finish within microseconds of us.
  for (let spin = 0; spin < 20_000; spin++) if (Atomics.load(ctrl, CTRL.DONE) >= helpers) return;
  for (;;) {
    const done = Atomics.load(ctrl, CTRL.DONE);
    if (done >= helpers) return;
    Atomics.wait(ctrl, CTRL.DONE, done, 1000);
  }
}

/** The helper side: blocks its thread forever, running its range of every call. */
export function serveKernels(exports: NativeExports, ctrl: Int32Array, index: number): never {
  let seen = Atomics.load(ctrl, CTRL.SEQ);
  for (;;) {
    Atomics.wait(ctrl, CTRL.SEQ, seen);
    const seq = Atomics.load(ctrl, CTRL.SEQ);
    if (seq === seen) continue;
    seen = seq;
    // Not taking part in this call: back to sleep, uncounted.
    if (index >= ctrl[CTRL.ACTIVE]!) continue;
    try {
      const fn = exports[POOL_KERNELS[ctrl[CTRL.KERNEL]!]!];
      const args = Array.from(ctrl.subarray(CTRL.ARGS, CTRL.ARGS + ctrl[CTRL.ARGC]!));
      fn(...args, ctrl[CTRL.RANGES + 2 * index]!, ctrl[CTRL.RANGES + 2 * index + 1]!, index + 1);
    } catch {
      Atomics.store(ctrl, CTRL.ERROR, 1);
    }
    Atomics.add(ctrl, CTRL.DONE, 1);
    Atomics.notify(ctrl, CTRL.DONE);
  }
}
