// MaxPoolGrad for the WASM backend: routes each dy to the first maximum of its
// window (the CPU backend's rule), scanning channels contiguously. tfjs-wasm's
// own kernel was the slowest step of a training batch (profile in README.md).
import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { nativeKernelsOf } from './native';
import { nativeMaxPoolGrad2x2 } from './native-routes';
import { gradientRoutes } from './routes';
import type { WasmBackend } from './wasm-internals';

export function maxPoolGradWasm(args: {
  inputs: MaxPoolGradInputs;
  backend: WasmBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const input = inputs.input as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;

  const plainTwoByTwo =
    filterHeight === 2 &&
    filterWidth === 2 &&
    strideHeight === 2 &&
    strideWidth === 2 &&
    top === 0 &&
    left === 0 &&
    outHeight * 2 <= inHeight &&
    outWidth * 2 <= inWidth;
  const native = nativeKernelsOf(backend);
  if (plainTwoByTwo && native && gradientRoutes.pool === 'auto')
    return nativeMaxPoolGrad2x2(native, backend, input, dy, info);
  const dx = backend.makeOutput(input.shape, 'float32');
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  if (plainTwoByTwo) {
    twoByTwo(x, g, out, batchSize, inHeight, inWidth, C, outHeight, outWidth);
    return dx;
  }
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  for (let n = 0; n < batchSize; n++) {
    for (let i = 0; i < outHeight; i++) {
      const rowStart = i * strideHeight - top;
      const r0 = Math.max(0, rowStart);
      const r1 = Math.min(inHeight, rowStart + filterHeight);
      for (let j = 0; j < outWidth; j++) {
        const colStart = j * strideWidth - left;
        const c0 = Math.max(0, colStart);
        const c1 = Math.min(inWidth, colStart + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const base = ((n * inHeight + r) * inWidth + c) * C;
            for (let d = 0; d < C; d++) {
              const v = x[base + d]!;
              if (v > best[d]!) {
                best[d] = v;
                bestAt[d] = base + d;
              }
            }
          }
        }
        const dyBase = ((n * outHeight + i) * outWidth + j) * C;
        for (let d = 0; d < C; d++) {
          const at = bestAt[d]!;
          if (at >= 0) out[at]! += g[dyBase + d]!;
        }
      }
    }
  }
  return dx;
}

/** The presets' pool (2×2, stride 2, windows inside the image): four candidates compared directly, ~2x faster. */
function twoByTwo(
  x: Float32Array,
  g: Float32Array,
  out: Float32Array,
  batch: number,
  H: number,
  W: number,
  C: number,
  OH: number,
  OW: number,
): void {
  const rowStride = W * C;
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const a = ((n * H + 2 * i) * W + 2 * j) * C;
        const b = a + C;
        const c = a + rowStride;
        const d = c + C;
        const gBase = ((n * OH + i) * OW + j) * C;
        for (let k = 0; k < C; k++) {
          // Strict ">" keeps the first maximum in row-major order, as the CPU backend does.
          let at = -1;
          let max = Number.NEGATIVE_INFINITY;
          let v = x[a + k]!;
          if (v > max) {
            max = v;
            at = a + k;
          }
          v = x[b + k]!;
          if (v > max) {
            max = v;
            at = b + k;
          }
          v = x[c + k]!;
          if (v > max) {
            max = v;
            at = c + k;
          }
          if (x[d + k]! > max) at = d + k;
          // A window with no maximum (all NaN or -Infinity) passes no gradient, like the CPU backend.
          if (at >= 0) out[at]! += g[gBase + k]!;
        }
      }
    }
  }
}

export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelFunc,
};
