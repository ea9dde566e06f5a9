// The project file's format, pure: the manifest (format name, version, when
// and by which lab it was made, each entry's size and SHA-256), the entries'
// names, and the checks an opened file must pass before anything is applied.
// A file that fails says why in words a student can act on; nothing here
// touches storage, so a damaged, foreign or newer file can change nothing.

export const PROJECT_FORMAT = 'convnet-lab-project';
/** Bump when an older lab could not read what a newer one writes. */
export const PROJECT_VERSION = 1;
export const MANIFEST = 'manifest.json';
/** The student's setup (the saved-state table's keys), the runs' records and the dataset's record. */
export const SETUP = 'setup.json';
export const RUNS = 'runs.json';
export const DATASET = 'dataset.json';
/** A folder's original files live under this prefix, by their path in the folder. */
export const FILES_PREFIX = 'files/';
/** A run's kept checkpoints and snapshots: `runs/<runId>/kept.json`, their numbers in `kept.bin`. */
export const runEntry = (runId: string, part: string, ext: 'json' | 'bin') =>
  `runs/${encodeURIComponent(runId)}/${part}.${ext}`;

export interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof PROJECT_FORMAT;
  version: number;
  created: string;
  appVersion: string;
  entries: ManifestEntry[];
}

/** A file the lab will not open, and why (shown as is). */
export class ProjectFileError extends Error {
  override name = 'ProjectFileError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manifest checked field by field: a foreign file, a newer version or a hand-edit is refused by name. */
export function parseManifest(bytes: Uint8Array | undefined): Manifest {
  if (!bytes) throw new ProjectFileError('This zip is not a Convnet Lab project: it has no manifest.json.');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ProjectFileError('The project’s manifest.json is not valid JSON: the file is damaged.');
  }
  if (!isObject(raw) || raw.format !== PROJECT_FORMAT)
    throw new ProjectFileError('This zip is not a Convnet Lab project (its manifest names another format).');
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1)
    throw new ProjectFileError('The project’s manifest has no valid version number: the file is damaged.');
  if (raw.version > PROJECT_VERSION)
    throw new ProjectFileError(
      `This project was saved by a newer Convnet Lab (format version ${raw.version}; this lab reads up to ${PROJECT_VERSION}). Open it in the newer lab, or update this one (reload the page).`,
    );
  if (!Array.isArray(raw.entries)) throw new ProjectFileError('The project’s manifest lists no entries.');
  const entries = raw.entries.map((e): ManifestEntry => {
    if (
      !isObject(e) ||
      typeof e.name !== 'string' ||
      typeof e.bytes !== 'number' ||
      typeof e.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(e.sha256)
    )
      throw new ProjectFileError('The project’s manifest has an entry without a name, size or checksum.');
    return { name: e.name, bytes: e.bytes, sha256: e.sha256 };
  });
  return {
    format: PROJECT_FORMAT,
    version: raw.version,
    created: typeof raw.created === 'string' ? raw.created : '',
    appVersion: typeof raw.appVersion === 'string' ? raw.appVersion : '',
    entries,
  };
}

/** Every listed entry present with its size and checksum; nothing unlisted (a zip mixed with other files). */
export function checkEntries(manifest: Manifest, found: Map<string, { bytes: number; sha256: string }>): void {
  for (const e of manifest.entries) {
    const got = found.get(e.name);
    if (!got) throw new ProjectFileError(`The project is missing “${e.name}”: the file is incomplete or damaged.`);
    if (got.bytes !== e.bytes || got.sha256 !== e.sha256)
      throw new ProjectFileError(`“${e.name}” does not match its checksum: the file is damaged.`);
  }
  const listed = new Set(manifest.entries.map((e) => e.name));
  for (const name of found.keys())
    if (name !== MANIFEST && !listed.has(name))
      throw new ProjectFileError(`“${name}” is not listed in the manifest: the file was changed after it was saved.`);
  for (const required of [SETUP, RUNS, DATASET])
    if (!listed.has(required)) throw new ProjectFileError(`The project has no ${required}: the file is damaged.`);
}

/** An entry's JSON, or the reason it cannot be read. */
export function parseJsonEntry(name: string, bytes: Uint8Array | undefined): unknown {
  if (!bytes) throw new ProjectFileError(`The project is missing “${name}”.`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ProjectFileError(`“${name}” is not valid JSON: the file is damaged.`);
  }
}

/** Hex SHA-256 (crypto.subtle: the page, workers and Node all have it). */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The lab's version written into each manifest (package.json's; a unit test keeps them equal). */
export const LAB_VERSION = '0.1.0';
