// From a source (built-in or folder files) to a split ImageDataset. Browser
// side: uses fetch and the decode workers; the decisions live in pure modules.
import * as Comlink from 'comlink';
import { cancellation } from './cancel';
import { looksColour, sampleIndices } from './colour';
import { decodeFiles } from './decoder';
import type { DecodeApi } from './decode.worker';
import { hashString } from './random';
import { detectLayout, foldersToProbe, type Candidate, type Layout } from './folder-layout';
import { MNIST_URL, mnistPool, parseMnist } from './mnist';
import { buildDataset, poolFromDataset, type BuiltDataset, type Pool, type SplitItems } from './split-pixels';
import type { SkippedFile } from './skip';
import type { BuiltinName, DataSource, FolderFile, LoadSettings, Target } from './source';
import { assignSplits, capPerClass } from './split';
import type { ImageDataset } from './types';

export interface Loaded {
  built: BuiltDataset;
  skipped: SkippedFile[];
  source: DataSource;
}
export type Phase = 'reading' | 'decoding' | 'generating';
export type ProgressFn = (phase: Phase, done: number, total: number) => void;

const BUILTIN_TITLES: Record<BuiltinName, string> = { mnist: 'MNIST digits', shapes: 'Shapes' };

/** `reuse`: the pool's buffer is this load's own (a fresh decode), moved into split order in place. */
function finish(
  pool: Pool,
  settings: LoadSettings,
  info: Pick<ImageDataset, 'id' | 'name' | 'source'>,
  reuse = false,
): BuiltDataset {
  return buildDataset(pool, assignSplits(pool.items, settings.fractions, settings.seed), info, reuse);
}

async function fetchMnist(signal: AbortSignal, onProgress: ProgressFn): Promise<ArrayBuffer> {
  onProgress('reading', 0, 1);
  const res = await fetch(MNIST_URL, { signal });
  if (!res.ok)
    throw new Error(
      `The built-in MNIST file is missing from this build (HTTP ${res.status}). Run \`npm install\` (it builds public/datasets/mnist.bin) and rebuild.`,
    );
  const buffer = await res.arrayBuffer();
  onProgress('reading', 1, 1);
  return buffer;
}

/** The shapes are drawn in a worker so large input sizes don't freeze the page. */
async function generateShapes(target: Target, settings: LoadSettings, signal: AbortSignal): Promise<Pool> {
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
  const { cancelled, release } = cancellation(signal, () => worker.terminate());
  try {
    const pool = Comlink.wrap<DecodeApi>(worker).shapes(target, settings.maxPerClass, settings.seed);
    return await Promise.race([pool, cancelled]);
  } finally {
    release();
    worker.terminate();
  }
}

export async function loadBuiltin(
  name: BuiltinName,
  target: Target,
  settings: LoadSettings,
  onProgress: ProgressFn,
  signal: AbortSignal,
): Promise<Loaded> {
  let pool: Pool;
  if (name === 'mnist') {
    pool = mnistPool(parseMnist(await fetchMnist(signal, onProgress)), target, settings.maxPerClass, settings.seed);
  } else {
    onProgress('generating', 0, 1);
    pool = await generateShapes(target, settings, signal);
  }
  return {
    built: finish(pool, settings, { id: name, name: BUILTIN_TITLES[name], source: 'builtin' }),
    skipped: [],
    source: { kind: 'builtin', builtin: name },
  };
}

export type FolderPlan =
  { ok: true; layout: Extract<Layout, { ok: true }>; kept: Candidate[] } | Extract<Layout, { ok: false }>;

/** Layout, skip-by-name and the per-class cap: everything decided before any file is read. */
export function planFolder(
  files: FolderFile[],
  settings: LoadSettings,
  unreadable?: ReadonlyMap<number, string>,
): FolderPlan {
  const layout = detectLayout(
    files.map((f) => ({ path: f.path, size: f.blob.size })),
    unreadable,
  );
  if (!layout.ok) return layout;
  const kept = capPerClass(layout.candidates, settings.maxPerClass, settings.seed).map((i) => layout.candidates[i]!);
  return { ok: true, layout, kept };
}

/** Files decoded a batch at a time while probing a folder; a decoded side of 1x1 keeps it cheap. */
const PROBE_BATCH = 16;
const PROBE_TARGET: Target = { height: 1, width: 1, channels: 1 };

/**
 * planFolder, and when the layout fails, the files that passed by name decoded
 * folder by folder until one image in each decodes: a folder of junk (a
 * corrupt .jpg, a .txt) then says it holds no readable image, with every
 * corrupt file in the skipped list and its reason, instead of blaming its
 * class folders. Removing files never adds a class, so the plan still fails.
 */
export async function planFolderChecked(
  files: FolderFile[],
  settings: LoadSettings,
  signal: AbortSignal,
): Promise<FolderPlan> {
  const plan = planFolder(files, settings);
  if (plan.ok) return plan;
  const unreadable = new Map<number, string>();
  for (const group of foldersToProbe(files.map((f) => ({ path: f.path, size: f.blob.size })))) {
    for (let from = 0; from < group.length; from += PROBE_BATCH) {
      const batch = group.slice(from, from + PROBE_BATCH);
      const decoded = await decodeFiles(
        batch.map((i) => files[i]!.blob),
        PROBE_TARGET,
        () => undefined,
        signal,
      );
      decoded.failures.forEach((failure, k) => failure && unreadable.set(batch[k]!, failure));
      if (decoded.failures.some((f) => f === null)) break;
    }
  }
  return unreadable.size > 0 ? planFolder(files, settings, unreadable) : plan;
}

export async function decodeFolder(
  files: FolderFile[],
  plan: Extract<FolderPlan, { ok: true }>,
  target: Target,
  settings: LoadSettings,
  onProgress: ProgressFn,
  signal: AbortSignal,
): Promise<Loaded> {
  const { layout, kept } = plan;
  onProgress('decoding', 0, kept.length);
  const decoded = await decodeFiles(
    kept.map((c) => files[c.file]!.blob),
    target,
    (done) => onProgress('decoding', done, kept.length),
    signal,
  );
  const skipped = [...layout.skipped];
  const items: Pool['items'] = [];
  kept.forEach((c, i) => {
    const failure = decoded.failures[i];
    if (failure) skipped.push({ path: c.path, reason: failure });
    else items.push({ path: c.path, label: c.label, given: c.given, hash: decoded.hashes[i]!, src: 0, index: i });
  });
  if (items.length === 0) throw new Error('None of the images could be decoded; see the skipped files below.');
  const pool: Pool = { ...target, classNames: layout.classNames, sources: [decoded.pixels], items };
  const id = `folder-${hashString(files.map((f) => `${f.path}:${f.blob.size}`).join('\n')).toString(16)}`;
  const built = finish(pool, settings, { id, name: layout.rootName, source: 'folder' }, true);
  return {
    built,
    skipped,
    source: { kind: 'folder', rootName: layout.rootName, layout: layout.kind, fileCount: files.length },
  };
}

/** Images sampled to tell a colour folder from a grayscale one, and their decoded side: enough to see colour, quick to decode. */
const COLOUR_SAMPLE = 24;
const COLOUR_SIDE = 32;

/** Whether the folder's images are colour, from a few of them decoded small (unreadable ones are left out). */
export async function folderLooksColour(
  files: FolderFile[],
  plan: Extract<FolderPlan, { ok: true }>,
  signal: AbortSignal,
): Promise<boolean> {
  const picks = sampleIndices(plan.kept.length, COLOUR_SAMPLE).map((i) => files[plan.kept[i]!.file]!.blob);
  const target: Target = { height: COLOUR_SIDE, width: COLOUR_SIDE, channels: 3 };
  const decoded = await decodeFiles(picks, target, () => undefined, signal);
  const size = COLOUR_SIDE * COLOUR_SIDE * 3;
  return decoded.failures.some((f, i) => f === null && looksColour(decoded.pixels.subarray(i * size, (i + 1) * size)));
}

/** A new split (seed or fractions) of the same images, without decoding again. */
export function resplit(dataset: ImageDataset, items: SplitItems, settings: LoadSettings): BuiltDataset {
  return finish(poolFromDataset(dataset, items), settings, dataset);
}
