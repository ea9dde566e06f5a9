// Both convolution gradients have three exact routes (README.md): the lab's
// SIMD module on tfjs-wasm's heap ('native'), an XNNPACK convolution, or a
// matrix product plus a JS gather/scatter. 'auto' takes 'native' when the
// module loaded, else the cheaper XNNPACK route per layer; tests force each
// route so all stay correct on every shape.
export type GradientRoute = 'auto' | 'native' | 'convolution' | 'matmul';

/** pool and sum (and forward, below): 'auto' runs the native module where it applies, 'js' the JS loops (the fallback). */
export const gradientRoutes: {
  filter: GradientRoute;
  input: GradientRoute;
  pool: 'auto' | 'js';
  sum: 'auto' | 'js';
  forward: 'auto' | 'xnnpack';
  biasRelu: 'auto' | 'js';
  identity: 'auto' | 'copy';
  winograd: 'auto' | 'f2x2' | 'xnnpack';
} = {
  filter: 'auto',
  input: 'auto',
  pool: 'auto',
  sum: 'auto',
  /** Conv2D: 'auto' runs the native module where it applies, 'xnnpack' tfjs-wasm's own kernel (FusedConv2D's too). */
  forward: 'auto',
  /** LabBiasReluGrad (fused.ts): 'auto' runs the native module when loaded, 'js' a JS loop over the heap. */
  biasRelu: 'auto',
  /** Identity (identity.ts): 'auto' shares the input's buffer, 'copy' runs tfjs-wasm's own (a copy). */
  identity: 'auto',
  /**
   * FusedConv2D (winograd.ts): 'auto' runs 3x3 stride-1 layers as Winograd F(4x4, 3x3),
   * 'f2x2' as F(2x2, 3x3), 'xnnpack' tfjs-wasm's own kernel.
   */
  winograd: 'auto',
};

export function nativeMissing(kernel: string): Error {
  return new Error(`${kernel}: the native route was forced but the lab's SIMD kernels are not loaded on this backend.`);
}
