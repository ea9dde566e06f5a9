// Pretrained bases' weight files as the page sees them: what is kept in this browser, the one job running (a
// picked file being checked, or a download with its progress), and the last failure in words with the link to
// download by hand. The worker reads, checks, keeps and downloads (service-bases.ts); this slice only asks.
import type { StateCreator } from 'zustand';
import {
  baseDownloadPlan,
  archBaseNeed,
  DOWNLOAD_CANCELLED,
  type BaseDownloadPlan,
  type BaseDownloadProgress,
  type BaseNeed,
  type KeptBaseFile,
} from '../model/base-files';
import { newJobId } from '../client/client';
import type { ClientDeps } from './deps';
import type { LabState } from './create';
import type { KeptTfjsBase } from '../model/bases/tfjs-types';
import { tfjsBaseActions } from './tfjs-bases';

export type BaseJob =
  | { kind: 'add'; fileName: string }
  | { kind: 'download'; plan: BaseDownloadPlan; downloadId: string; progress: BaseDownloadProgress };

export interface BaseFailure {
  message: string;
  fix: string;
  /** After a failed download: the file to fetch by hand. */
  byHand: BaseDownloadPlan | null;
}

export interface BasesSlice {
  /** null until the worker has listed them. */
  baseFiles: KeptBaseFile[] | null;
  baseJob: BaseJob | null;
  baseFailure: BaseFailure | null;
  refreshBaseFiles: () => Promise<void>;
  /** A picked or dropped file, checked against the model's base where it has one. */
  addBaseFile: (file: File) => Promise<boolean>;
  /** The model's base's file from Keras' storage (the student clicked). */
  downloadBaseFile: () => Promise<boolean>;
  cancelBaseDownload: () => void;
  removeBaseFile: (fileName: string) => Promise<void>;
  /** TensorFlow.js bases kept in this browser; null until the worker has listed them. */
  tfjsBases: KeptTfjsBase[] | null;
  /** The names of the files being read, while they are. */
  tfjsBaseJob: string[] | null;
  tfjsBaseFailure: { message: string; fix: string } | null;
  refreshTfjsBases: () => Promise<void>;
  /** Picked or dropped files (model.json and its .bin files, or a .zip): read, checked and kept by the worker. */
  addTfjsBase: (files: File[]) => Promise<boolean>;
  removeTfjsBase: (fileName: string) => Promise<void>;
  /** Keeps a kept base cut after one of its layers, as a second base. */
  cutTfjsBase: (fileName: string, layer: string) => Promise<boolean>;
  /** Puts a kept TF.js base at the start of the stack (withTfjsBase: the input becomes the size it takes). */
  putTfjsBase: (fileName: string) => boolean;
}

/** Tests serve a fixture from the lab's own origin by setting this on the page; students never do. */
const testUrlBase = (): string | null => {
  const value = (globalThis as { __labBaseWeightsUrl?: unknown }).__labBaseWeightsUrl;
  return typeof value === 'string' ? value : null;
};

export const basesDownloadPlan = (need: BaseNeed): BaseDownloadPlan => baseDownloadPlan(need, testUrlBase());

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
const failureOf = (f: { message: string; fix: string }, byHand: BaseDownloadPlan | null = null): BaseFailure => ({
  message: f.message,
  fix: f.fix,
  byHand,
});

export const createBasesSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], BasesSlice> =>
  (set, get) => {
    const kept = (file: KeptBaseFile) =>
      set((s) => ({ baseFiles: [...(s.baseFiles ?? []).filter((f) => f.fileName !== file.fileName), file] }));
    return {
      baseFiles: null,
      baseJob: null,
      baseFailure: null,
      tfjsBases: null,
      tfjsBaseJob: null,
      tfjsBaseFailure: null,

      refreshBaseFiles: async () => {
        const answer = await client.baseFiles();
        if (answer.ok) set({ baseFiles: answer.value });
        else set({ baseFiles: [], baseFailure: failureOf(answer.failure) });
      },

      addBaseFile: async (file) => {
        if (get().baseJob) return false;
        set({ baseJob: { kind: 'add', fileName: file.name }, baseFailure: null });
        try {
          const answer = await client.addBaseFile({ name: file.name, blob: file }, archBaseNeed(get().arch));
          if (!answer.ok) {
            set({ baseFailure: failureOf(answer.failure) });
            return false;
          }
          kept(answer.value);
          return true;
        } catch (e) {
          set({
            baseFailure: { message: `The file could not be read: ${text(e)}`, fix: 'Pick it again.', byHand: null },
          });
          return false;
        } finally {
          set({ baseJob: null });
        }
      },

      downloadBaseFile: async () => {
        const need = archBaseNeed(get().arch);
        if (!need || get().baseJob) return false;
        const plan = basesDownloadPlan(need);
        const downloadId = newJobId();
        set({
          baseJob: { kind: 'download', plan, downloadId, progress: { received: 0, total: null } },
          baseFailure: null,
        });
        const onProgress = (progress: BaseDownloadProgress) =>
          set((s) =>
            s.baseJob?.kind === 'download' && s.baseJob.downloadId === downloadId
              ? { baseJob: { ...s.baseJob, progress } }
              : {},
          );
        try {
          const answer = await client.downloadBaseFile(plan, need, downloadId, onProgress);
          if (!answer.ok) {
            const cancelled = answer.failure.message === DOWNLOAD_CANCELLED;
            set({ baseFailure: cancelled ? null : failureOf(answer.failure, plan) });
            return false;
          }
          kept(answer.value);
          return true;
        } catch (e) {
          set({
            baseFailure: {
              message: `The download failed: ${text(e)}`,
              fix: 'Download the file by hand.',
              byHand: plan,
            },
          });
          return false;
        } finally {
          set({ baseJob: null });
        }
      },

      cancelBaseDownload: () => {
        const job = get().baseJob;
        if (job?.kind === 'download') void client.cancelBaseDownload(job.downloadId);
      },

      ...tfjsBaseActions(client, set, get),

      removeBaseFile: async (fileName) => {
        const answer = await client.removeBaseFile(fileName);
        if (!answer.ok) set({ baseFailure: failureOf(answer.failure) });
        set((s) => ({ baseFiles: (s.baseFiles ?? []).filter((f) => f.fileName !== fileName) }));
      },
    };
  };
