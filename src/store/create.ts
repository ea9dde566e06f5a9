// One zustand store made of slices. Components select what they render and
// call actions (intents); only the slices talk to workers and storage. A store
// is made by createLabStore from what it is given (deps.ts), so each test has
// a fresh one; the app makes its one instance in lab.ts. Making a store does no
// start-up work: that is startLab (startup.ts), called once by the app.
import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';
import { createModelSlice, type ModelSlice } from './model-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createDataSlice, type DataSlice } from './data-slice';
import { createTrainSlice, type TrainSlice } from './train-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createShareSlice, type ShareSlice } from './share-slice';
import { createAbSlice, type AbSlice } from './ab-slice';
import { createThreeSlice, type ThreeSlice } from './three-slice';
import { createDraftsSlice, type DraftsSlice } from './drafts-slice';
import { createPreviewSlice, type PreviewSlice } from './preview-slice';
import { createInspectSlice, type InspectSlice } from './inspect-slice';
import { createModelIoSlice, type ModelIoSlice } from './model-io-slice';
import { createBasesSlice, type BasesSlice } from './bases-slice';
import { createLessonsSlice, type LessonsSlice } from './lessons-slice';
import { createProjectSlice, type ProjectSlice } from './project-slice';
import type { LabDeps } from './deps';
import { restoredState, savedState } from './saved';

export type LabState = UiSlice &
  ModelSlice &
  DataSlice &
  TrainSlice &
  RunsSlice &
  ShareSlice &
  AbSlice &
  ThreeSlice &
  PreviewSlice &
  InspectSlice &
  ModelIoSlice &
  DraftsSlice &
  BasesSlice &
  LessonsSlice &
  ProjectSlice;

/** Bump when the persisted shape changes incompatibly; old data is then sanitised, not trusted. */
const STORAGE_VERSION = 1;

export function createLabStore(deps: LabDeps) {
  const { client } = deps;
  const store = create<LabState>()(
    persist(
      (...a) => ({
        ...createUiSlice(...a),
        ...createModelSlice(...a),
        ...createDataSlice({ client })(...a),
        ...createTrainSlice({ client })(...a),
        ...createRunsSlice({ client })(...a),
        ...createShareSlice(...a),
        ...createAbSlice(...a),
        ...createThreeSlice(...a),
        ...createPreviewSlice({ client })(...a),
        ...createInspectSlice({ client })(...a),
        ...createModelIoSlice({ client })(...a),
        ...createDraftsSlice(...a),
        ...createBasesSlice({ client })(...a),
        ...createLessonsSlice(...a),
        ...createProjectSlice(deps)(...a),
      }),
      {
        name: 'convnet-lab',
        version: STORAGE_VERSION,
        storage: createJSONStorage(() => deps.storage),
        partialize: savedState,
        merge: restoredState,
      },
    ),
  );
  // The loaded dataset follows the model's input shape: remade from its source (a folder from its kept files).
  store.subscribe((s, prev) => {
    if (s.arch.input !== prev.arch.input) s.followModelInput();
  });
  return store;
}

export type LabStore = ReturnType<typeof createLabStore>;
