// Runs one job of the loader machine (src/data/loader.ts): a built-in, a
// folder (just picked, or from its kept files) or the saved dataset. Every
// step checks the job is still current; results go back as machine events.
import { healthReport } from '../data/health';
import {
  decodeFolder,
  folderLooksColour,
  loadBuiltin,
  planFolderChecked,
  resplit,
  type Loaded,
  type Phase,
} from '../data/ingest';
import type { LoadJob, LoaderEvent, LoaderState } from '../data/loader';
import { datasetBytes, downscaleToFit, memoryBudget } from '../data/memory';
import { keepRestoredPixels, loadSavedDataset, loadSavedFiles, stopKeepingPixels } from '../data/persist';
import { watchKeeping } from './data-save';
import { classCounts } from '../data/split-pixels';
import type { FolderFile, LoadSettings, Target } from '../data/source';
import type { PixelsOutcome } from '../data/persist';
import { naturalInput } from '../model/fit';
import type { ImageDataset } from '../data/types';
import { sameShape } from '../model/shape';
import type { LabState } from './index';

export interface DataProgress {
  phase: Phase | 'restoring' | 'saving';
  done: number;
  total: number;
  label: string;
  bytes: number | null;
}
/** A folder too large for memory at the model's input size: the student chooses. */
export interface MemoryPrompt {
  count: number;
  bytes: number;
  budget: number;
  target: Target;
  downscale: { height: number; width: number } | null;
}

export interface JobHost {
  get: () => LabState;
  set: (patch: Partial<LabState>) => void;
  /** `fresh`: the folder just picked; `kept`: the loaded folder's files. */
  files: { fresh: FolderFile[] | null; kept: FolderFile[] | null };
  current: (generation: number) => boolean;
  dispatch: (e: LoaderEvent) => void;
  /** The job stops for the student's answer; `natural`: the target was the folder's own choice. */
  prompt: (job: LoadJob, prompt: MemoryPrompt, natural: boolean) => void;
  /** The copy of the pixels being written now (the latest one is the one shown). */
  keeping: { now: Promise<PixelsOutcome> | null };
  /** The dataset with a version of its own, so the client sends it to the worker once (ImageDataset.version). */
  stamp: (dataset: ImageDataset) => ImageDataset;
}

const PHASE_LABEL: Record<DataProgress['phase'], string> = {
  reading: 'Reading',
  decoding: 'Decoding and resizing',
  generating: 'Drawing shapes',
  restoring: 'Restoring the saved dataset',
  saving: 'Saving for your next visit',
};
const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
export const settingsOf = (s: LabState): LoadSettings => ({
  seed: s.splitSeed,
  fractions: s.splitFractions,
  maxPerClass: s.maxPerClass,
});

/** The progress to show in a loader phase: a job's own (kept while it runs), "saving", or none. */
export function progressOf(phase: LoaderState['phase'], running: DataProgress | null): DataProgress | null {
  if (phase === 'saving') return { phase: 'saving', done: 0, total: 0, label: PHASE_LABEL.saving, bytes: null };
  if (phase !== 'loading') return null;
  return running ?? { phase: 'reading', done: 0, total: 0, label: PHASE_LABEL.reading, bytes: null };
}

/**
 * What decides the images besides their shape. With a cap, the seed also chooses which images are kept: it is
 * then part of what must be remade.
 */
export const settingsKeyOf = (s: LabState): string =>
  `cap=${s.maxPerClass}${s.maxPerClass > 0 ? ` seed=${s.splitSeed}` : ''}`;
/** The shape the model asks of its images. */
export const modelTargetOf = (s: LabState): Target => ({
  height: s.arch.input.height,
  width: s.arch.input.width,
  channels: s.arch.input.channels === 1 ? 1 : 3,
});

/** The loader's `resplit` effect: a new seed or split of the same images, in memory. */
export function resplitCurrent(host: JobHost): void {
  const s = host.get();
  if (!s.dataset || !s.dataItems) return;
  stopKeepingPixels(); // the re-split moves the pixels in place: a copy half written would mix two orders
  const next = resplit(s.dataset, s.dataItems, settingsOf(s));
  host.set({
    dataset: host.stamp(next.dataset),
    dataItems: next.items,
    health: healthReport(next.dataset.classNames, classCounts(next.dataset), next.items),
  });
}

export async function runLoadJob(host: JobHost, job: LoadJob, signal: AbortSignal): Promise<void> {
  const g = job.generation;
  const progress = (bytesPerImage: number) => (phase: Phase, done: number, total: number) => {
    if (host.current(g))
      host.set({ dataProgress: { phase, done, total, label: PHASE_LABEL[phase], bytes: total * bytesPerImage } });
  };
  /** Takes a finished dataset (when the job is still current); `adopt`: the model takes its shape. */
  const accept = (loaded: Loaded, files: FolderFile[] | null, adopt: boolean) => {
    if (!host.current(g)) return;
    const { dataset, items } = loaded.built;
    host.files.kept = files;
    host.set({
      dataset: host.stamp(dataset),
      dataItems: items,
      dataSource: loaded.source,
      skipped: loaded.skipped,
      health: healthReport(dataset.classNames, classCounts(dataset), items),
    });
    host.dispatch({ type: 'loaded', generation: g });
    const s = host.get();
    if (adopt && !sameShape(s.arch.input, dataset))
      s.setInputShape({ height: dataset.height, width: dataset.width, channels: dataset.channels }, undefined, false);
    host.get().setNumClasses(dataset.classNames.length);
  };
  const bytesOf = (t: Target) => t.height * t.width * t.channels;

  try {
    let settings = settingsOf(host.get());
    /** A saved folder whose pixels were not written yet: decoded again from its kept files, at its shape. */
    let restoring: Target | null = null;
    if (job.source.kind === 'saved') {
      host.set({ dataProgress: { phase: 'restoring', done: 0, total: 0, label: PHASE_LABEL.restoring, bytes: null } });
      const saved = await loadSavedDataset().catch(() => null);
      if (!host.current(g)) return;
      if (!saved) return host.dispatch({ type: 'failed', generation: g, message: '', aborted: true });
      host.set({
        splitSeed: saved.settings.seed,
        splitFractions: saved.settings.fractions,
        maxPerClass: saved.settings.maxPerClass,
      });
      const source =
        saved.source.kind === 'builtin'
          ? ({ kind: 'builtin', name: saved.source.builtin } as const)
          : ({ kind: 'folder', fresh: false } as const);
      host.dispatch({
        type: 'targeted',
        generation: g,
        target: saved.target,
        source,
        settingsKey: settingsKeyOf(host.get()),
      });
      if (saved.source.kind === 'builtin')
        return accept(
          await loadBuiltin(
            saved.source.builtin,
            saved.target,
            saved.settings,
            progress(bytesOf(saved.target)),
            signal,
          ),
          null,
          false,
        );
      if (saved.pixelsPending) {
        restoring = saved.target;
        settings = saved.settings;
      } else if (!saved.dataset || !saved.items) {
        return host.dispatch({ type: 'failed', generation: g, message: '', aborted: true });
      } else {
        return accept(
          { built: { dataset: saved.dataset, items: saved.items }, skipped: saved.skipped, source: saved.source },
          null,
          false,
        );
      }
    } else if (job.source.kind === 'builtin') {
      const target = job.target!;
      return accept(
        await loadBuiltin(job.source.name, target, settings, progress(bytesOf(target)), signal),
        null,
        job.options.adopt ?? false,
      );
    }
    let files = restoring
      ? null
      : job.source.kind === 'folder' && job.source.fresh
        ? host.files.fresh
        : host.files.kept;
    if (!files) {
      host.set({
        dataProgress: { phase: 'reading', done: 0, total: 0, label: 'Reading the kept image files', bytes: null },
      });
      files = await loadSavedFiles().catch(() => null);
      if (!host.current(g)) return;
      if (!files) throw new Error('The original image files are no longer available. Pick the folder again.');
    }
    const plan = await planFolderChecked(files, settings, signal);
    if (!host.current(g)) return;
    if (!plan.ok) {
      host.set({ skipped: plan.skipped });
      return host.dispatch({ type: 'failed', generation: g, message: plan.error, tree: plan.expectedTree });
    }
    // No shape asked for: the folder's natural one (its colour mode, a size the model takes).
    const natural = job.target === null && !restoring;
    let target = job.target ?? restoring;
    if (!target) {
      host.set({
        dataProgress: {
          phase: 'reading',
          done: 0,
          total: 0,
          label: 'Looking at the images (colour or grayscale)',
          bytes: null,
        },
      });
      const colour = await folderLooksColour(files, plan, signal);
      if (!host.current(g)) return;
      const s = host.get();
      const input = naturalInput(s.arch, s.presetId, colour ? 3 : 1);
      target = { height: input.height, width: input.width, channels: colour ? 3 : 1 };
      host.dispatch({ type: 'targeted', generation: g, target });
    }
    const count = plan.kept.length;
    const bytes = datasetBytes(count, target.height, target.width, target.channels);
    const budget = memoryBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory);
    if (bytes > budget && !job.options.force) {
      return host.prompt(
        { ...job, target },
        {
          count,
          bytes,
          budget,
          target,
          downscale: downscaleToFit(count, target.height, target.width, target.channels, budget),
        },
        natural,
      );
    }
    const keptFiles = files;
    const loaded = await decodeFolder(keptFiles, plan, target, settings, progress(bytesOf(target)), signal);
    // Restored by decoding: write the pixels too, so the next reload reads them (accept ends the job, so ask first).
    const keep = restoring !== null && host.current(g);
    accept(loaded, keptFiles, natural || (job.options.adopt ?? false));
    if (keep) watchKeeping(host, keepRestoredPixels(loaded.built.dataset));
  } catch (e) {
    host.dispatch({ type: 'failed', generation: g, message: errorText(e), aborted: isAbort(e) });
  }
}
