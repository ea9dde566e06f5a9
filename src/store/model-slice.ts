// The architecture being edited, with undo/redo. Every edit goes through
// `commit`, which records the previous architecture for undo.
import type { StateCreator } from 'zustand';
import {
  defaultLayer,
  configOf,
  withId,
  type Architecture,
  type InputShape,
  type LayerConfig,
  type LayerType,
} from '../model/layers';
import { DEFAULT_PRESET, findPreset, type PresetId } from '../model/presets';
import { withClasses } from '../model/classes';
import { presetInput } from '../model/preset-input';
import type { LabState } from './index';

const HISTORY_LIMIT = 200;

export interface ModelSlice {
  arch: Architecture;
  /** The preset the stack came from, until the student edits it. */
  presetId: PresetId | null;
  past: Architecture[];
  future: Architecture[];
  /** Set while something (training) forbids edits; edits then only show this. */
  modelLock: string | null;
  /** The last refused edit's explanation, shown until the next successful edit. */
  modelNotice: string | null;
  /** The student typed the input shape: a loaded folder then keeps it instead of choosing its own. A preset clears it. */
  inputSetByHand: boolean;

  applyPreset: (id: PresetId) => void;
  /** Replaces the whole stack (a saved run's setup, a share link, an imported model) as one undo step. */
  replaceArchitecture: (arch: Architecture, presetId?: PresetId | null) => boolean;
  addLayer: (type: LayerType, index?: number) => string | null;
  removeLayer: (id: string) => void;
  duplicateLayer: (id: string) => void;
  moveLayer: (id: string, toIndex: number) => void;
  /** `editKey`: repeated edits with the same key are undone as one step. */
  updateLayer: (id: string, patch: Partial<LayerConfig>, editKey?: string) => void;
  /** `byHand`: false when the lab sets it (the data follows, the student's choice is not recorded). */
  setInputShape: (patch: Partial<InputShape>, editKey?: string, byHand?: boolean) => void;
  setNumClasses: (n: number, editKey?: string) => void;
  undo: () => void;
  redo: () => void;
  setModelLock: (reason: string | null) => void;
}

export const initialArchitecture = (): Architecture => findPreset(DEFAULT_PRESET)!.build();

export const createModelSlice: StateCreator<LabState, [], [], ModelSlice> = (set, get) => {
  /** Apply an edit unless the model is locked; returns whether it happened. */
  // Edits that share an edit key (keystrokes in one field while it has focus)
  // make a single undo step.
  let lastEditKey: string | null = null;
  const commit = (
    next: (arch: Architecture) => Architecture,
    presetId: PresetId | null = null,
    editKey: string | null = null,
  ): boolean => {
    const { modelLock, arch, past } = get();
    if (modelLock) {
      set({ modelNotice: modelLock });
      return false;
    }
    const updated = next(arch);
    if (updated === arch) return false;
    const coalesce = editKey !== null && editKey === lastEditKey && past.length > 0;
    lastEditKey = editKey;
    set({
      arch: updated,
      presetId,
      past: coalesce ? past : [...past, arch].slice(-HISTORY_LIMIT),
      future: [],
      modelNotice: null,
    });
    return true;
  };
  const mapLayers = (arch: Architecture, layers: Architecture['layers']): Architecture => ({ ...arch, layers });

  return {
    arch: initialArchitecture(),
    presetId: DEFAULT_PRESET,
    past: [],
    future: [],
    modelLock: null,
    modelNotice: null,
    inputSetByHand: false,

    applyPreset: (id) => {
      const preset = findPreset(id);
      if (!preset) return;
      // With data loaded, the preset's layers take the data's classes, size and colour (preset-input.ts): a preset
      // never silently re-makes the data; when its layers cannot take the data's size the notice says so.
      const { dataset } = get();
      const built = preset.build();
      const { input, remade } = presetInput(id, built, dataset);
      const sized = { ...built, input };
      const classes = dataset?.classNames.length;
      if (!commit(() => (classes ? withClasses(sized, classes) : sized), id)) return;
      set({ inputSetByHand: false, modelNotice: remade && `${preset.label}: ${remade}` });
      // Fine-tuning's low learning rate (RMSprop 1e-5) comes with its preset, as in the textbook.
      if (preset.training) get().setTrainSettings(preset.training);
    },
    replaceArchitecture: (next, presetId = null) => commit(() => next, presetId),
    addLayer: (type, index) => {
      const layer = withId(defaultLayer(type));
      const ok = commit((arch) => {
        const layers = [...arch.layers];
        layers.splice(index ?? layers.length, 0, layer);
        return mapLayers(arch, layers);
      });
      return ok ? layer.id : null;
    },
    removeLayer: (id) =>
      commit((arch) =>
        mapLayers(
          arch,
          arch.layers.filter((l) => l.id !== id),
        ),
      ),
    duplicateLayer: (id) =>
      commit((arch) => {
        const i = arch.layers.findIndex((l) => l.id === id);
        if (i < 0) return arch;
        const layers = [...arch.layers];
        layers.splice(i + 1, 0, withId(configOf(arch.layers[i]!)));
        return mapLayers(arch, layers);
      }),
    moveLayer: (id, toIndex) =>
      commit((arch) => {
        const from = arch.layers.findIndex((l) => l.id === id);
        const to = Math.max(0, Math.min(arch.layers.length - 1, toIndex));
        if (from < 0 || from === to) return arch;
        const layers = [...arch.layers];
        const [moved] = layers.splice(from, 1);
        layers.splice(to, 0, moved!);
        return mapLayers(arch, layers);
      }),
    updateLayer: (id, patch, editKey) =>
      commit(
        (arch) =>
          mapLayers(
            arch,
            arch.layers.map((l) => (l.id === id ? ({ ...l, ...patch, id, type: l.type } as typeof l) : l)),
          ),
        null,
        editKey ?? null,
      ),
    setInputShape: (patch, editKey, byHand = true) => {
      const changed = commit(
        (arch) =>
          Object.entries(patch).every(([k, v]) => arch.input[k as keyof InputShape] === v)
            ? arch
            : { ...arch, input: { ...arch.input, ...patch } },
        get().presetId,
        editKey ?? null,
      );
      if (changed && byHand) set({ inputSetByHand: true });
    },
    setNumClasses: (n, editKey) => commit((arch) => withClasses(arch, n), get().presetId, editKey ?? null),
    undo: () => {
      const { past, arch, future, modelLock } = get();
      if (modelLock) return set({ modelNotice: modelLock });
      const prev = past[past.length - 1];
      lastEditKey = null;
      if (prev)
        set({ arch: prev, past: past.slice(0, -1), future: [arch, ...future], presetId: null, modelNotice: null });
    },
    redo: () => {
      const { past, arch, future, modelLock } = get();
      if (modelLock) return set({ modelNotice: modelLock });
      const next = future[0];
      lastEditKey = null;
      if (next) set({ arch: next, past: [...past, arch], future: future.slice(1), presetId: null, modelNotice: null });
    },
    setModelLock: (reason) => set({ modelLock: reason, modelNotice: reason ? get().modelNotice : null }),
  };
};
