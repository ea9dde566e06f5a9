// Reduced-size JPEG decoding (decode.worker.ts): a JPEG's size from its frame
// header, and the DCT scale (M/8) to decode it at for a target size. Pure.

export interface PixelSize {
  width: number;
  height: number;
}

/** Width and height from the first SOF marker (baseline, progressive, ...), or null when the bytes are no JPEG or it is not found. */
export function jpegSize(bytes: Uint8Array): PixelSize | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[i + 5]! << 8) | bytes[i + 6]!;
      const width = (bytes[i + 7]! << 8) | bytes[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    // Start of scan before any frame header: nothing to find.
    if (marker === 0xda) return null;
    i += 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
  }
  return null;
}

/**
 * Eighths of full size to decode at: the fewest with which even the image's
 * short side covers the target's long side (the EXIF orientation may turn
 * the image, so neither side may fall short); 8 means full size.
 */
export function decodeEighths(image: PixelSize, target: PixelSize): number {
  const need = Math.max(target.width, target.height) / Math.min(image.width, image.height);
  return Math.min(8, Math.max(1, Math.ceil(8 * need - 1e-9)));
}
