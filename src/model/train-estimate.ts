// Before training: what the run will hold and how long an epoch takes (train-memory.ts, train-speed.ts),
// and, when it will not fit what a browser gives, what to change, with the numbers each change gives.
import type { Architecture } from './layers';
import type { BackendName } from './training';
import { withCommas } from './format';
import { inferSummary } from './infer';
import {
  BROWSER_SAFE_BYTES,
  WASM32_LIMIT_BYTES,
  estimateMemory,
  type MemoryEstimate,
  type MemoryInput,
} from './train-memory';

/** "1.2 GB", "340 MB": 1024-based, as the browser's task manager counts. */
export function bytesText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export interface SizeWarning {
  /** 'too-big': past what the backend can address at all; 'risky': past what a browser usually gives. */
  level: 'too-big' | 'risky';
  text: string;
}

const POOLS = new Set(['MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D']);
const HOST: ReadonlySet<BackendName> = new Set(['wasm', 'cpu']);

/** The biggest Dense layer's share of the parameters, when it is most of them (a Dense after a big Flatten). */
function bigDense(arch: Architecture): { name: string; params: number; total: number } | null {
  const summary = inferSummary(arch);
  const rows = summary.rows.filter((r) => r.type === 'Dense' && r.params !== null);
  const top = rows.sort((a, b) => b.params! - a.params!)[0];
  return top && top.params! > summary.totalParams / 2
    ? { name: top.name, params: top.params!, total: summary.totalParams }
    : null;
}

/**
 * Null when the run fits (the backend's part under ~2 GB); else what happens and the changes that help,
 * each with what the run would then hold.
 */
export function sizeWarning(input: MemoryInput, estimate: MemoryEstimate): SizeWarning | null {
  if (estimate.backend <= BROWSER_SAFE_BYTES) return null;
  const { arch } = input;
  const tooBig = HOST.has(input.backend) && estimate.backend > WASM32_LIMIT_BYTES;
  const what = tooBig
    ? `This run needs about ${bytesText(estimate.backend)} of ${input.backend === 'wasm' ? 'WebAssembly' : 'page'} memory, more than the 4 GB a browser can give it at all: it would fail partway (WASM then reports a bare error such as "remainder by zero").`
    : `This run needs about ${bytesText(estimate.backend)} for its tensors; a browser tab usually gets 1-2 GB before an allocation fails.`;
  const fixes: string[] = [];
  const hasConv = arch.layers.some((l) => l.type === 'Conv2D');
  if (hasConv && !arch.layers.some((l) => POOLS.has(l.type)))
    fixes.push(
      'add MaxPooling2D after each Conv2D, as the MNIST convnet does: each halves the feature maps, and the Flatten with them',
    );
  const dense = bigDense(arch);
  if (dense)
    fixes.push(
      `the ${dense.name} layer holds ${withCommas(dense.params)} of the ${withCommas(dense.total)} parameters (x4 for weights, gradients and the optimizer): pooling or a smaller input shrinks the Flatten before it`,
    );
  const { height, width } = arch.input;
  if (height >= 16 && width >= 16) {
    const half = { ...arch, input: { ...arch.input, height: Math.round(height / 2), width: Math.round(width / 2) } };
    const smaller = estimateMemory({ ...input, arch: half });
    if (smaller)
      fixes.push(
        `a smaller input: at ${half.input.height}x${half.input.width} it would need ${bytesText(smaller.backend)}`,
      );
  }
  if (estimate.imagesAtOnce > 1 && estimate.activations > estimate.backend / 2) {
    const batch = Math.max(1, Math.floor(estimate.imagesAtOnce / 4));
    const fewer = estimateMemory({ ...input, batchSize: batch });
    if (fewer) fixes.push(`a smaller batch: ${batch} would need ${bytesText(fewer.backend)}`);
  }
  return {
    level: tooBig ? 'too-big' : 'risky',
    text: `${what} To make it fit: ${fixes.join('; ') || 'a smaller model'}.`,
  };
}
