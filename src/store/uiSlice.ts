// Which section of the lab is open. Kept in the store (not the URL) so any
// component can send the student somewhere, e.g. "load data first".
import type { StateCreator } from 'zustand';
import type { LabState } from './index';

export const SECTIONS = ['data', 'model', 'train', 'inspect', 'runs'] as const;
export type Section = (typeof SECTIONS)[number];

export interface UiSlice {
  section: Section;
  setSection: (section: Section) => void;
}

export const createUiSlice: StateCreator<LabState, [], [], UiSlice> = (set) => ({
  section: 'model',
  setSection: (section) => set({ section }),
});
