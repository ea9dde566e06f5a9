// One dataset image (Uint8, H x W x C) on a canvas, grey or colour.
import { useMemo } from 'react';
import { MapCanvas } from './MapCanvas';

export interface ImageRef {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

export function imageRgba({ pixels, height, width, channels }: ImageRef): Uint8ClampedArray {
  const out = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = pixels[p * channels + (channels === 3 ? c : 0)]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}

export function ImageCanvas({
  image,
  size = 64,
  label,
  ...rest
}: {
  image: ImageRef;
  size?: number;
  label: string;
  'data-testid'?: string;
  [data: `data-${string}`]: string | number | undefined;
}) {
  const rgba = useMemo(() => imageRgba(image), [image]);
  return <MapCanvas {...rest} height={image.height} width={image.width} rgba={rgba} size={size} label={label} />;
}
