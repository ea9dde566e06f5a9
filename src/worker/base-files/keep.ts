// Keras' base weight files kept in the browser so they are downloaded (or picked) once (keeper.ts: OPFS or
// IndexedDB). The bytes are kept as the file was (58.9 MB for VGG16, not re-encoded) and checked again on every
// load, so a file damaged on disk is refused too.
import type { KeptBaseFile } from '../../model/base-files';
import { createKeeper } from './keeper';

const keeper = createKeeper<KeptBaseFile>({ db: 'convnet-lab-base-weights', dir: 'base-weights' });

/** Keeps a checked file; replaces an earlier copy of the same file. Throws when the browser refuses the space. */
export const keepBaseFile = (info: Omit<KeptBaseFile, 'where' | 'keptAt'>, bytes: Uint8Array): Promise<KeptBaseFile> =>
  keeper.keep(info, bytes);

export const keptBaseFiles = (): Promise<KeptBaseFile[]> => keeper.list();

/** A kept file's bytes, or null when it is not kept (or its bytes went missing: then it is forgotten). */
export const keptBaseBytes = (fileName: string): Promise<Uint8Array | null> => keeper.bytes(fileName);

export const removeBaseFile = (fileName: string): Promise<void> => keeper.remove(fileName);
