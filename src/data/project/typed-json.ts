// Checkpoints and epoch snapshots hold typed arrays (weights), which JSON
// cannot: each array's bytes go to one .bin beside the JSON, and the JSON
// names them by kind, offset and length. Decoding checks every reference, so
// a hand-edited or cut file is refused instead of reading past the numbers.
import { ProjectFileError } from './format';

const KINDS = { Float32Array, Int8Array, Uint8Array, Uint16Array, Int32Array } as const;
type Kind = keyof typeof KINDS;
interface Ref {
  $typed: Kind;
  offset: number;
  length: number;
}

export function encodeTyped(value: unknown): { json: Uint8Array; bin: Uint8Array } {
  const parts: Uint8Array[] = [];
  let at = 0;
  const walk = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v)) {
      const kind = (Object.keys(KINDS) as Kind[]).find((k) => v instanceof KINDS[k]);
      if (!kind) throw new Error(`Cannot save a ${v.constructor.name}`);
      // Aligned to 8 so each array can be read back as a view of its own type.
      const pad = (8 - (at % 8)) % 8;
      if (pad) parts.push(new Uint8Array(pad));
      at += pad;
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      parts.push(bytes);
      const ref: Ref = { $typed: kind, offset: at, length: (v as unknown as { length: number }).length };
      at += bytes.byteLength;
      return ref;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const json = new TextEncoder().encode(JSON.stringify(walk(value)));
  const bin = new Uint8Array(at);
  let o = 0;
  for (const p of parts) {
    bin.set(p, o);
    o += p.byteLength;
  }
  return { json, bin };
}

export function decodeTyped(name: string, parsed: unknown, bin: Uint8Array): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      if ('$typed' in r) {
        const Ctor = KINDS[r.$typed as Kind];
        const { offset, length } = r;
        if (
          !Ctor ||
          typeof offset !== 'number' ||
          typeof length !== 'number' ||
          !Number.isInteger(offset) ||
          !Number.isInteger(length) ||
          offset < 0 ||
          length < 0 ||
          offset % Ctor.BYTES_PER_ELEMENT !== 0 ||
          offset + length * Ctor.BYTES_PER_ELEMENT > bin.byteLength
        )
          throw new ProjectFileError(`“${name}” points outside its numbers: the file is damaged.`);
        // A copy: the array owns its bytes (the .bin may be freed, or transferred to the worker).
        const bytes = bin.slice(offset, offset + length * Ctor.BYTES_PER_ELEMENT);
        return new Ctor(bytes.buffer, 0, length);
      }
      return Object.fromEntries(Object.entries(r).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(parsed);
}
