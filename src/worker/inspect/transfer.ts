// The buffers of a result's typed arrays, for postMessage / Comlink.transfer:
// the inspect results are fresh copies, so moving them (not cloning) is safe
// and spares a copy of e.g. 4 MB of feature maps.
export function transferables(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) transferables(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, found);
  return [...found];
}
