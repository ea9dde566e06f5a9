// The one way the lab opens an IndexedDB database, on the page and in its
// workers: a named database, its version, and the upgrade that brings an older
// copy (0: none yet) up to that version. Each database's name, version and
// upgrade must never change for what is already stored: students' datasets,
// runs and checkpoints live in them across updates of the lab.
//
// A failed open says why in words a student can act on (no IndexedDB in a
// private window, another tab holding an older version open, a newer lab in
// another tab), and is forgotten, so the next use tries again.
import { openDB, type IDBPDatabase } from 'idb';

export interface DbSchema {
  name: string;
  version: number;
  /** Creates what each version added since `oldVersion` (0 for a new database). */
  upgrade: (db: IDBPDatabase, oldVersion: number) => void;
}

/** Why the lab's storage could not be opened, in words for the student; `cause` holds the browser's error. */
export class StorageError extends Error {
  override name = 'StorageError';
}

const unavailable = (name: string) =>
  `This browser gives the lab no IndexedDB (a private window?), so "${name}" cannot be kept.`;
const blocked = (name: string) =>
  `Another tab of the lab keeps an older version of "${name}" open: close or reload that tab, then try again.`;

function explain(schema: DbSchema, error: unknown): StorageError {
  const message =
    (error as { name?: unknown } | null)?.name === 'VersionError'
      ? `"${schema.name}" was written by a newer version of the lab: reload this page to get it.`
      : `The lab could not open "${schema.name}" (${error instanceof Error ? error.message : String(error)}).`;
  return new StorageError(message, { cause: error });
}

/** Opens the database once (not shared: each call is a new connection). */
export function openDatabase(schema: DbSchema, onLost: () => void = () => {}): Promise<IDBPDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new StorageError(unavailable(schema.name)));
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    openDB(schema.name, schema.version, {
      upgrade: (db, oldVersion) => schema.upgrade(db, oldVersion),
      // An older connection elsewhere stops the upgrade until it closes: say so rather than wait unseen.
      blocked: () => {
        gaveUp = true;
        reject(new StorageError(blocked(schema.name)));
      },
      // A newer lab in another tab wants to upgrade: let it, and open again on the next use.
      blocking: (_current, _next, event) => {
        (event.target as IDBDatabase).close();
        onLost();
      },
      // The browser closed the connection (storage cleared, disk error): open again on the next use.
      terminated: onLost,
    }).then(
      (db) => (gaveUp ? db.close() : resolve(db)),
      (error: unknown) => reject(explain(schema, error)),
    );
  });
}

/**
 * This thread's connection to the database, opened on first use and shared by
 * later ones. A failed open, or a connection the browser or another tab
 * closed, is forgotten: the next call opens again.
 */
export function lazyDatabase(schema: DbSchema): () => Promise<IDBPDatabase> {
  let db: Promise<IDBPDatabase> | null = null;
  const forget = () => {
    db = null;
  };
  return () => {
    if (!db) {
      const opening = openDatabase(schema, forget);
      db = opening;
      opening.catch(() => {
        if (db === opening) forget();
      });
    }
    return db;
  };
}
