// The student's setup as saved between visits: one table, key -> sanitizer,
// from which both what is saved (persist's partialize) and how it comes back
// (merge) are derived, as tensorflow/playground's State.PROPS does. A saved
// value is never trusted: each sanitizer turns whatever it finds into a valid
// value, or the fresh store's. Adding a saved field is one line here.
import { sanitizeArchitecture } from '../model/sanitize';
import { findPreset, type PresetId } from '../model/presets';
import { initialArchitecture } from './model-slice';
import { SECTIONS, type Section } from './ui-slice';
import { sanitizeRuns, sanitizeSettings } from './train-runs';
import type { LabState } from './create';
import { LESSON_SAVED } from './lessons-slice';

type Sanitizers = { [P in keyof LabState]?: (raw: unknown, fresh: LabState) => LabState[P] };

/** Only the student's work is kept; history and transient state are not. Runs live in IndexedDB (runsPersist.ts). */
export const SAVED = {
  arch: (raw) => sanitizeArchitecture(raw, initialArchitecture()),
  presetId: (raw) => (typeof raw === 'string' && findPreset(raw) ? (raw as PresetId) : null),
  inputSetByHand: (raw) => raw === true,
  section: (raw, fresh) => (SECTIONS.includes(raw as Section) ? (raw as Section) : fresh.section),
  trainSettings: (raw) => sanitizeSettings(raw),
  // Checked against the saved runs once IndexedDB has given them (runsSlice's runsRestored).
  currentRunId: (raw) => (typeof raw === 'string' ? raw : null),
  // Guided lessons' progress: which lesson, which step, which run answered each step.
  ...LESSON_SAVED,
} satisfies Sanitizers;

/** Read, never written: the runs older versions kept here, taken over by IndexedDB at start-up. */
const TAKEN_OVER = {
  runs: (raw) => sanitizeRuns(raw),
} satisfies Sanitizers;

export type SavedKey = keyof typeof SAVED;
export type SavedState = Pick<LabState, SavedKey>;

/** What is written: the table's keys, nothing else. */
export function savedState(s: LabState): SavedState {
  const out: Partial<Record<SavedKey, unknown>> = {};
  for (const key of Object.keys(SAVED) as SavedKey[]) out[key] = s[key];
  return out as SavedState;
}

/** What comes back: every key of the tables through its sanitizer (a missing or broken one: a valid value). */
export function restoredState(persisted: unknown, fresh: LabState): LabState {
  if (!persisted || typeof persisted !== 'object') return fresh;
  const raw = persisted as Record<string, unknown>;
  const out: Partial<Record<string, unknown>> = {};
  const tables: Record<string, (raw: unknown, fresh: LabState) => unknown> = { ...SAVED, ...TAKEN_OVER };
  for (const [key, sanitize] of Object.entries(tables)) out[key] = sanitize(raw[key], fresh);
  return { ...fresh, ...out };
}
