// The project file's reader against damaged and foreign files: each is refused with its reason, and a good
// file comes back entry for entry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { DATASET, LAB_VERSION, MANIFEST, PROJECT_VERSION, RUNS, SETUP, ProjectFileError } from './format';
import { blobSink, ProjectZipWriter, readProjectZip } from './zip-stream';
import { decodeTyped, encodeTyped } from './typed-json';
import { parseDatasetEntry } from './dataset-entry';

async function goodProject(extra: Record<string, Uint8Array> = {}): Promise<Blob> {
  const { sink, blob } = blobSink();
  const w = new ProjectZipWriter(sink);
  await w.add(SETUP, strToU8('{"presetId":null}'));
  await w.add(RUNS, strToU8('[]'));
  await w.add(DATASET, strToU8('null'));
  for (const [name, bytes] of Object.entries(extra)) await w.add(name, bytes, true);
  await w.finish(LAB_VERSION, new Date('2026-12-06T03:00:00Z'));
  return blob();
}

const zipBlob = (files: Record<string, Uint8Array>) => new Blob([zipSync(files) as Uint8Array<ArrayBuffer>]);

/** The entries of a zip, to rebuild it changed. */
async function entriesOf(blob: Blob): Promise<Record<string, Uint8Array>> {
  const { entries } = await readProjectZip(blob);
  return Object.fromEntries(entries);
}

const refusal = async (blob: Blob) => {
  const e = await readProjectZip(blob).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ProjectFileError);
  return (e as Error).message;
};

describe('project zip', () => {
  it('reads back what it wrote, with the manifest naming every entry and its checksum', async () => {
    const image = new Uint8Array([0xff, 0xd8, 1, 2, 3]);
    const { manifest, entries } = await readProjectZip(await goodProject({ 'files/cats/a.jpg': image }));
    expect(manifest.version).toBe(PROJECT_VERSION);
    expect(manifest.created).toBe('2026-12-06T03:00:00.000Z');
    expect(manifest.entries.map((e) => e.name)).toEqual([SETUP, RUNS, DATASET, 'files/cats/a.jpg']);
    expect(manifest.entries[3]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...entries.get('files/cats/a.jpg')!]).toEqual([...image]);
  });

  it('refuses a file that is not a zip', async () => {
    expect(await refusal(new Blob(['just some text, not a zip']))).toMatch(/not a zip/);
  });

  it('refuses a zip without a manifest (a foreign zip)', async () => {
    expect(await refusal(zipBlob({ 'cats/a.jpg': new Uint8Array([1]) }))).toMatch(/no manifest/);
  });

  it('refuses a manifest of another format', async () => {
    const e = await entriesOf(await goodProject());
    e[MANIFEST] = strToU8(JSON.stringify({ format: 'teachable-machine', version: 1, entries: [] }));
    expect(await refusal(zipBlob(e))).toMatch(/not a Convnet Lab project/);
  });

  it('refuses a newer version, naming both versions', async () => {
    const e = await entriesOf(await goodProject());
    const m = JSON.parse(new TextDecoder().decode(e[MANIFEST]));
    e[MANIFEST] = strToU8(JSON.stringify({ ...m, version: PROJECT_VERSION + 1 }));
    expect(await refusal(zipBlob(e))).toMatch(/newer Convnet Lab \(format version 2; this lab reads up to 1\)/);
  });

  it('refuses an entry whose bytes do not match its checksum', async () => {
    const e = await entriesOf(await goodProject());
    e[RUNS] = strToU8('[ ]');
    expect(await refusal(zipBlob(e))).toMatch(/“runs.json” does not match its checksum/);
  });

  it('refuses a missing entry and an entry the manifest does not list', async () => {
    const e = await entriesOf(await goodProject({ 'files/x.png': new Uint8Array([1]) }));
    const { ['files/x.png']: _, ...missing } = e;
    expect(await refusal(zipBlob(missing))).toMatch(/missing “files\/x.png”/);
    expect(await refusal(zipBlob({ ...e, 'extra.txt': strToU8('hi') }))).toMatch(/not listed/);
  });

  it('refuses a file cut off in the middle', async () => {
    const blob = await goodProject({ 'files/x.png': new Uint8Array(5000).fill(7) });
    expect(await refusal(blob.slice(0, Math.floor(blob.size / 2)))).toMatch(/no manifest|damaged/);
  });

  it('refuses a manifest that is not JSON, or whose entries lack checksums', async () => {
    const e = await entriesOf(await goodProject());
    expect(await refusal(zipBlob({ ...e, [MANIFEST]: strToU8('{oops') }))).toMatch(/not valid JSON/);
    const m = JSON.parse(new TextDecoder().decode(e[MANIFEST]));
    m.entries[0].sha256 = 42;
    expect(await refusal(zipBlob({ ...e, [MANIFEST]: strToU8(JSON.stringify(m)) }))).toMatch(/checksum/);
  });

  it('writes the lab version package.json names', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).version).toBe(LAB_VERSION);
  });
});

describe('typed arrays beside JSON', () => {
  it('round-trips weights of several kinds, each aligned and owning its bytes', () => {
    const value = { a: new Float32Array([1.5, -2]), b: [{ q: new Int8Array([3, -4, 5]) }], n: 7 };
    const { json, bin } = encodeTyped(value);
    const back = decodeTyped('w', JSON.parse(new TextDecoder().decode(json)), bin) as typeof value;
    expect(back).toEqual(value);
    expect(back.a.byteOffset).toBe(0);
  });

  it('refuses a reference past its numbers (a hand-edited offset)', () => {
    const { json, bin } = encodeTyped({ a: new Float32Array([1, 2]) });
    const raw = JSON.parse(new TextDecoder().decode(json));
    raw.a.length = 1000;
    expect(() => decodeTyped('w.json', raw, bin)).toThrow(/points outside its numbers/);
  });
});

describe('dataset.json', () => {
  const good = {
    source: { kind: 'builtin', builtin: 'mnist' },
    settings: { seed: 42, fractions: { train: 0.8, val: 0.1, test: 0.1 }, maxPerClass: 300 },
    target: { height: 28, width: 28, channels: 1 },
    skipped: [],
    name: 'MNIST digits',
    classNames: ['0', '1'],
    split: null,
    files: [],
  };
  it('keeps a built-in recipe', () => {
    expect(parseDatasetEntry(good)).toEqual(good);
    expect(parseDatasetEntry(null)).toBeNull();
  });
  it.each([
    ['a seed that is text', { settings: { ...good.settings, seed: '42' } }, /split settings/],
    ['an unknown built-in', { source: { kind: 'builtin', builtin: 'cifar' } }, /source/],
    ['4 channels', { target: { height: 28, width: 28, channels: 4 } }, /image shape/],
    ['a path leaving the folder', { files: ['../etc/passwd'] }, /leaves the folder/],
    ['class names that are numbers', { classNames: [0, 1] }, /classNames/],
  ])('refuses %s', (_, patch, why) => {
    expect(() => parseDatasetEntry({ ...good, ...patch })).toThrow(why);
  });
});
