import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyDatabase, openDatabase, StorageError, type DbSchema } from './indexed-db';

let names = 0;
/** A schema whose version 1 made 'a' and version 2 adds 'b', as the dataset database grew. */
const schema = (name: string, version: number, seen: number[] = []): DbSchema => ({
  name,
  version,
  upgrade(db, oldVersion) {
    seen.push(oldVersion);
    if (oldVersion < 1) db.createObjectStore('a');
    if (oldVersion < 2 && version >= 2) db.createObjectStore('b');
  },
});

afterEach(() => vi.unstubAllGlobals());

describe('openDatabase', () => {
  it('makes a new database from version 0 with every store its versions add', async () => {
    const seen: number[] = [];
    const db = await openDatabase(schema(`new-${names++}`, 2, seen));
    expect(seen).toEqual([0]);
    expect([...db.objectStoreNames].sort()).toEqual(['a', 'b']);
    db.close();
  });

  it('upgrades a kept database from its version and keeps what it holds', async () => {
    const name = `kept-${names++}`;
    const v1 = await openDatabase(schema(name, 1));
    await v1.put('a', 'a student run', 'run-1');
    v1.close();
    const seen: number[] = [];
    const v2 = await openDatabase(schema(name, 2, seen));
    expect(seen).toEqual([1]);
    expect(await v2.get('a', 'run-1')).toBe('a student run');
    expect(v2.objectStoreNames.contains('b')).toBe(true);
    v2.close();
  });

  it('says so when the browser has no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const opening = openDatabase(schema('none', 1));
    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toThrow(/no IndexedDB/);
  });

  it('says which tab to close when an older connection blocks the upgrade', async () => {
    const name = `blocked-${names++}`;
    // An older lab in another tab: it does not close on a version change.
    const old = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore('a') });
    await expect(openDatabase(schema(name, 2))).rejects.toThrow(/Another tab .* close or reload that tab/);
    old.close();
  });

  it('says to reload when a newer lab has upgraded the database', async () => {
    const name = `newer-${names++}`;
    (await openDatabase(schema(name, 2))).close();
    const opening = openDatabase(schema(name, 1));
    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toThrow(/newer version of the lab: reload/);
  });
});

describe('lazyDatabase', () => {
  it('opens once and shares the connection', async () => {
    const seen: number[] = [];
    const open = lazyDatabase(schema(`lazy-${names++}`, 1, seen));
    const [a, b] = await Promise.all([open(), open()]);
    expect(a).toBe(b);
    expect(await open()).toBe(a);
    expect(seen).toEqual([0]);
    a.close();
  });

  it('tries again after a failed open', async () => {
    const name = `retry-${names++}`;
    const old = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore('a') });
    const open = lazyDatabase(schema(name, 2));
    await expect(open()).rejects.toBeInstanceOf(StorageError);
    old.close();
    const db = await open();
    expect(db.version).toBe(2);
    db.close();
  });

  it('lets a newer version upgrade, and opens again on the next use', async () => {
    const name = `yield-${names++}`;
    const open = lazyDatabase(schema(name, 1));
    const first = await open();
    // A newer lab in another tab upgrades: this connection closes instead of blocking it.
    const newer = await openDatabase(schema(name, 2));
    expect(newer.version).toBe(2);
    newer.close();
    // The next use opens again, and says why version 1 cannot be opened any more.
    await expect(open()).rejects.toThrow(/newer version of the lab/);
    expect(first.version).toBe(1);
  });
});
