// Files kept in the browser so they are added once: the bytes in the origin private file system (OPFS) where
// the browser has it, else in IndexedDB; what each file is (its record) always in IndexedDB, written last, so a
// half-written file is never listed. One keeper per kind of file: Keras' base weights (keep.ts), TF.js bases
// (tfjs-keep.ts).
import { lazyDatabase } from '../../data/indexed-db';

/** What every kept record carries: its key, where its bytes are, when it was kept. */
export interface KeptRecord {
  fileName: string;
  where: 'opfs' | 'indexeddb';
  keptAt: number;
}

const META = 'files';
const BYTES = 'bytes';

async function opfsDir(name: string): Promise<FileSystemDirectoryHandle | null> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null;
    return await (await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true });
  } catch {
    return null;
  }
}

/**
 * OPFS files are written through a sync access handle (workers only) or createWritable, whichever exists, into
 * `<name>.partial`, then renamed: an earlier copy of the same file stays whole until the new one is.
 */
async function writeOpfs(dir: FileSystemDirectoryHandle, name: string, bytes: Uint8Array): Promise<boolean> {
  const partial = `${name}.partial`;
  try {
    const handle = await dir.getFileHandle(partial, { create: true });
    const sync = (handle as { createSyncAccessHandle?: () => Promise<SyncHandle> }).createSyncAccessHandle;
    if (sync) {
      const access = await sync.call(handle);
      try {
        access.truncate(0);
        if (access.write(bytes, { at: 0 }) !== bytes.length) throw new Error('short write');
        access.flush();
      } finally {
        access.close();
      }
    } else {
      const writable = await handle.createWritable();
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
    }
    await (handle as unknown as { move(parent: FileSystemDirectoryHandle, name: string): Promise<void> }).move(
      dir,
      name,
    );
    return true;
  } catch {
    await dir.removeEntry(partial).catch(() => undefined);
    return false;
  }
}

interface SyncHandle {
  truncate(size: number): void;
  write(bytes: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

export interface Keeper<R extends KeptRecord> {
  keep(info: Omit<R, 'where' | 'keptAt'>, bytes: Uint8Array): Promise<R>;
  list(): Promise<R[]>;
  /** A kept file's record, or null. */
  record(fileName: string): Promise<R | null>;
  /** Its bytes, or null when it is not kept (or its bytes went missing: then it is forgotten). */
  bytes(fileName: string): Promise<Uint8Array | null>;
  remove(fileName: string): Promise<void>;
}

export function createKeeper<R extends KeptRecord>(options: { db: string; dir: string }): Keeper<R> {
  const db = lazyDatabase({
    name: options.db,
    version: 1,
    upgrade: (d) => {
      d.createObjectStore(META, { keyPath: 'fileName' });
      d.createObjectStore(BYTES);
    },
  });
  const dirOf = () => opfsDir(options.dir);
  const remove = async (fileName: string) => {
    const d = await db();
    await d.delete(META, fileName);
    await d.delete(BYTES, fileName);
    const dir = await dirOf();
    await dir?.removeEntry(fileName).catch(() => undefined);
  };
  return {
    /** Keeps a checked file; replaces an earlier copy of the same file. Throws when the browser refuses the space. */
    async keep(info, bytes) {
      const dir = await dirOf();
      const inOpfs = dir !== null && (await writeOpfs(dir, info.fileName, bytes));
      const d = await db();
      // Only one copy of the bytes: a file once kept in IndexedDB and now in OPFS (or the other way) loses the old one.
      if (inOpfs) await d.delete(BYTES, info.fileName);
      else {
        await d.put(BYTES, bytes, info.fileName);
        await dir?.removeEntry(info.fileName).catch(() => undefined);
      }
      const kept = { ...info, where: inOpfs ? 'opfs' : 'indexeddb', keptAt: Date.now() } as R;
      await d.put(META, kept);
      return kept;
    },
    list: async () => (await (await db()).getAll(META)) as R[],
    record: async (fileName) => ((await (await db()).get(META, fileName)) as R | undefined) ?? null,
    async bytes(fileName) {
      const d = await db();
      const meta = (await d.get(META, fileName)) as R | undefined;
      if (!meta) return null;
      let bytes: Uint8Array | null = null;
      if (meta.where === 'opfs') {
        const dir = await dirOf();
        const file = await dir
          ?.getFileHandle(fileName)
          .then((h) => h.getFile())
          .catch(() => null);
        if (file) bytes = new Uint8Array(await file.arrayBuffer());
      } else {
        bytes = ((await d.get(BYTES, fileName)) as Uint8Array | undefined) ?? null;
      }
      if (!bytes) await remove(fileName);
      return bytes;
    },
    remove,
  };
}
