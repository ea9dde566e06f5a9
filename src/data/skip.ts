// Which files are not images to decode, and why: decided from the name and
// size first (cheap, before reading), then from the first bytes (sniffImage).

export interface SkippedFile {
  /** Path inside the chosen folder. */
  path: string;
  reason: string;
}

/** Extensions Keras' image_dataset_from_directory reads, plus WebP; compared case-insensitively. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp'] as const;
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', 'icon\r', '.ds_store']);

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
export const extensionOf = (path: string): string => {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** Why a file is skipped before it is read, or null when it should be decoded. */
export function skipReasonByName(path: string, size: number): string | null {
  const segments = path.split('/');
  const name = segments[segments.length - 1] ?? '';
  const lower = name.toLowerCase();
  if (lower === '.ds_store') return 'macOS folder settings file (.DS_Store)';
  if (name.startsWith('._')) return 'macOS resource-fork file (._*)';
  if (SYSTEM_FILES.has(lower)) return `Windows system file (${name})`;
  if (name.startsWith('.')) return 'hidden file';
  if (segments.slice(0, -1).some((s) => s.startsWith('.'))) return 'inside a hidden folder';
  const ext = extensionOf(path);
  if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
    return ext ? `not an image (.${ext} file)` : 'not an image (no image file extension)';
  }
  if (size === 0) return 'empty file (0 bytes)';
  return null;
}

export type SniffedType = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

/** The image format from the first bytes (magic numbers), or null when it is none we decode. */
export function sniffImage(head: Uint8Array): SniffedType | null {
  const at = (i: number) => head[i] ?? -1;
  const ascii = (from: number, text: string) => [...text].every((ch, k) => at(from + k) === ch.charCodeAt(0));
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if (at(0) === 0x89 && ascii(1, 'PNG')) return 'png';
  if (ascii(0, 'GIF8')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'BM')) return 'bmp';
  return null;
}

export const NOT_AN_IMAGE = 'not a valid image: its contents are not JPEG, PNG, GIF, WebP or BMP';
export const CORRUPT_IMAGE = 'corrupt image: the browser could not decode it';
