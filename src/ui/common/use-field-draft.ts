// The text a field shows while it differs from the value behind it. With a target it lives in the store
// (src/store/drafts-slice.ts), so an invalid text blocks training from every section; without one it is the
// field's own state. A draft typed over a value that has since changed (undo, a preset) is dropped.
import { useState } from 'react';
import { useLab } from '../../store';
import type { DraftTarget } from '../../model/field-drafts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface FieldDraftHandle {
  /** The text to show instead of the value, or null to show the value. */
  text: string | null;
  /** Keeps this text; `base` is the value the field holds once it is typed (the committed one). */
  set: (text: string, error: string | null, base: unknown) => void;
  clear: () => void;
}

export function useFieldDraft(target: DraftTarget | undefined, label: string, value: unknown): FieldDraftHandle {
  const [local, setLocal] = useState<string | null>(null);
  const id = target ? JSON.stringify(target) : '';
  const stored = useLab((s) => (target ? s.fieldDrafts[id] : undefined));
  const setFieldDraft = useLab((s) => s.setFieldDraft);
  if (!target) return { text: local, set: (text) => setLocal(text), clear: () => setLocal(null) };
  return {
    text: stored && same(stored.base, value) ? stored.text : null,
    set: (text, error, base) => setFieldDraft(id, { text, error, label, target, base }),
    clear: () => setFieldDraft(id, null),
  };
}
