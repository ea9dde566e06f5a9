// Feature maps: every channel of the chosen layer's output for one image, a
// page at a time (loaded through `loadPage`, so big layers never cross to the
// page whole), and a strip with one channel per layer from input to output,
// where the maps turn from edges into ever more abstract patterns.
import { useEffect, useRef, useState } from 'react';
import type { LayerActivation } from '../../client/types';
import { MapCanvas } from './MapCanvas';
import { fmt, paint, plain, sequential } from './colour';
import './inspect.css';

export interface FeatureMapsProps {
  /** One channel (or more) of every layer, in layer order: the "more abstract" strip. */
  strip: LayerActivation[];
  /** The chosen layer (Keras name). */
  layer: string;
  /** Channels [offset, offset + limit) of a layer, for the image already chosen. */
  loadPage: (layer: string, offset: number, limit: number) => Promise<LayerActivation>;
  pageSize?: number;
}

const shapeText = (shape: (number | null)[]) => `(${shape.map((d) => (d === null ? 'None' : d)).join(', ')})`;

function ChannelCanvas({ a, k, size, testId }: { a: LayerActivation; k: number; size: number; testId?: string }) {
  const map = a.height * a.width;
  const values = a.values.subarray(k * map, (k + 1) * map);
  const min = a.min[k]!;
  const max = a.max[k]!;
  const channel = a.channelOffset + k;
  return (
    <MapCanvas
      data-testid={testId}
      data-channel={channel}
      data-min={plain(min)}
      data-max={plain(max)}
      data-mean={plain(a.mean[k]!)}
      height={a.height}
      width={a.width}
      rgba={paint(values, a.height, a.width, (v) => sequential(v, min, max))}
      size={size}
      label={`${a.name} channel ${channel}: ${fmt(min)} to ${fmt(max)}`}
      describe={(r, c) => `${a.name} channel ${channel} (${r}, ${c}): ${fmt(values[r * a.width + c]!)}`}
    />
  );
}

/** A flat layer's units as one bar of cells (a 1 x units map). */
function VectorStrip({ a }: { a: LayerActivation }) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of a.values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return (
    <MapCanvas
      height={1}
      width={a.returned}
      rgba={paint(a.values, 1, a.returned, (v) => sequential(v, min, max))}
      size={Math.min(600, a.returned * 8)}
      style={{ height: 16, width: Math.min(600, a.returned * 8) }}
      label={`${a.name}: ${a.returned} units from ${a.channelOffset}, ${fmt(min)} to ${fmt(max)}`}
      describe={(_r, c) => `${a.name} unit ${a.channelOffset + c}: ${fmt(a.values[c]!)}`}
    />
  );
}

export function FeatureMaps({ strip, layer, loadPage, pageSize = 64 }: FeatureMapsProps) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ key: string; data: LayerActivation } | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const key = `${layer}:${offset}:${pageSize}`;
  const [shownLayer, setShownLayer] = useState(layer);
  if (shownLayer !== layer) {
    // A new layer starts at its first page.
    setShownLayer(layer);
    setOffset(0);
  }

  // The latest loader, without reloading when only its identity changes (an inline function from the parent).
  const loader = useRef(loadPage);
  useEffect(() => {
    loader.current = loadPage;
  });

  useEffect(() => {
    let live = true;
    loader.current(layer, offset, pageSize).then(
      (data) => live && setPage({ key, data }),
      (e: unknown) => live && setError({ key, message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [layer, offset, pageSize, key]);

  const current = page?.key === key ? page.data : null;
  const failed = error?.key === key ? error.message : null;
  const info = strip.find((a) => a.name === layer) ?? current;
  return (
    <div className="feature-maps">
      {info && (
        <h4>
          {info.name}{' '}
          <span className="inspect-note">
            {info.className}, output {shapeText(info.shape)}
          </span>
        </h4>
      )}
      {failed && (
        <p className="inspect-error" role="alert">
          Could not compute the feature maps: {failed}
        </p>
      )}
      {!current && !failed && <p className="inspect-note">Computing the feature maps…</p>}
      {current && current.height * current.width === 1 && <VectorStrip a={current} />}
      {current && current.height * current.width > 1 && (
        <>
          {current.channels > pageSize && (
            <div className="inspect-pager">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
                Previous
              </button>
              <span>
                channels {offset}-{offset + current.returned - 1} of {current.channels}
              </span>
              <button
                type="button"
                disabled={offset + pageSize >= current.channels}
                onClick={() => setOffset(offset + pageSize)}
              >
                Next
              </button>
            </div>
          )}
          <div className="inspect-grid">
            {Array.from({ length: current.returned }, (_, k) => (
              <div key={current.channelOffset + k} className="inspect-cell">
                <ChannelCanvas a={current} k={k} size={80} testId="feature-map-cell" />
                <span>{current.channelOffset + k}</span>
              </div>
            ))}
          </div>
        </>
      )}
      {strip.some((a) => a.height * a.width > 1) && (
        <>
          <p className="inspect-note">
            One channel per layer, input to output: the early maps follow edges and strokes, later ones are smaller and
            more abstract.
          </p>
          <div className="inspect-strip">
            {strip
              .filter((a) => a.height * a.width > 1 && a.returned > 0)
              .map((a) => (
                <div key={a.name} className="inspect-cell">
                  <ChannelCanvas a={a} k={0} size={72} />
                  <span>
                    {a.name} {a.height}x{a.width}
                  </span>
                </div>
              ))}
          </div>
        </>
      )}
    </div>
  );
}
