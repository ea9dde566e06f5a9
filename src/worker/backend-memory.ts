// The remembered `auto` choice: once a trial has picked a backend for a model
// on this device, the next run of that model starts on it without a new trial.
// Kept by the worker in IndexedDB (its own database), keyed by the device (GPU
// adapter and WebGL renderer strings, core count) and the model's shape (a hash
// of the layer stack, input, classes and batch size), so a new GPU, a new
// browser flag or an edited model measures again.
import { lazyDatabase } from '../data/indexed-db';
import type { Architecture } from '../model/layers';
import type { BackendName, BackendTrial } from './protocol';

export interface RememberedChoice {
  backend: BackendName;
  reason: string;
  trials: BackendTrial[];
  /** ms since 1970 */
  decidedAt: number;
}

export interface BackendMemory {
  get(key: string): Promise<RememberedChoice | null>;
  put(key: string, choice: RememberedChoice): Promise<void>;
  forget(key: string): Promise<void>;
}

/**
 * FNV-1a, 32 bits, as 8 hex digits: short, stable, no crypto needed (a collision only costs a wrong
 * remembered backend, which the self-test still checks).
 */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The model's shape for the key: layer ids (random per edit session) are left out. */
export function modelKey(arch: Architecture, batchSize: number): string {
  const layers = arch.layers.map((l) => {
    const { id: _id, ...config } = l as typeof l & { id?: string };
    return config;
  });
  return hashText(JSON.stringify({ input: arch.input, numClasses: arch.numClasses, layers, batchSize }));
}

export const memoryKey = (device: string, arch: Architecture, batchSize: number): string =>
  `${device}|model:${modelKey(arch, batchSize)}`;

/** For tests, and where IndexedDB is missing (then a choice lasts while the worker lives). */
export function inMemoryBackendMemory(): BackendMemory {
  const map = new Map<string, RememberedChoice>();
  return {
    async get(key) {
      return map.get(key) ?? null;
    },
    async put(key, choice) {
      map.set(key, choice);
    },
    async forget(key) {
      map.delete(key);
    },
  };
}

const DB_NAME = 'convnet-lab-backend';
const STORE = 'choices';

export function indexedDbBackendMemory(): BackendMemory {
  const open = lazyDatabase({ name: DB_NAME, version: 1, upgrade: (d) => void d.createObjectStore(STORE) });
  return {
    async get(key) {
      const value = (await (await open()).get(STORE, key)) as RememberedChoice | undefined;
      // Hand-edited or stale storage must never break training: anything odd is no memory.
      return value &&
        typeof value.backend === 'string' &&
        typeof value.reason === 'string' &&
        Array.isArray(value.trials)
        ? value
        : null;
    },
    async put(key, choice) {
      await (await open()).put(STORE, choice, key);
    },
    async forget(key) {
      await (await open()).delete(STORE, key);
    },
  };
}

/** A failing IndexedDB (private window, quota) degrades to no memory, never to a failed run. */
export function safeBackendMemory(inner: BackendMemory): BackendMemory {
  return {
    get: (key) => inner.get(key).catch(() => null),
    put: (key, choice) => inner.put(key, choice).catch(() => undefined),
    forget: (key) => inner.forget(key).catch(() => undefined),
  };
}

export const defaultBackendMemory = (): BackendMemory =>
  typeof indexedDB !== 'undefined' ? safeBackendMemory(indexedDbBackendMemory()) : inMemoryBackendMemory();
