// The tfjs-wasm binaries and the lab's kernel module, served from this app's own origin by Vite (never a CDN).
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import labPlain from './native/lab-kernels.wasm?url';
import labShared from './native/lab-kernels-shared.wasm?url';
import labRelaxed from './native/lab-kernels-relaxed.wasm?url';
import labSharedRelaxed from './native/lab-kernels-shared-relaxed.wasm?url';
import type { KernelSimd } from './native';

export const wasmFileMap = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};

/** The lab's own SIMD kernels (native/lab_kernels.c), one build per kind of tfjs-wasm memory and instruction set. */
export const nativeKernelUrls: Record<KernelSimd, { plain: string; shared: string }> = {
  simd: { plain: labPlain, shared: labShared },
  relaxed: { plain: labRelaxed, shared: labSharedRelaxed },
};
