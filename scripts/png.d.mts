export type PngMode = 'gray' | 'rgb' | 'palette' | 'rgba';
export const PNG_COLOR_TYPE: Record<PngMode, number>;
export const PNG_CHANNELS: Record<PngMode, number>;
export function encodePng(
  width: number,
  height: number,
  mode: PngMode,
  sample: (x: number, y: number, c: number) => number,
  palette?: number[],
): Buffer;
