import { describe, expect, it } from 'vitest';
import { explainBackendError } from './backend-failure';

describe('a backend failure in words', () => {
  it('"remainder by zero" on WASM says the run grew past its memory, and what to change', () => {
    const f = explainBackendError('remainder by zero', 'wasm');
    expect(f.kind).toBe('out-of-memory');
    expect(f.message).toMatch(/^Training stopped on WASM: .*memory can address/);
    expect(f.message).toContain('(the library said: "remainder by zero")');
    expect(f.fix).toContain('MaxPooling2D');
    expect(f.fix).toContain('smaller batch');
  });

  it('other traps and allocation failures say the same, GPU limits too', () => {
    for (const raw of [
      'memory access out of bounds',
      'RuntimeError: unreachable',
      'Array buffer allocation failed',
      'Buffer size (4294967296) exceeds the max buffer size limit (2147483648).',
      'Requested texture size [70000x1] greater than WebGL maximum on this browser / GPU [16384x16384].',
    ])
      expect(explainBackendError(raw, 'webgpu').kind, raw).toBe('out-of-memory');
  });

  it('a kernel a backend lacks says which, and how to go on', () => {
    // tfjs-backend-wasm 4.22 has no 3D convolution (the lab builds none; the message is the library's own).
    const f = explainBackendError("Kernel 'Conv3D' not registered for backend 'wasm'", 'wasm');
    expect(f.kind).toBe('backend-unavailable');
    expect(f.message).toMatch(/^Training stopped on WASM: .*\(Conv3D\)/);
    expect(f.fix).toMatch(/another backend/);
  });
  it('never leaves a raw message alone: an unknown one is said to be unknown, with what to try', () => {
    const f = explainBackendError('foo is not a function', 'cpu');
    expect(f.kind).toBe('unknown');
    expect(f.message).toBe(
      'Training failed on CPU with an error the lab does not recognise (the library said: "foo is not a function").',
    );
    expect(f.fix).toContain('another backend');
  });
});
