// A picked or dropped image file as the model's input: resized to H x W by
// the browser (createImageBitmap) and read back through an OffscreenCanvas,
// grey by Keras' luma weights for a 1-channel model. On the main thread (one
// small image, no tfjs); a file the browser cannot decode gets a clear error.
import { luminance } from '../../data/pixels';

export async function decodeImageFile(
  file: Blob,
  shape: { height: number; width: number; channels: number },
): Promise<Uint8Array> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      resizeWidth: shape.width,
      resizeHeight: shape.height,
      resizeQuality: 'high',
    });
  } catch {
    throw new Error('This file is not an image the browser can read (use a PNG, JPEG, GIF, BMP or WebP).');
  }
  const canvas = new OffscreenCanvas(shape.width, shape.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, shape.width, shape.height).data;
  const out = new Uint8Array(shape.height * shape.width * shape.channels);
  for (let p = 0; p < shape.height * shape.width; p++) {
    const [r, g, b] = [rgba[p * 4]!, rgba[p * 4 + 1]!, rgba[p * 4 + 2]!];
    if (shape.channels === 1) out[p] = luminance(r, g, b);
    else out.set([r, g, b], p * 3);
  }
  return out;
}
