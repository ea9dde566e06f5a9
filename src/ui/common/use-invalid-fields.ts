import { useMemo } from 'react';
import { useLab } from '../../store';
import { invalidFields, type FieldDraft } from '../../model/field-drafts';

/** The fields on screen whose text is no valid value (model fields first); training waits for them. */
export function useInvalidFields(): FieldDraft[] {
  const drafts = useLab((s) => s.fieldDrafts);
  const arch = useLab((s) => s.arch);
  const settings = useLab((s) => s.trainSettings);
  return useMemo(() => invalidFields(drafts, { arch, settings }), [drafts, arch, settings]);
}
