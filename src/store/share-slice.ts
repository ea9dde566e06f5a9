// Opening a share link: everything in it is checked first (src/export/share.ts
// and the stored-state sanitisers); only then does it replace the stack (one
// undoable edit), the training settings and, for a lesson, load its built-in
// dataset. A bad link changes nothing and says why.
import type { StateCreator } from 'zustand';
import { decodeShare, type SharedAb } from '../export/share';
import { folderNote } from '../export/share-folder';
import { sanitizeSettings } from './train-runs';
import type { LabState } from './index';

export interface ShareNotice {
  kind: 'error' | 'opened';
  message: string;
  /** A lesson link's instruction. */
  text: string | null;
}

export interface ShareSlice {
  shareNotice: ShareNotice | null;
  /** A/B settings a link brought, for the A/B experiment to read. */
  sharedAb: SharedAb | null;
  /** Applies a link (URL or "#lab=…" fragment); resolves to whether it was applied. */
  openShareLink: (link: string) => Promise<boolean>;
  dismissShareNotice: () => void;
}

export const createShareSlice: StateCreator<LabState, [], [], ShareSlice> = (set, get) => ({
  shareNotice: null,
  sharedAb: null,

  openShareLink: async (link) => {
    const refuse = (message: string) => (set({ shareNotice: { kind: 'error', message, text: null } }), false);
    const decoded = await decodeShare(link);
    if (!decoded.ok) return refuse(decoded.message);
    const { arch, settings, dataset, folder, text, ab } = decoded.setup;
    const state = get();
    if (state.modelLock) return refuse(`The share link was not opened: ${state.modelLock}`);
    // The same bounds as stored settings: a value the store would not keep refuses the whole link.
    const merged = sanitizeSettings({ ...state.trainSettings, ...settings });
    const off = (Object.keys(settings) as (keyof typeof settings)[]).find((k) => merged[k] !== settings[k]);
    if (off)
      return refuse(
        `This share link cannot be opened: its ${off} (${String(settings[off])}) is out of range. Your own model and settings are unchanged.`,
      );
    if (!get().replaceArchitecture(arch))
      return refuse('The share link was not opened: the model cannot be changed right now.');
    get().setTrainSettings(settings);
    set({ sharedAb: ab });
    if (dataset) get().loadBuiltinDataset(dataset);
    const what = `${arch.layers.length} layer${arch.layers.length === 1 ? '' : 's'}${Object.keys(settings).length ? ' and training settings' : ''}${dataset ? `, with the ${dataset} dataset` : ''}`;
    set({
      shareNotice: {
        kind: 'opened',
        message: `Opened a shared setup: ${what}. Undo in Model brings your previous stack back.${folder ? ` ${folderNote(folder, get().dataset?.name ?? null)}` : ''}`,
        text,
      },
    });
    return true;
  },

  dismissShareNotice: () => set({ shareNotice: null }),
});
