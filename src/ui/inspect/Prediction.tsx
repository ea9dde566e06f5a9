// "Try it": the model's probability for each class of one image, and where it
// looked (a saliency or Grad-CAM map laid over the image: transparent where
// the map is 0, bright where it is 1).
import { useMemo } from 'react';
import type { SaliencyMap } from '../../client/types';
import { ImageCanvas, type ImageRef } from './ImageCanvas';
import { MapCanvas } from './MapCanvas';
import { fmt, plain, sequential } from './colour';
import './inspect.css';

export interface PredictionProps {
  probabilities: Float32Array;
  classNames: string[];
  image: ImageRef;
  saliency?: SaliencyMap | null;
}

/** Below this many cells a side, a Grad-CAM map only says roughly where (the chapter's MNIST convnet's last conv is 3x3). */
const COARSE_SIDE = 7;

function coarseText(map: SaliencyMap): string {
  if (!map.cells || Math.max(map.cells.height, map.cells.width) >= COARSE_SIDE) return '';
  return ` ${map.layer}'s map is only ${map.cells.height}×${map.cells.width} cells, so it is coarse: it shows roughly which part of the image, not which pixels.`;
}

function heatRgba(map: SaliencyMap): Uint8ClampedArray {
  const out = new Uint8ClampedArray(map.height * map.width * 4);
  map.values.forEach((v, p) => {
    const [r, g, b] = sequential(v, 0, 1);
    out.set([r, g, b, Math.round(255 * Math.min(1, v * 1.4))], p * 4);
  });
  return out;
}

export function Prediction({ probabilities, classNames, image, saliency }: PredictionProps) {
  let top = 0;
  probabilities.forEach((p, c) => {
    if (p > probabilities[top]!) top = c;
  });
  const heat = useMemo(() => (saliency ? heatRgba(saliency) : null), [saliency]);
  const name = (c: number) => classNames[c] ?? `class ${c}`;
  return (
    <div className="prediction">
      <div className="explainer-row">
        <div className="saliency-stack">
          <ImageCanvas image={image} size={180} label="the image" />
          {saliency && heat && (
            <MapCanvas
              data-testid="saliency-map"
              data-method={saliency.method}
              data-class={saliency.classIndex}
              height={saliency.height}
              width={saliency.width}
              rgba={heat}
              size={180}
              label={`${saliency.method === 'grad-cam' ? `Grad-CAM on ${saliency.layer}` : 'saliency'} for ${name(saliency.classIndex)}`}
              describe={(r, c) => `(${r}, ${c}): ${fmt(saliency.values[r * saliency.width + c]!, 3)}`}
            />
          )}
        </div>
        <div className="prediction-rows">
          {Array.from(probabilities, (p, c) => (
            <div
              key={c}
              className={`prediction-row${c === top ? ' top' : ''}`}
              data-testid="prediction-row"
              data-class={name(c)}
              data-probability={plain(p)}
            >
              <span>{name(c)}</span>
              <div className="prediction-bar" aria-hidden="true">
                <div style={{ width: `${(p * 100).toFixed(1)}%` }} />
              </div>
              <span>{(p * 100).toFixed(1)}%</span>
            </div>
          ))}
        </div>
      </div>
      {saliency && (
        <p className="inspect-note">
          {saliency.method === 'grad-cam'
            ? `Grad-CAM: the channels of ${saliency.layer} weighted by how much they raise the score of ${name(saliency.classIndex)}, scaled up to the image.${coarseText(saliency)}`
            : `Saliency: how strongly each pixel changes the score of ${name(saliency.classIndex)} (brighter = more).`}
        </p>
      )}
    </div>
  );
}
