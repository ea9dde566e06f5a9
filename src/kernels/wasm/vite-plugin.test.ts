import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { tfjsWasmThreadsPlugin } from './vite-plugin';

type Transform = (this: { error: (m: string) => never }, code: string, id: string) => { code: string } | null;
const transform = tfjsWasmThreadsPlugin().transform as unknown as Transform;
const context = {
  error: (message: string): never => {
    throw new Error(message);
  },
};
const threadedPath = createRequire(import.meta.url).resolve(
  '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
);

describe('tfjsWasmThreadsPlugin', () => {
  it('removes the closure reference that kills WASM threads in a minified build', () => {
    const original = readFileSync(threadedPath, 'utf8');
    expect(original).toContain('typeof _scriptDir !== "undefined" && _scriptDir');
    const out = transform.call(context, original, threadedPath);
    // The thread bootstrap (factory.toString() run in a fresh worker) must not read the enclosing closure.
    const factoryStart = out!.code.indexOf('function(WasmBackendModuleThreadedSimd)');
    expect(factoryStart).toBeGreaterThan(0);
    expect(out!.code.slice(factoryStart)).not.toContain('scriptDirectory=_scriptDir');
    expect(original.length - out!.code.length).toBe(
      'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}'.length,
    );
  });

  it('leaves every other file alone', () => {
    expect(transform.call(context, 'const a = 1;', '/x/node_modules/@tensorflow/tfjs-core/dist/index.js')).toBeNull();
  });

  it('fails the build loudly if tfjs-wasm changes under it', () => {
    expect(() => transform.call(context, 'var x = 1;', threadedPath)).toThrow(/tfjs-backend-wasm changed/);
  });
});
