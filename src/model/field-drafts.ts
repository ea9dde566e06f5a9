// What a student typed into a field that does not hold a valid value yet. The text stays on screen, so
// nothing may train on the value behind it: the summary says the model is invalid and Train is blocked,
// naming the field, until the text is valid again (or Escape brings the last valid value back).
// Pure: the store keeps the drafts, the UI types into them.

/** Which value a field edits, so a draft can tell whether it still belongs to what is there now. */
export type DraftTarget =
  | { kind: 'layer'; layerId: string; key: string }
  | { kind: 'model'; key: 'height' | 'width' | 'numClasses' }
  | { kind: 'train'; key: string };

export interface FieldDraft {
  /** The text as typed. */
  text: string;
  /** Why it is not a valid value; null while it is one (then it is committed as it is typed). */
  error: string | null;
  /** The field as the student sees it: "Learning rate", "conv2d_1 filters". */
  label: string;
  target: DraftTarget;
  /** The value the field held when this text was typed (the last valid one). */
  base: unknown;
}

/** What the drafts are checked against: the architecture's plain data and the training settings. */
export interface DraftContext {
  arch: {
    input: { height: number; width: number };
    numClasses: number;
    layers: readonly ({ id: string } & object)[];
  };
  settings: object;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The value a target holds now; undefined when it is gone (a removed layer). */
export function targetValue(target: DraftTarget, ctx: DraftContext): unknown {
  if (target.kind === 'train') return (ctx.settings as Record<string, unknown>)[target.key];
  if (target.kind === 'model') return target.key === 'numClasses' ? ctx.arch.numClasses : ctx.arch.input[target.key];
  const layer = ctx.arch.layers.find((l) => l.id === target.layerId) as Record<string, unknown> | undefined;
  return layer ? layer[target.key] : undefined;
}

/**
 * Whether a draft still stands: its field still holds the value the text was typed over. An undo, a
 * preset or a removed layer changes that value, and then the field shows the new value, not the old text.
 */
export function draftIsLive(draft: FieldDraft, ctx: DraftContext): boolean {
  const now = targetValue(draft.target, ctx);
  return now !== undefined && same(now, draft.base);
}

/** The invalid fields on screen, model fields first (in the order they were typed). */
export function invalidFields(drafts: Readonly<Record<string, FieldDraft>>, ctx: DraftContext): FieldDraft[] {
  const live = Object.values(drafts).filter((d) => d.error !== null && draftIsLive(d, ctx));
  return [...live.filter((d) => d.target.kind !== 'train'), ...live.filter((d) => d.target.kind === 'train')];
}

/** Where the field is, for "Fix it in ...". */
export function draftPlace(draft: FieldDraft): 'model' | 'train' {
  return draft.target.kind === 'train' ? 'train' : 'model';
}

/** The sentence that blocks training: which field, what it holds, why that is not a value, what to do. */
export function invalidFieldReason(draft: FieldDraft): string {
  const where = draftPlace(draft) === 'train' ? 'Train > Settings' : 'Model';
  const text = draft.text.trim() === '' ? 'empty' : `"${draft.text}"`;
  return (
    `${draft.label} is ${text}, which is not a valid value (${draft.error}). ` +
    `Nothing trains on a value other than the one shown: correct it in ${where}, or press Escape there to ` +
    `go back to ${formatBase(draft.base)}.`
  );
}

function formatBase(v: unknown): string {
  if (Array.isArray(v)) return v.join('x');
  return v === null ? 'None' : String(v);
}

/** Why a typed number is not a value of a field (null when it is one). */
export function numberProblem(text: string, min: number, max: number, integer: boolean): string | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return 'Enter a number';
  if (integer && !Number.isInteger(n)) return 'Enter a whole number';
  if (n < min || n > max) return `Between ${min} and ${max}`;
  return null;
}
