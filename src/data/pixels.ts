// Pixel conversions shared by the decoder and the built-in datasets.

/** Keras' rgb_to_grayscale weights (ITU-R 601 luma). */
export const luminance = (r: number, g: number, b: number): number => Math.round(0.2989 * r + 0.587 * g + 0.114 * b);

/** RGBA (canvas ImageData) to RGB or grayscale bytes; alpha is dropped, as Keras does. */
export function fromRgba(
  rgba: Uint8ClampedArray | Uint8Array,
  pixels: number,
  channels: 1 | 3,
  out: Uint8Array = new Uint8Array(pixels * channels),
): Uint8Array {
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4]!;
    const g = rgba[p * 4 + 1]!;
    const b = rgba[p * 4 + 2]!;
    if (channels === 1) out[p] = luminance(r, g, b);
    else {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    }
  }
  return out;
}

/** Bilinear resize with channel conversion (1 <-> 3), for images already in memory (MNIST). */
export function resizeImage(
  src: Uint8Array,
  sh: number,
  sw: number,
  sc: number,
  dh: number,
  dw: number,
  dc: number,
  out = new Uint8Array(dh * dw * dc),
): Uint8Array {
  const sample = (y: number, x: number, c: number) => {
    const fy = Math.max(0, Math.min(sh - 1, ((y + 0.5) * sh) / dh - 0.5));
    const fx = Math.max(0, Math.min(sw - 1, ((x + 0.5) * sw) / dw - 0.5));
    const y0 = Math.floor(fy);
    const x0 = Math.floor(fx);
    const y1 = Math.min(sh - 1, y0 + 1);
    const x1 = Math.min(sw - 1, x0 + 1);
    const wy = fy - y0;
    const wx = fx - x0;
    const at = (yy: number, xx: number) => src[(yy * sw + xx) * sc + c]!;
    return (at(y0, x0) * (1 - wx) + at(y0, x1) * wx) * (1 - wy) + (at(y1, x0) * (1 - wx) + at(y1, x1) * wx) * wy;
  };
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const o = (y * dw + x) * dc;
      if (sc === dc) for (let c = 0; c < dc; c++) out[o + c] = Math.round(sample(y, x, c));
      else if (dc === 3) out[o] = out[o + 1] = out[o + 2] = Math.round(sample(y, x, 0));
      else out[o] = luminance(sample(y, x, 0), sample(y, x, 1), sample(y, x, 2));
    }
  }
  return out;
}
