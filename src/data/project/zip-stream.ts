// The project zip, streamed both ways with fflate. Writing: each entry goes
// into the zip as it is read (JSON and weights deflated, images stored as they
// are: JPEG/PNG are compressed already) and the zip's bytes go straight to a
// sink (a file the student picked, or Blob parts of 16 MiB), so the archive is
// never built as one buffer. Reading: the file is read in chunks and unzipped
// as it comes, each entry's SHA-256 taken when it is complete; the manifest
// (written last, when every checksum is known) is then checked against them.
import { Unzip, UnzipInflate, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import {
  checkEntries,
  MANIFEST,
  parseManifest,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  ProjectFileError,
  sha256,
  type Manifest,
  type ManifestEntry,
} from './format';

export type ZipSink = (chunk: Uint8Array) => Promise<void> | void;

export class ProjectZipWriter {
  private readonly zip: Zip;
  private queue: Uint8Array[] = [];
  private failure: Error | null = null;
  private readonly entries: ManifestEntry[] = [];
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(private readonly sink: ZipSink) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else this.queue.push(chunk);
    });
  }

  /** Adds one entry (deflated unless `stored`) and passes the zip's bytes so far to the sink. */
  async add(name: string, bytes: Uint8Array, stored = false): Promise<void> {
    this.entries.push({ name, bytes: bytes.byteLength, sha256: await sha256(bytes) });
    const entry = stored ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    this.zip.add(entry);
    entry.push(bytes, true);
    await this.drain();
  }

  /** Writes the manifest last (it holds every entry's checksum) and ends the zip. */
  async finish(appVersion: string, created = new Date()): Promise<Manifest> {
    const manifest: Manifest = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      created: created.toISOString(),
      appVersion,
      entries: this.entries,
    };
    const entry = new ZipDeflate(MANIFEST, { level: 6 });
    this.zip.add(entry);
    entry.push(new TextEncoder().encode(JSON.stringify(manifest, null, 1)), true);
    this.zip.end();
    await this.drain();
    return manifest;
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunks = this.queue;
    this.queue = [];
    for (const c of chunks) {
      this.written += c.byteLength;
      await this.sink(c);
    }
  }
}

/** A sink gathering the zip into Blob parts of at most 16 MiB (the browser may keep large Blobs on disk). */
export function blobSink(): { sink: ZipSink; blob: () => Blob } {
  const parts: Blob[] = [];
  let pending: Uint8Array[] = [];
  let bytes = 0;
  const flush = () => {
    if (pending.length) parts.push(new Blob(pending as BlobPart[]));
    pending = [];
    bytes = 0;
  };
  return {
    sink: (c) => {
      pending.push(c);
      bytes += c.byteLength;
      if (bytes >= 16 * 2 ** 20) flush();
    },
    blob: () => {
      flush();
      return new Blob(parts, { type: 'application/zip' });
    },
  };
}

export interface OpenedZip {
  manifest: Manifest;
  entries: Map<string, Uint8Array>;
}

/**
 * Reads a project zip as a stream and checks it whole: a zip, with a manifest of this format and a version
 * this lab reads, every listed entry present with its size and checksum, nothing unlisted. Throws a
 * ProjectFileError saying why otherwise.
 */
export async function readProjectZip(
  file: Blob,
  onProgress: (read: number, total: number) => void = () => {},
): Promise<OpenedZip> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 0x03 || head[3] !== 0x04)
    throw new ProjectFileError('This file is not a zip, so not a Convnet Lab project (.zip).');
  const entries = new Map<string, Uint8Array>();
  const digests: Promise<void>[] = [];
  const found = new Map<string, { bytes: number; sha256: string }>();
  let failure: unknown = null;
  const unzip = new Unzip((f) => {
    if (f.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    f.ondata = (err, chunk, final) => {
      if (err) return void (failure ??= err);
      chunks.push(chunk);
      if (!final) return;
      const bytes = join(chunks);
      if (entries.has(f.name)) failure ??= new ProjectFileError(`“${f.name}” appears twice: the file is damaged.`);
      entries.set(f.name, bytes);
      digests.push(sha256(bytes).then((h) => void found.set(f.name, { bytes: bytes.byteLength, sha256: h })));
    };
    try {
      f.start();
    } catch (e) {
      failure ??= e;
    }
  });
  unzip.register(UnzipInflate);
  const reader = file.stream().getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      unzip.push(value);
      onProgress(read, file.size);
      if (failure) break;
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch (e) {
    failure ??= e;
  }
  await Promise.all(digests);
  if (failure)
    throw failure instanceof ProjectFileError
      ? failure
      : new ProjectFileError(
          `The zip could not be read (${failure instanceof Error ? failure.message : String(failure)}): the file is damaged.`,
        );
  const manifest = parseManifest(entries.get(MANIFEST));
  checkEntries(manifest, found);
  return { manifest, entries };
}

function join(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
