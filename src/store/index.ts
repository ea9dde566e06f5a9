// One zustand store made of slices. Components select what they render and
// call actions (intents); only the slices talk to workers and storage.
import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';
import { sanitizeArchitecture } from '../model/sanitize';
import { findPreset } from '../model/presets';
import { createModelSlice, initialArchitecture, type ModelSlice } from './modelSlice';
import { createUiSlice, SECTIONS, type UiSlice } from './uiSlice';
import { createDataSlice, type DataSlice } from './dataSlice';
import { createTrainSlice, type TrainSlice } from './trainSlice';
import { sanitizeRuns, sanitizeSettings } from './trainRuns';
import { createShareSlice, type ShareSlice } from './shareSlice';

export type LabState = UiSlice & ModelSlice & DataSlice & TrainSlice & ShareSlice;

/** Bump when the persisted shape changes incompatibly; old data is then sanitised, not trusted. */
const STORAGE_VERSION = 1;

export const useLab = create<LabState>()(
  persist(
    (...a) => ({
      ...createUiSlice(...a),
      ...createModelSlice(...a),
      ...createDataSlice(...a),
      ...createTrainSlice(...a),
      ...createShareSlice(...a),
    }),
    {
      name: 'convnet-lab',
      version: STORAGE_VERSION,
      storage: createJSONStorage(() => localStorage),
      // Only the student's work is kept; history and transient state are not.
      partialize: (s) => ({ arch: s.arch, presetId: s.presetId, section: s.section, trainSettings: s.trainSettings, runs: s.runs, currentRunId: s.currentRunId }),
      merge: (persisted, current) => {
        if (!persisted || typeof persisted !== 'object') return current;
        const p = persisted as Partial<Pick<LabState, 'arch' | 'presetId' | 'section' | 'trainSettings' | 'runs' | 'currentRunId'>>;
        const runs = sanitizeRuns(p.runs);
        return {
          ...current,
          arch: sanitizeArchitecture(p.arch, initialArchitecture()),
          presetId: p.presetId && findPreset(p.presetId) ? p.presetId : null,
          section: p.section && SECTIONS.includes(p.section) ? p.section : current.section,
          trainSettings: sanitizeSettings(p.trainSettings),
          runs,
          currentRunId: runs.some((r) => r.id === p.currentRunId) ? p.currentRunId! : null,
        };
      },
    },
  ),
);

// The dataset lives in IndexedDB (never localStorage): bring it back on every page load.
if (typeof indexedDB !== 'undefined') void useLab.getState().restoreDataset();
