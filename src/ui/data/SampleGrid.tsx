// Thumbnails of one class, virtualised: only the rows in view are drawn, so
// a class of 5,000 images scrolls as smoothly as one of 50. Each thumbnail
// has an "augment" action: it opens Model's augmentation preview on that image.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab } from '../../store';
import { SPLITS, type ImageDataset, type SplitName } from '../../data/types';
import { useDatasetImage } from '../common/use-dataset-image';
import './sample-preview.css';

const THUMB = 64;
const GAP = 6;
const VIEW_HEIGHT = 300;
const SPLIT_LABEL: Record<SplitName, string> = { train: 'train', val: 'validation', test: 'test' };

function Thumb({ dataset, split, index }: { dataset: ImageDataset; split: SplitName; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  // While a run keeps the pixels on disk, null until the training worker has read this one.
  const src = useDatasetImage(dataset, split, index);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !src) return;
    const { height, width, channels } = dataset;
    const img = ctx.createImageData(width, height);
    for (let p = 0; p < height * width; p++) {
      img.data[p * 4] = src[p * channels]!;
      img.data[p * 4 + 1] = src[p * channels + (channels === 3 ? 1 : 0)]!;
      img.data[p * 4 + 2] = src[p * channels + (channels === 3 ? 2 : 0)]!;
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [dataset, src]);
  return (
    <canvas
      ref={ref}
      width={dataset.width}
      height={dataset.height}
      className="thumb"
      data-testid="sample-thumb"
      data-state={src ? 'drawn' : 'reading'}
    />
  );
}

export function SampleGrid({ label }: { label: number }) {
  const dataset = useLab((s) => s.dataset);
  const items = useLab((s) => s.dataItems);
  const previewAugmentationOf = useLab((s) => s.previewAugmentationOf);
  const [split, setSplit] = useState<SplitName | 'all'>('all');
  const [scrollTop, setScrollTop] = useState(0);
  const [width, setWidth] = useState(600);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const members = useMemo(() => {
    const list: { split: SplitName; index: number }[] = [];
    for (const s of SPLITS) {
      if (!dataset || (split !== 'all' && split !== s)) continue;
      dataset[s].labels.forEach((l, index) => l === label && list.push({ split: s, index }));
    }
    return list;
  }, [dataset, label, split]);

  if (!dataset) return null;
  const perRow = Math.max(1, Math.floor((width + GAP) / (THUMB + GAP)));
  const rows = Math.ceil(members.length / perRow);
  const rowHeight = THUMB + GAP;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - 1);
  const last = Math.min(rows, Math.ceil((scrollTop + VIEW_HEIGHT) / rowHeight) + 1);
  const visible = members.slice(first * perRow, last * perRow);

  return (
    <div className="sample-grid" data-testid="sample-grid">
      <div className="sample-grid-head">
        <strong>{dataset.classNames[label]}</strong>
        <span className="muted">{members.length.toLocaleString('en-US')} images</span>
        <div className="segmented" role="group" aria-label="Split shown">
          {(['all', ...SPLITS] as const).map((s) => (
            <button key={s} type="button" aria-pressed={split === s} onClick={() => setSplit(s)}>
              {s === 'all' ? 'all' : SPLIT_LABEL[s]}
            </button>
          ))}
        </div>
      </div>
      <div
        ref={box}
        className="sample-scroll"
        style={{ height: VIEW_HEIGHT }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        tabIndex={0}
        aria-label="Sample images"
      >
        <div style={{ height: rows * rowHeight, position: 'relative' }}>
          {visible.map((m, k) => {
            const i = first * perRow + k;
            const path = items?.[m.split][m.index]?.path ?? '';
            return (
              <figure
                key={`${m.split}-${m.index}`}
                className="thumb-cell"
                style={{
                  top: Math.floor(i / perRow) * rowHeight,
                  left: (i % perRow) * (THUMB + GAP),
                  width: THUMB,
                  height: THUMB,
                }}
                title={`${path} (${SPLIT_LABEL[m.split]})`}
              >
                <Thumb dataset={dataset} split={m.split} index={m.index} />
                <button
                  type="button"
                  className="thumb-augment"
                  data-testid="preview-augmentation"
                  onClick={() => previewAugmentationOf(m.split, m.index)}
                  title="Preview augmentation: open Model with nine augmented versions of this image"
                  aria-label={`Preview augmentation of ${path || 'this image'}`}
                >
                  augment
                </button>
              </figure>
            );
          })}
        </div>
        {members.length === 0 && <p className="empty">No images of this class in this split.</p>}
      </div>
    </div>
  );
}
