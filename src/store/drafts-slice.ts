// The text of fields that do not hold a valid value yet (src/model/field-drafts.ts). Kept in the store, not
// in the field, so it outlives the field's section: an invalid learning rate typed in Train still blocks
// Train when the student comes back, and one typed in Model keeps the model invalid from the Train section.
import type { StateCreator } from 'zustand';
import { invalidFields, type FieldDraft } from '../model/field-drafts';
import type { LabState } from './index';

export interface DraftsSlice {
  fieldDrafts: Record<string, FieldDraft>;
  /** Sets (or, with null, drops) the draft of the field with this id. */
  setFieldDraft: (id: string, draft: FieldDraft | null) => void;
}

export const createDraftsSlice: StateCreator<LabState, [], [], DraftsSlice> = (set) => ({
  fieldDrafts: {},
  setFieldDraft: (id, draft) =>
    set((s) => {
      if (draft) return { fieldDrafts: { ...s.fieldDrafts, [id]: draft } };
      if (!(id in s.fieldDrafts)) return {};
      const rest = { ...s.fieldDrafts };
      delete rest[id];
      return { fieldDrafts: rest };
    }),
});

/** The fields on screen that hold no valid value, model fields first. */
export function invalidFieldsOf(s: Pick<LabState, 'fieldDrafts' | 'arch' | 'trainSettings'>): FieldDraft[] {
  return invalidFields(s.fieldDrafts, { arch: s.arch, settings: s.trainSettings });
}
