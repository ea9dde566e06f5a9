// The depthwise input gradient as one forward depthwise convolution that tfjs-wasm's own kernel (XNNPACK,
// SIMD) runs: dx = depthwise(dy spread out with stride−1 zeros between its pixels, the filter turned 180°),
// padded by filter−1−pad on each side (README.md, "Input gradient", with one channel per group). Channel
// multiplier 1 only (every Keras DepthwiseConv2D in the bases); the loop in depthwise-backprop.ts does the rest.
import type { backend_util, TensorInfo } from '@tensorflow/tfjs';
import { dispose, heapId, type WasmBackend } from './wasm-internals';

type Shape4 = [number, number, number, number];

const cFunctions = new WeakMap<object, (...args: number[]) => void>();

/** tfjs-wasm's `DepthwiseConv2dNative` export: 19 numbers, see kernels/DepthwiseConv2dNative.js in tfjs-backend-wasm 4.22. */
function depthwiseForward(backend: WasmBackend): (...args: number[]) => void {
  let f = cFunctions.get(backend.wasm);
  if (!f) {
    const wrapped = backend.wasm.cwrap('DepthwiseConv2dNative', null, Array<string>(19).fill('number'));
    f = (...args: number[]) => wrapped(...args);
    cFunctions.set(backend.wasm, f);
  }
  return f;
}

function padsOf(info: backend_util.Conv2DInfo) {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: fh, filterWidth: fw, padInfo } = info;
  return {
    top: fh - 1 - padInfo.top,
    left: fw - 1 - padInfo.left,
    bottom: H + padInfo.top - ((OH - 1) * sh + 1),
    right: W + padInfo.left - ((OW - 1) * sw + 1),
  };
}

/** Channel multiplier 1, and no padding that would have to crop (negative: explicit pads wider than the filter). */
export function composedInputGradApplies(info: backend_util.Conv2DInfo): boolean {
  return info.outChannels === info.inChannels && Object.values(padsOf(info)).every((p) => p >= 0);
}

export function composedInputGrad(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: N, inChannels: C, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const pads = padsOf(info);
  const rotated = backend.makeOutput([fh, fw, C, 1], 'float32');
  {
    const w = backend.typedArrayFromHeap(filter);
    const r = backend.typedArrayFromHeap(rotated);
    for (let kh = 0; kh < fh; kh++)
      for (let kw = 0; kw < fw; kw++) {
        const to = (kh * fw + kw) * C;
        const from = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * C;
        r.set(w.subarray(from, from + C), to);
      }
  }
  const dx = backend.makeOutput(info.inShape, 'float32');
  const convolve = (source: TensorInfo, images: number, out: TensorInfo) => {
    const [, srcH, srcW] = source.shape as Shape4;
    depthwiseForward(backend)(
      heapId(backend, source),
      images,
      srcH,
      srcW,
      heapId(backend, rotated),
      fh,
      fw,
      pads.top,
      pads.right,
      pads.bottom,
      pads.left,
      /* isSamePad */ 0,
      /* dilation */ 1,
      1,
      /* stride */ 1,
      1,
      C,
      C,
      heapId(backend, out),
    );
  };
  if (sh === 1 && sw === 1) convolve(dy, N, dx);
  else {
    // The spread-out dy is ~s² times dy: a few images at a time, so it never holds more than spreadLimit
    // (block_1_depthwise at 224, batch 32, would otherwise hold 151 MB of it).
    const perImage = ((OH - 1) * sh + 1) * ((OW - 1) * sw + 1) * C;
    const chunk = Math.max(1, Math.min(N, Math.floor(spreadLimit.floats / perImage)));
    const dxPerImage = info.inHeight * info.inWidth * C;
    for (let n0 = 0; n0 < N; n0 += chunk) {
      const images = Math.min(chunk, N - n0);
      const source = spread(backend, dy, n0, images, [N, OH, OW, C], sh, sw);
      const out = images === N ? dx : backend.makeOutput([images, info.inHeight, info.inWidth, C], 'float32');
      convolve(source, images, out);
      if (out !== dx) {
        backend.typedArrayFromHeap(dx).set(backend.typedArrayFromHeap(out), n0 * dxPerImage);
        dispose(backend, out);
      }
      dispose(backend, source);
    }
  }
  dispose(backend, rotated);
  return dx;
}

/** The most spread-out dy held at once: 4M floats (16 MB); tests lower it to run several chunks. */
export const spreadLimit = { floats: 1 << 22 };

/** Images n0..n0+count of dy with s−1 zero rows and columns between their pixels: [count, (OH−1)·sh+1, (OW−1)·sw+1, C]. */
function spread(
  backend: WasmBackend,
  dy: TensorInfo,
  n0: number,
  count: number,
  [, OH, OW, C]: Shape4,
  sh: number,
  sw: number,
): TensorInfo {
  const H = (OH - 1) * sh + 1;
  const W = (OW - 1) * sw + 1;
  const out = backend.makeOutput([count, H, W, C], 'float32');
  const o = backend.typedArrayFromHeap(out);
  const d = backend.typedArrayFromHeap(dy);
  o.fill(0);
  for (let n = 0; n < count; n++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++) {
        const from = (((n0 + n) * OH + i) * OW + j) * C;
        o.set(d.subarray(from, from + C), ((n * H + i * sh) * W + j * sw) * C);
      }
  return out;
}
