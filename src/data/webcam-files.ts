// Webcam captures join a dataset as files of a folder would: PNGs named
// `<class>/webcam-0001.png` inside the loaded folder (under train/ in a
// train/validation/test folder), so the folder's own ingestion, split, health
// report and keeping for the next visit treat them like any picked file. A
// built-in dataset has no folder: captures start a new one named `webcam`.
// Pure: names and crops here, the camera and canvas in src/ui/data/webcam.
import { stripRoot } from './folder-layout';
import { safeSegment } from './dataset-zip';

/** The folder a capture-only dataset gets. */
export const WEBCAM_ROOT = 'webcam';
const NAME = /^webcam-(\d+)\.png$/i;

export interface CaptureFolder {
  /** Prefix of every new path: the picked folder's root (and train folder), ending in '/', or ''. */
  prefix: string;
  /** Paths already in the folder (as picked, root first), to number new captures after them. */
  paths: string[];
}

/** Where captures go in the loaded folder's files (null or empty: a new `webcam/` folder). */
export function captureFolder(existing: { path: string }[] | null, layout: 'classes' | 'splits' | null): CaptureFolder {
  const paths = existing?.map((f) => f.path) ?? [];
  if (paths.length === 0) return { prefix: `${WEBCAM_ROOT}/`, paths };
  const stripped = stripRoot(paths);
  const root =
    stripped.rootName === 'dropped items' && !paths[0]!.startsWith('dropped items/') ? '' : `${stripped.rootName}/`;
  const train =
    layout === 'splits'
      ? (stripped.paths.map((p) => p.split('/')[0]!).find((top) => /^train(ing)?$/i.test(top)) ?? 'train')
      : null;
  return { prefix: `${root}${train ? `${train}/` : ''}`, paths };
}

/** `count` new paths for `className` after the folder's highest webcam-NNNN.png of that class. */
export function capturePaths(folder: CaptureFolder, className: string, count: number): string[] {
  const dir = `${folder.prefix}${safeSegment(className)}/`;
  let last = 0;
  for (const p of folder.paths) {
    if (!p.startsWith(dir)) continue;
    const m = NAME.exec(p.slice(dir.length));
    if (m) last = Math.max(last, Number(m[1]));
  }
  return Array.from({ length: count }, (_, k) => `${dir}webcam-${String(last + k + 1).padStart(4, '0')}.png`);
}

/** The largest centred part of a `vw` x `vh` frame with the model input's aspect ratio (what is drawn at its size). */
export function centreCrop(vw: number, vh: number, height: number, width: number) {
  const aspect = width / height;
  const sw = Math.min(vw, vh * aspect);
  const sh = sw / aspect;
  return { sx: (vw - sw) / 2, sy: (vh - sh) / 2, sw, sh };
}

/** A class name the folder layout takes: not empty, not a split folder's name, no path separators. */
export function classNameProblem(name: string): string | null {
  const t = name.trim();
  if (!t) return 'Give the class a name.';
  if (/[\\/]/.test(t)) return 'A class name cannot hold / or \\.';
  if (safeSegment(t) !== t) return 'Use letters, digits, spaces, - or _ (no : * ? " < > | or trailing dot).';
  if (/^(train|training|validation|val|valid|test)$/i.test(t))
    return `“${t}” names a split folder: choose another name.`;
  return null;
}
