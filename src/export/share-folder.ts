// A share link never carries images. For a folder the student loaded, it carries the folder's name and class
// names, so whoever opens it is told which folder the setup needs (a built-in dataset travels by name and
// loads itself). Pure.

export interface SharedFolder {
  name: string;
  classNames: string[];
}

const MAX_NAME = 100;
const MAX_CLASSES = 100;
const MAX_CLASS_NAME = 60;

const clean = (text: string, max: number) =>
  [...text]
    .filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127)
    .join('')
    .slice(0, max)
    .trim();

/** The link's form: {n: name, c: [class names]}. */
export function encodeFolder(folder: SharedFolder): { n: string; c: string[] } {
  return {
    n: clean(folder.name, MAX_NAME),
    c: folder.classNames.slice(0, MAX_CLASSES).map((c) => clean(c, MAX_CLASS_NAME)),
  };
}

/** The folder a link names; null when it names none; a string saying what is wrong with it. */
export function readFolder(raw: unknown): SharedFolder | null | string {
  if (raw === undefined) return null;
  const r = raw as { n?: unknown; c?: unknown };
  if (typeof raw !== 'object' || raw === null || typeof r.n !== 'string' || !Array.isArray(r.c))
    return 'the folder it names is not readable';
  if (r.c.length > MAX_CLASSES || !r.c.every((c) => typeof c === 'string'))
    return 'the folder it names has unreadable class names';
  const name = clean(r.n, MAX_NAME);
  if (!name) return 'the folder it names has no name';
  return { name, classNames: (r.c as string[]).map((c) => clean(c, MAX_CLASS_NAME)) };
}

/** What the student who opens the link reads about the data it needs. */
export function folderNote(folder: SharedFolder, loadedName: string | null): string {
  const classes = `${folder.classNames.length} classes: ${folder.classNames.join(', ')}`;
  if (loadedName === folder.name)
    return `It was made on the folder "${folder.name}" (${classes}), which is the data loaded now.`;
  return `It was made on the folder "${folder.name}" (${classes}): load that folder in Data (one sub-folder per class) to train on the same images. Links never carry images.`;
}
