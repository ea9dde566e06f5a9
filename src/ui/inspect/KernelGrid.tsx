// What a layer has learned: one cell per filter of a Conv2D layer (its input
// channels tiled, or one RGB image for a first layer on colour input), or one
// image per unit of a Dense layer that reads the image directly. Weights use
// the diverging scale over the layer's own range, so cells compare.
import { useMemo, useState } from 'react';
import type { KernelSet } from '../../client/types';
import { MapCanvas } from './MapCanvas';
import { diverging, fmt, paint, paintRgb, plain, tileLayout } from './colour';
import './inspect.css';

const PAGE = 64;

export interface KernelGridProps {
  kernels: KernelSet;
  /** Draw a 3-channel filter as one colour image (a first layer on colour input). */
  rgb?: boolean;
  selected?: number;
  onSelect?: (filter: number) => void;
  /** Epoch of these weights, for the caption (when scrubbing snapshots). */
  epoch?: number;
}

function filterImage(k: KernelSet, f: number, rgb: boolean, absMax: number) {
  const size = k.height * k.width * k.channels;
  const values = k.values.subarray(f * size, (f + 1) * size);
  if (rgb && k.channels === 3)
    return {
      height: k.height,
      width: k.width,
      rgba: paintRgb(values, k.height, k.width),
      at: (r: number, c: number) =>
        `(${r}, ${c}): R ${fmt(values[(r * k.width + c) * 3]!)}, G ${fmt(values[(r * k.width + c) * 3 + 1]!)}, B ${fmt(values[(r * k.width + c) * 3 + 2]!)}`,
    };
  // Tile the input channels: channel c of the filter is the kh x kw slice values[i, j, c].
  const t = tileLayout(k.channels, k.height, k.width);
  const tiled = new Float32Array(t.height * t.width).fill(NaN);
  for (let c = 0; c < k.channels; c++) {
    const [top, left] = t.origin(c);
    for (let i = 0; i < k.height; i++)
      for (let j = 0; j < k.width; j++)
        tiled[(top + i) * t.width + left + j] = values[(i * k.width + j) * k.channels + c]!;
  }
  const rgba = paint(tiled, t.height, t.width, (v) => (Number.isNaN(v) ? [128, 128, 128] : diverging(v, absMax)));
  const at = (r: number, c: number) => {
    const v = tiled[r * t.width + c]!;
    if (Number.isNaN(v)) return `filter ${f}`;
    const channel = Math.floor(r / (k.height + 1)) * t.cols + Math.floor(c / (k.width + 1));
    return `filter ${f}, input channel ${channel}, (${r % (k.height + 1)}, ${c % (k.width + 1)}): ${fmt(v)}`;
  };
  return { height: t.height, width: t.width, rgba, at };
}

export function KernelGrid({ kernels, rgb = false, selected, onSelect, epoch }: KernelGridProps) {
  const [page, setPage] = useState(0);
  const absMax = Math.max(Math.abs(kernels.min), Math.abs(kernels.max));
  const pages = Math.ceil(kernels.count / PAGE);
  const current = Math.min(page, pages - 1);
  const shown = useMemo(() => {
    const from = current * PAGE;
    return Array.from({ length: Math.min(PAGE, kernels.count - from) }, (_, i) => from + i).map((f) => ({
      f,
      ...filterImage(kernels, f, rgb, absMax),
    }));
  }, [kernels, rgb, absMax, current]);
  const what =
    kernels.kind === 'conv'
      ? `${kernels.count} filters of ${kernels.height}x${kernels.width}x${kernels.channels}`
      : `${kernels.count} units, each weight drawn at its input pixel (${kernels.height}x${kernels.width}x${kernels.channels})`;
  return (
    <div className="kernel-grid">
      <p className="inspect-note">
        {kernels.layer}: {what}
        {epoch !== undefined ? `, epoch ${epoch}` : ''}. Blue is negative, white 0, red positive (up to ±{fmt(absMax)}).
        {kernels.kind === 'dense-image' &&
          ' A Dense unit matches one pattern over the whole image; a Conv2D filter matches a small pattern anywhere.'}
      </p>
      {pages > 1 && (
        <div className="inspect-pager">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </button>
          <span>
            {current * PAGE + 1}-{Math.min(kernels.count, (current + 1) * PAGE)} of {kernels.count}
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </button>
        </div>
      )}
      <div className="inspect-grid">
        {shown.map(({ f, height, width, rgba, at }) => (
          <div key={f} className={`inspect-cell${selected === f ? ' selected' : ''}`}>
            <MapCanvas
              data-testid="kernel-cell"
              data-filter={f}
              data-bias={plain(kernels.bias[f]!)}
              height={height}
              width={width}
              rgba={rgba}
              size={kernels.kind === 'conv' ? 72 : 84}
              label={`${kernels.kind === 'conv' ? 'filter' : 'unit'} ${f}, bias ${fmt(kernels.bias[f]!)}`}
              describe={at}
              onPick={onSelect ? () => onSelect(f) : undefined}
              current={[0, 0]}
            />
            <span>{f}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
