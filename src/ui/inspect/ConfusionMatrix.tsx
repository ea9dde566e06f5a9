// Where the model goes wrong: the confusion matrix (rows: true class, columns:
// predicted), each cell opening its images; per-class precision and recall;
// and the images the model got wrong most confidently.
import { useState } from 'react';
import type { ImageDataset } from '../../data/types';
import type { ConfusionResult } from '../../client/types';
import { DatasetImageCanvas } from './DatasetImageCanvas';
import { fmt } from './colour';
import './inspect.css';

export interface ConfusionMatrixProps {
  result: ConfusionResult;
  classNames: string[];
  /** The dataset and split the result was computed on (to show a cell's images). */
  dataset: ImageDataset;
  split: 'val' | 'test';
  /** Images shown for an opened cell. */
  maxImages?: number;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function ConfusionMatrix({ result, classNames, dataset, split, maxImages = 48 }: ConfusionMatrixProps) {
  const n = result.numClasses;
  const [open, setOpen] = useState<number | null>(null);
  const name = (c: number) => classNames[c] ?? `class ${c}`;
  const rowTotals = Array.from({ length: n }, (_, t) =>
    result.matrix.subarray(t * n, (t + 1) * n).reduce((a, b) => a + b, 0),
  );
  const cell = open === null ? null : result.cells[open];
  if (result.count === 0)
    return (
      <p className="inspect-note">
        This split has no images, so there is nothing to score. Load a dataset with a test split, or use the validation
        split.
      </p>
    );

  return (
    <div className="confusion-view">
      <p className="inspect-note">
        {result.count} images, {pct(result.accuracy)} right. Rows are the true class, columns the prediction; the
        diagonal is right. Click a cell to see its images.
      </p>
      <table className="confusion">
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {Array.from({ length: n }, (_, p) => (
              <th key={p} scope="col">
                {name(p)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: n }, (_, t) => (
            <tr key={t}>
              <th scope="row">{name(t)}</th>
              {Array.from({ length: n }, (_, p) => {
                const k = t * n + p;
                const count = result.matrix[k]!;
                const share = rowTotals[t] ? count / rowTotals[t]! : 0;
                const tint = t === p ? '43, 138, 62' : '192, 38, 45';
                return (
                  <td key={p}>
                    <button
                      type="button"
                      data-testid="confusion-cell"
                      data-true={t}
                      data-pred={p}
                      data-count={count}
                      aria-pressed={open === k}
                      aria-label={`true ${name(t)}, predicted ${name(p)}: ${count} images`}
                      style={{ background: count ? `rgba(${tint}, ${0.12 + 0.6 * share})` : undefined }}
                      onClick={() => setOpen(open === k ? null : k)}
                    >
                      {count}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>

      {open !== null && cell && (
        <div className="confusion-cell-images">
          <h4>
            True {name(Math.floor(open / n))}, predicted {name(open % n)}: {cell.length} images
            {cell.length > maxImages ? ` (the first ${maxImages})` : ''}
          </h4>
          <div className="inspect-grid">
            {Array.from(cell.subarray(0, maxImages), (index) => (
              <DatasetImageCanvas
                key={index}
                dataset={dataset}
                split={split}
                index={index}
                size={56}
                label={`image ${index}`}
                data-index={index}
              />
            ))}
          </div>
        </div>
      )}

      <table className="num-grid">
        <caption>
          Per class: precision (of the images predicted as the class, how many are) and recall (of the images of the
          class, how many were found)
        </caption>
        <tbody>
          <tr>
            <td>class</td>
            <td>precision</td>
            <td>recall</td>
          </tr>
          {Array.from({ length: n }, (_, c) => (
            <tr
              key={c}
              data-testid="class-precision-row"
              data-class={name(c)}
              data-precision={result.precision[c] ?? ''}
              data-recall={result.recall[c] ?? ''}
            >
              <td>{name(c)}</td>
              <td>{pct(result.precision[c]!)}</td>
              <td>{pct(result.recall[c]!)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {result.wrong.length > 0 && (
        <>
          <h4>Most confidently wrong</h4>
          <div className="inspect-grid">
            {result.wrong.map((w) => (
              <div key={w.index} className="inspect-cell">
                <DatasetImageCanvas
                  dataset={dataset}
                  split={split}
                  index={w.index}
                  size={64}
                  label={`image ${w.index}`}
                  data-testid="wrong-image"
                  data-index={w.index}
                  data-true={w.trueClass}
                  data-pred={w.predicted}
                  data-confidence={w.confidence}
                />
                <span>
                  {name(w.trueClass)} → {name(w.predicted)} ({fmt(w.confidence * 100, 1)}%)
                </span>
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
