// Persisted or imported architectures may be stale or hand-edited: keep what
// is a known layer, fill missing fields from defaults, and never throw.
import type { ImageShape } from './shape';
import { sanitizeTfjsBase } from './bases/tfjs-base';
import {
  defaultLayer,
  LAYER_TYPES,
  withId,
  type Architecture,
  type LayerConfig,
  type LayerSpec,
  type LayerType,
} from './layers';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function sanitizeLayer(raw: unknown): LayerSpec | null {
  if (!isObject(raw) || typeof raw.type !== 'string' || !LAYER_TYPES.includes(raw.type as LayerType)) return null;
  if (raw.type === 'Base' && raw.base === 'tfjs') {
    const tfjs = sanitizeTfjsBase(raw);
    return tfjs && withId(tfjs, typeof raw.id === 'string' && raw.id ? raw.id : undefined);
  }
  const base = defaultLayer(raw.type as LayerType) as unknown as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(base)) if (key in raw) merged[key] = raw[key];
  const id = typeof raw.id === 'string' && raw.id ? raw.id : undefined;
  return withId(merged as unknown as LayerConfig, id);
}

function sanitizeInput(raw: unknown, fallback: ImageShape): ImageShape {
  if (!isObject(raw)) return fallback;
  const dim = (v: unknown, d: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? v : d;
  return {
    height: dim(raw.height, fallback.height, 1024),
    width: dim(raw.width, fallback.width, 1024),
    channels: raw.channels === 1 || raw.channels === 3 ? raw.channels : fallback.channels,
  };
}

export function sanitizeArchitecture(raw: unknown, fallback: Architecture): Architecture {
  if (!isObject(raw) || !Array.isArray(raw.layers)) return fallback;
  const layers = raw.layers.map(sanitizeLayer).filter((l): l is LayerSpec => l !== null);
  const seen = new Set<string>();
  const unique = layers.map((l) => (seen.has(l.id) ? withId(l) : (seen.add(l.id), l)));
  const n = raw.numClasses;
  return {
    input: sanitizeInput(raw.input, fallback.input),
    layers: unique,
    numClasses: typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= 1000 ? n : fallback.numClasses,
  };
}
