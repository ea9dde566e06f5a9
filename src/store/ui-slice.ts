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
  // A first visit opens where the README's lesson starts: loading the data.
  section: 'data',
  setSection: (section) => set({ section }),
});
