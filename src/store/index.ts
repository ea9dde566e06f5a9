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
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { attachRunsPersistence } from './runsPersist';
import { indexedDbRuns } from './runs/db';
import { sanitizeRuns, sanitizeSettings } from './trainRuns';
import { createShareSlice, type ShareSlice } from './shareSlice';
import { createAbSlice, type AbSlice } from './abSlice';
import { createDraftsSlice, type DraftsSlice } from './draftsSlice';

import { createPreviewSlice, type PreviewSlice } from './previewSlice';

import { createInspectSlice, type InspectSlice } from './inspectSlice';

import { createModelIoSlice, type ModelIoSlice } from './modelIoSlice';
import { removeLeftSpillFile } from '../data/spill-file';

export type LabState = UiSlice &
  ModelSlice &
  DataSlice &
  TrainSlice &
  RunsSlice &
  ShareSlice &
  AbSlice &
  PreviewSlice &
  InspectSlice &
  ModelIoSlice &
  DraftsSlice;

/** Bump when the persisted shape changes incompatibly; old data is then sanitised, not trusted. */
const STORAGE_VERSION = 1;

export const useLab = create<LabState>()(
  persist(
    (...a) => ({
      ...createUiSlice(...a),
      ...createModelSlice(...a),
      ...createDataSlice(...a),
      ...createTrainSlice(...a),
      ...createRunsSlice(...a),
      ...createShareSlice(...a),
      ...createAbSlice(...a),
      ...createPreviewSlice(...a),
      ...createInspectSlice(...a),
      ...createModelIoSlice(...a),
      ...createDraftsSlice(...a),
    }),
    {
      name: 'convnet-lab',
      version: STORAGE_VERSION,
      storage: createJSONStorage(() => localStorage),
      // Only the student's work is kept; history and transient state are not.
      // Runs live in IndexedDB (runsPersist.ts); `runs` is still read here once, to take over those of older versions.
      partialize: (s) => ({
        arch: s.arch,
        presetId: s.presetId,
        inputSetByHand: s.inputSetByHand,
        section: s.section,
        trainSettings: s.trainSettings,
        currentRunId: s.currentRunId,
      }),
      merge: (persisted, current) => {
        if (!persisted || typeof persisted !== 'object') return current;
        const p = persisted as Partial<
          Pick<LabState, 'arch' | 'presetId' | 'inputSetByHand' | 'section' | 'trainSettings' | 'runs' | 'currentRunId'>
        >;
        const runs = sanitizeRuns(p.runs);
        return {
          ...current,
          arch: sanitizeArchitecture(p.arch, initialArchitecture()),
          presetId: p.presetId && findPreset(p.presetId) ? p.presetId : null,
          inputSetByHand: p.inputSetByHand === true,
          section: p.section && SECTIONS.includes(p.section) ? p.section : current.section,
          trainSettings: sanitizeSettings(p.trainSettings),
          runs,
          // Checked against the saved runs once IndexedDB has given them (runsPersist.ts).
          currentRunId: typeof p.currentRunId === 'string' ? p.currentRunId : null,
        };
      },
    },
  ),
);

// The loaded dataset follows the model's input shape: remade from its source (a folder from its kept files).
useLab.subscribe((s, prev) => {
  if (s.arch.input !== prev.arch.input) s.followModelInput();
});

// The dataset lives in IndexedDB (never localStorage): bring it back on every page load.
if (typeof indexedDB !== 'undefined') {
  void useLab.getState().restoreDataset();
  void removeLeftSpillFile().catch(() => undefined);
  void attachRunsPersistence(useLab, indexedDbRuns());
} else
  useLab.setState({
    runsLoaded: true,
    runsStorageError: 'This browser keeps no saved runs (no IndexedDB): runs last only for this page.',
  });
