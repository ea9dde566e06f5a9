// Vite plugin: lets tfjs-wasm's threaded build start its threads from a
// minified bundle. tfjs-wasm hands each thread the Emscripten factory as
// `factory.toString()` in a Blob; the factory reads `_scriptDir` from its
// enclosing closure behind a `typeof` guard, which the minifier turns into a
// plain reference, so every thread died with "ReferenceError: e is not defined".
// The line only matters for locating the .wasm file, which setWasmPaths does.
import type { Plugin } from 'vite';

const SCRIPT_DIR_GUARD = 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}';

export function tfjsWasmThreadsPlugin(): Plugin {
  return {
    name: 'convnet-lab:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').includes('tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'))
        return null;
      if (!code.includes(SCRIPT_DIR_GUARD)) {
        this.error(
          'tfjs-backend-wasm changed: the _scriptDir line this plugin removes is gone; check that WASM threads still start.',
        );
      }
      return { code: code.replace(SCRIPT_DIR_GUARD, ''), map: null };
    },
  };
}
