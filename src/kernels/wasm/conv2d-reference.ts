// Direct float64 loops for the two convolution gradients, straight from their
// definitions. Test-only: the tfjs CPU backend's own kernels take minutes on
// the presets' layer sizes, so those sizes are checked against these loops,
// which the small cases check against the CPU backend.
import { backend_util } from '@tensorflow/tfjs';

type Shape4 = [number, number, number, number];

function info(xShape: Shape4, filterShape: Shape4, strides: number | [number, number], pad: 'valid' | 'same' | number) {
  return backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad);
}

/** dW[kh,kw,c,o] = Σ_{n,i,j} x[n, i·sh+kh−top, j·sw+kw−left, c] · dy[n,i,j,o] */
export function filterGradReference(
  x: Float32Array,
  xShape: Shape4,
  dy: Float32Array,
  filterShape: Shape4,
  strides: number | [number, number],
  pad: 'valid' | 'same' | number,
): Float64Array {
  const v = info(xShape, filterShape, strides, pad);
  const [fh, fw, ci, co] = filterShape;
  const dW = new Float64Array(fh * fw * ci * co);
  for (let n = 0; n < v.batchSize; n++) {
    for (let i = 0; i < v.outHeight; i++) {
      for (let j = 0; j < v.outWidth; j++) {
        const g = ((n * v.outHeight + i) * v.outWidth + j) * co;
        for (let kh = 0; kh < fh; kh++) {
          const r = i * v.strideHeight + kh - v.padInfo.top;
          if (r < 0 || r >= v.inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const c = j * v.strideWidth + kw - v.padInfo.left;
            if (c < 0 || c >= v.inWidth) continue;
            const xb = ((n * v.inHeight + r) * v.inWidth + c) * ci;
            for (let k = 0; k < ci; k++) {
              const xv = x[xb + k]!;
              const wb = ((kh * fw + kw) * ci + k) * co;
              for (let o = 0; o < co; o++) dW[wb + o]! += xv * dy[g + o]!;
            }
          }
        }
      }
    }
  }
  return dW;
}

/** dx[n,r,c,k] = Σ over the outputs (i,j) whose window covers (r,c) of dy[n,i,j,o] · w[r−i·sh+top, c−j·sw+left, k, o] */
export function inputGradReference(
  dy: Float32Array,
  xShape: Shape4,
  w: Float32Array,
  filterShape: Shape4,
  strides: number | [number, number],
  pad: 'valid' | 'same' | number,
): Float64Array {
  const v = info(xShape, filterShape, strides, pad);
  const [fh, fw, ci, co] = filterShape;
  const dx = new Float64Array(xShape[0] * xShape[1] * xShape[2] * xShape[3]);
  for (let n = 0; n < v.batchSize; n++) {
    for (let i = 0; i < v.outHeight; i++) {
      for (let j = 0; j < v.outWidth; j++) {
        const g = ((n * v.outHeight + i) * v.outWidth + j) * co;
        for (let kh = 0; kh < fh; kh++) {
          const r = i * v.strideHeight + kh - v.padInfo.top;
          if (r < 0 || r >= v.inHeight) continue;
          for (let kw = 0; kw < fw; kw++) {
            const c = j * v.strideWidth + kw - v.padInfo.left;
            if (c < 0 || c >= v.inWidth) continue;
            const xb = ((n * v.inHeight + r) * v.inWidth + c) * ci;
            for (let k = 0; k < ci; k++) {
              const wb = ((kh * fw + kw) * ci + k) * co;
              let sum = 0;
              for (let o = 0; o < co; o++) sum += dy[g + o]! * w[wb + o]!;
              dx[xb + k]! += sum;
            }
          }
        }
      }
    }
  }
  return dx;
}
