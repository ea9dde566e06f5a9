// The one door to h5wasm (libhdf5 compiled to WebAssembly): HDF5 bytes in, a small reader out; a small writer in,
// HDF5 bytes out. Both the legacy Keras weight files (`*_notop.h5`) and Keras 3's `model.weights.h5` (inside a
// `.keras` zip) go through here. h5wasm's WASM is embedded in its module (~4 MB of JS), so it comes from our own
// origin in a chunk of its own, imported only when a file is read or written, and only in the training worker.
import { checkHdf5Bytes, H5FormatError } from './superblock';

type H5wasm = typeof import('h5wasm').default;
type H5Group = import('h5wasm').Group;
type H5Dataset = import('h5wasm').Dataset;

type H5Fs = NonNullable<typeof import('h5wasm').FS>;

let loading: Promise<{ lib: H5wasm; FS: H5Fs }> | null = null;

/** h5wasm and its in-memory file system, loaded once per thread. */
export function h5wasm(): Promise<{ lib: H5wasm; FS: H5Fs }> {
  loading ??= import('h5wasm').then(async (m) => {
    const module = await m.default.ready;
    return { lib: m.default, FS: module.FS as H5Fs };
  });
  return loading;
}

export interface H5Array {
  shape: number[];
  /** h5wasm's dtype string: '<f' float32, '<d' float64, '<i8' int64, ... */
  dtype: string;
  values: Float32Array;
}

/** Read access to an open file; paths are relative to the root ('' is the root, 'a/b' nested). */
export interface H5Reader {
  has(path: string): boolean;
  kind(path: string): 'group' | 'dataset' | 'other' | 'missing';
  keys(path: string): string[];
  /** An attribute as strings (fixed or variable length, bytes decoded as UTF-8); [] for an empty array. */
  strings(path: string, name: string): string[] | undefined;
  attributeNames(path: string): string[];
  /** A numeric dataset as float32 values (the weights' own dtype in Keras' files). */
  array(path: string): H5Array;
}

/** Write access to a new file. `group` makes intermediate groups as h5py does for names holding '/'. */
export interface H5Writer {
  group(path: string): void;
  strings(path: string, name: string, values: readonly string[]): void;
  /** One string as a scalar attribute (h5py's `attrs["backend"] = b"tensorflow"`). */
  text(path: string, name: string, value: string): void;
  float32(path: string, shape: readonly number[], values: Float32Array): void;
}

let counter = 0;
const scratchName = (kind: string) => `/${kind}-${Date.now().toString(36)}-${(counter++).toString(36)}.h5`;

/** Opens `bytes` as HDF5 and runs `read` on it; the scratch copy is gone afterwards whatever happened. */
export async function readH5<T>(bytes: Uint8Array, read: (file: H5Reader) => T, what = 'This file'): Promise<T> {
  checkHdf5Bytes(bytes, what);
  const { lib, FS } = await h5wasm();
  const name = scratchName('read');
  // canOwn: the scratch file is a view of the caller's bytes, not a second copy (58.9 MB for VGG16).
  const canOwn: object = { canOwn: true }; // a flag of Emscripten's FS that h5wasm's types leave out
  FS.writeFile(name, bytes, canOwn as { flags?: string });
  let file: import('h5wasm').File | null = null;
  try {
    try {
      file = new lib.File(name, 'r');
      file.keys();
    } catch {
      // libhdf5's own words here are a diagnostic stack and "name not defined": nothing a student can act on.
      throw new H5FormatError(`${what} is an HDF5 file that could not be opened: it is damaged. Get it again.`);
    }
    try {
      return read(reader(lib, file, what));
    } catch (e) {
      if (e instanceof H5FormatError) throw e;
      throw new H5FormatError(`${what} could not be read to the end: it is damaged. Get it again.`);
    }
  } finally {
    file?.close();
    FS.unlink(name);
  }
}

/** A new HDF5 file's bytes, laid out by `write`. */
export async function writeH5(write: (file: H5Writer) => void): Promise<Uint8Array> {
  const { lib, FS } = await h5wasm();
  const name = scratchName('write');
  try {
    const file = new lib.File(name, 'w');
    try {
      write(writer(file));
    } finally {
      file.close();
    }
    return FS.readFile(name);
  } finally {
    FS.unlink(name);
  }
}

function reader(lib: H5wasm, file: import('h5wasm').File, what: string): H5Reader {
  const entity = (path: string) => (path === '' ? file : file.get(path));
  const kind = (path: string): ReturnType<H5Reader['kind']> => {
    let e;
    try {
      e = entity(path);
    } catch {
      return 'missing';
    }
    if (!e) return 'missing';
    if (e instanceof lib.Group) return 'group';
    if (e instanceof lib.Dataset) return 'dataset';
    return 'other';
  };
  const group = (path: string): H5Group => {
    if (kind(path) !== 'group') throw new H5FormatError(`${what} has no group "${path}".`);
    return entity(path) as H5Group;
  };
  return {
    has: (path) => kind(path) !== 'missing',
    kind,
    keys: (path) => group(path).keys(),
    attributeNames: (path) => Object.keys((entity(path) as H5Group).attrs),
    strings(path, name) {
      const holder = entity(path) as H5Group | null;
      if (!holder || !(name in holder.attrs)) return undefined;
      return toStrings(holder.get_attribute(name, false));
    },
    array(path) {
      if (kind(path) !== 'dataset') throw new H5FormatError(`${what} has no dataset "${path}".`);
      const d = entity(path) as H5Dataset;
      const value = d.value;
      const shape = d.shape ?? [];
      if (!ArrayBuffer.isView(value) && typeof value !== 'number')
        throw new H5FormatError(`${what}: "${path}" is not numeric (${String(d.dtype)}).`);
      const values =
        value instanceof Float32Array
          ? value
          : Float32Array.from(typeof value === 'number' ? [value] : (value as unknown as ArrayLike<number>), Number);
      return { shape, dtype: String(d.dtype), values };
    },
  };
}

function toStrings(value: unknown): string[] {
  if (value == null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(toStrings);
  // An empty list saved by h5py is an empty float64 array: a layer with no weights.
  if (ArrayBuffer.isView(value) && (value as unknown as ArrayLike<number>).length === 0) return [];
  if (value instanceof Uint8Array) return [new TextDecoder().decode(value).replace(/\0+$/, '')];
  throw new H5FormatError(`An attribute holds ${Object.prototype.toString.call(value)} where names were expected.`);
}

function writer(file: import('h5wasm').File): H5Writer {
  const ensure = (path: string): H5Group => {
    let g: H5Group = file;
    let at = '';
    for (const part of path.split('/').filter(Boolean)) {
      at = at ? `${at}/${part}` : part;
      g = (file.get(at) as H5Group | null) ?? g.create_group(part);
    }
    return g;
  };
  const split = (path: string): [string, string] => {
    const cut = path.lastIndexOf('/');
    return cut < 0 ? ['', path] : [path.slice(0, cut), path.slice(cut + 1)];
  };
  return {
    group: (path) => void ensure(path),
    strings(path, name, values) {
      const holder = ensure(path);
      if (values.length === 0) {
        holder.create_attribute(name, new Float64Array(0), [0], '<d');
        return;
      }
      // h5py writes a list of bytes as fixed-length strings as long as the longest one.
      const width = Math.max(1, ...values.map((v) => new TextEncoder().encode(v).length));
      holder.create_attribute(name, [...values], [values.length], `A${width}`);
    },
    text(path, name, value) {
      ensure(path).create_attribute(name, value, [], `A${Math.max(1, new TextEncoder().encode(value).length)}`);
    },
    float32(path, shape, values) {
      const [parent, name] = split(path);
      ensure(parent).create_dataset({ name, data: values, shape: [...shape], dtype: '<f' });
    },
  };
}
