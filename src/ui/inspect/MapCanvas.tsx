// One map (a kernel, a feature map, an image) drawn pixel-sharp on a canvas,
// scaled up by a whole number, with optional outlined boxes (the patch under a
// kernel, a pooling window) and the value under the pointer in its tooltip.
// Picking a pixel works with the mouse, and with the keyboard when `onPick`
// is given: arrows move the picked pixel, Enter/Space picks it again.
import { useEffect, useRef, useState, type CanvasHTMLAttributes, type KeyboardEvent, type MouseEvent } from 'react';

export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
  colour: string;
}

type CanvasAttrs = Omit<
  CanvasHTMLAttributes<HTMLCanvasElement>,
  'height' | 'width' | 'title' | 'onKeyDown' | 'onClick'
>;

export interface MapCanvasProps extends CanvasAttrs {
  height: number;
  width: number;
  /** height x width x 4 RGBA. */
  rgba: Uint8ClampedArray;
  /** Target size of the longer side in CSS pixels (rounded down to a whole zoom, at least 1x). */
  size?: number;
  boxes?: Box[];
  /** Tooltip text for a pixel. */
  describe?: (row: number, col: number) => string;
  /** Base tooltip when the pointer is not over a pixel. */
  label: string;
  onPick?: (row: number, col: number) => void;
  /** The pixel the keyboard moves from (usually the picked one). */
  current?: [number, number];
  'data-testid'?: string;
  [data: `data-${string}`]: string | number | undefined;
}

export function MapCanvas({
  height,
  width,
  rgba,
  size = 96,
  boxes,
  describe,
  label,
  onPick,
  current,
  ...rest
}: MapCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const zoom = Math.max(1, Math.floor(size / Math.max(height, width, 1)));
  const [title, setTitle] = useState(label);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rgba.length !== height * width * 4 || !height || !width) return;
    const source = new OffscreenCanvas(width, height);
    source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0, width * zoom, height * zoom);
    for (const b of boxes ?? []) {
      ctx.strokeStyle = b.colour;
      ctx.lineWidth = Math.max(1, Math.min(3, zoom / 3));
      ctx.strokeRect(b.left * zoom + 0.5, b.top * zoom + 0.5, b.width * zoom - 1, b.height * zoom - 1);
    }
  }, [rgba, height, width, zoom, boxes]);

  const at = (e: MouseEvent<HTMLCanvasElement>): [number, number] | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const row = Math.floor(((e.clientY - r.top) / r.height) * height);
    const col = Math.floor(((e.clientX - r.left) / r.width) * width);
    return row >= 0 && col >= 0 && row < height && col < width ? [row, col] : null;
  };
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!onPick) return;
    const [row, col] = current ?? [0, 0];
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Enter: [0, 0],
      ' ': [0, 0],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    onPick(Math.min(height - 1, Math.max(0, row + m[0])), Math.min(width - 1, Math.max(0, col + m[1])));
  };

  return (
    <canvas
      {...rest}
      ref={ref}
      height={height * zoom}
      width={width * zoom}
      title={title}
      aria-label={label}
      tabIndex={onPick ? 0 : rest.tabIndex}
      className={`map-canvas${onPick ? ' pickable' : ''}${rest.className ? ` ${rest.className}` : ''}`}
      onMouseMove={(e) => {
        const p = at(e);
        setTitle(p && describe ? describe(p[0], p[1]) : label);
      }}
      onMouseLeave={() => setTitle(label)}
      onClick={(e) => {
        const p = at(e);
        if (p && onPick) onPick(p[0], p[1]);
      }}
      onKeyDown={onKey}
    />
  );
}
