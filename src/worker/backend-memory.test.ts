import { describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { hashText, inMemoryBackendMemory, memoryKey, modelKey, safeBackendMemory } from './backend-memory';

const layers: LayerConfig[] = [{ type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'softmax' }];
const arch = (units = 10): Architecture => ({
  input: { height: 28, width: 28, channels: 1 },
  numClasses: 10,
  layers: layers.map((l) => withId(l.type === 'Dense' ? { ...l, units } : l)),
});

describe('the remembered backend choice', () => {
  it('keys on the model shape and batch size, not on layer ids', () => {
    expect(modelKey(arch(), 32)).toBe(modelKey(arch(), 32)); // fresh ids each time
    expect(modelKey(arch(), 32)).not.toBe(modelKey(arch(), 64));
    expect(modelKey(arch(), 32)).not.toBe(modelKey(arch(12), 32));
    expect(memoryKey('webgl:NVIDIA', arch(), 32)).not.toBe(memoryKey('webgl:SwiftShader', arch(), 32));
    expect(hashText('abc')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('is stored, read back and forgotten', async () => {
    const m = inMemoryBackendMemory();
    await m.put('k', { backend: 'wasm', reason: 'r', trials: [], decidedAt: 5 });
    expect(await m.get('k')).toMatchObject({ backend: 'wasm' });
    await m.forget('k');
    expect(await m.get('k')).toBeNull();
  });

  it('a failing store means no memory, never a failed run', async () => {
    const broken = {
      get: () => Promise.reject(new Error('quota')),
      put: () => Promise.reject(new Error('quota')),
      forget: () => Promise.reject(new Error('x')),
    };
    const m = safeBackendMemory(broken);
    expect(await m.get('k')).toBeNull();
    await expect(m.put('k', { backend: 'wasm', reason: '', trials: [], decidedAt: 0 })).resolves.toBeUndefined();
    await expect(m.forget('k')).resolves.toBeUndefined();
  });
});
