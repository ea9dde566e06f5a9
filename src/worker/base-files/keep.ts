// Base weight files kept in the browser so they are downloaded (or picked) once: the file's bytes in the origin
// private file system (OPFS) where the browser has it, else in IndexedDB; what each file is (its KeptBaseFile)
// always in IndexedDB, written last, so a half-written file is never listed. The bytes are kept as the file was
// (58.9 MB for VGG16, not re-encoded) and checked again on every load, so a file damaged on disk is refused too.
import { lazyDatabase } from '../../data/indexed-db';
import type { KeptBaseFile } from '../../model/base-files';

const DB = 'convnet-lab-base-weights';
const META = 'files';
const BYTES = 'bytes';
const DIR = 'base-weights';

const db = lazyDatabase({
  name: DB,
  version: 1,
  upgrade: (d) => {
    d.createObjectStore(META, { keyPath: 'fileName' });
    d.createObjectStore(BYTES);
  },
});

async function opfsDir(): Promise<FileSystemDirectoryHandle | null> {
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return null;
    return await (await navigator.storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
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

/** Keeps a checked file; replaces an earlier copy of the same file. Throws when the browser refuses the space. */
export async function keepBaseFile(
  info: Omit<KeptBaseFile, 'where' | 'keptAt'>,
  bytes: Uint8Array,
): Promise<KeptBaseFile> {
  const dir = await opfsDir();
  const inOpfs = dir !== null && (await writeOpfs(dir, info.fileName, bytes));
  const d = await db();
  // Only one copy of the bytes: a file once kept in IndexedDB and now in OPFS (or the other way) loses the old one.
  if (inOpfs) await d.delete(BYTES, info.fileName);
  else {
    await d.put(BYTES, bytes, info.fileName);
    await dir?.removeEntry(info.fileName).catch(() => undefined);
  }
  const kept: KeptBaseFile = { ...info, where: inOpfs ? 'opfs' : 'indexeddb', keptAt: Date.now() };
  await d.put(META, kept);
  return kept;
}

export async function keptBaseFiles(): Promise<KeptBaseFile[]> {
  return (await (await db()).getAll(META)) as KeptBaseFile[];
}

/** A kept file's bytes, or null when it is not kept (or its bytes went missing: then it is forgotten). */
export async function keptBaseBytes(fileName: string): Promise<Uint8Array | null> {
  const d = await db();
  const meta = (await d.get(META, fileName)) as KeptBaseFile | undefined;
  if (!meta) return null;
  let bytes: Uint8Array | null = null;
  if (meta.where === 'opfs') {
    const dir = await opfsDir();
    const file = await dir
      ?.getFileHandle(fileName)
      .then((h) => h.getFile())
      .catch(() => null);
    if (file) bytes = new Uint8Array(await file.arrayBuffer());
  } else {
    bytes = ((await d.get(BYTES, fileName)) as Uint8Array | undefined) ?? null;
  }
  if (!bytes) await removeBaseFile(fileName);
  return bytes;
}

export async function removeBaseFile(fileName: string): Promise<void> {
  const d = await db();
  await d.delete(META, fileName);
  await d.delete(BYTES, fileName);
  const dir = await opfsDir();
  await dir?.removeEntry(fileName).catch(() => undefined);
}
