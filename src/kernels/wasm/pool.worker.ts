// A kernel pool helper thread (kernel-threads-pool.ts): instantiates the lab's SIMD module on
// tfjs-wasm's shared memory, says it is ready, then serves calls until the
// training worker that started it ends.
import { serveKernels } from './kernel-threads-pool';
import type { NativeExports } from './native';

export interface PoolHelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: Int32Array;
  index: number;
}

self.onmessage = async (event: MessageEvent<PoolHelperStart>) => {
  const { module, memory, ctrl, index } = event.data;
  try {
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    self.postMessage({ ready: true });
    serveKernels(instance.exports as unknown as NativeExports, ctrl, index);
  } catch (error) {
    self.postMessage({ ready: false, error: error instanceof Error ? error.message : String(error) });
  }
};
