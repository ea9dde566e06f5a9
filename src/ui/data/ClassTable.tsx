// Images per class and split (class-row in the test contract), in Keras' label order.
import { useMemo } from 'react';
import { useLab } from '../../store';
import { classCounts } from '../../data/split-pixels';
import { WebcamButton } from './webcam/WebcamButton';

export function ClassTable({
  selected,
  onSelect,
  onWebcam,
}: {
  selected: number;
  onSelect: (label: number) => void;
  onWebcam: (cls: string) => void;
}) {
  const dataset = useLab((s) => s.dataset);
  const counts = useMemo(() => (dataset ? classCounts(dataset) : []), [dataset]);
  if (!dataset) return null;
  const sum = (k: 'train' | 'val' | 'test') => counts.reduce((n, c) => n + c[k], 0);
  return (
    <table className="class-table" data-testid="class-table">
      <thead>
        <tr>
          <th>Label</th>
          <th>Class</th>
          <th className="num">Train</th>
          <th className="num">Validation</th>
          <th className="num">Test</th>
          <th>
            <span className="visually-hidden">Record</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {dataset.classNames.map((name, i) => {
          const c = counts[i]!;
          return (
            <tr
              key={name}
              data-testid="class-row"
              data-class={name}
              data-count-train={c.train}
              data-count-val={c.val}
              data-count-test={c.test}
              className={i === selected ? 'selected' : undefined}
              onClick={() => onSelect(i)}
              aria-selected={i === selected}
            >
              <td className="muted">{i}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onSelect(i)}
                  aria-label={`Show samples of ${name}`}
                >
                  {name}
                </button>
              </td>
              <td className="num">{c.train.toLocaleString('en-US')}</td>
              <td className="num">{c.val.toLocaleString('en-US')}</td>
              <td className="num">{c.test.toLocaleString('en-US')}</td>
              <td>
                <WebcamButton className={name} onOpen={onWebcam} />
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <td />
          <td>Total</td>
          <td className="num" data-testid="total-train">
            {sum('train').toLocaleString('en-US')}
          </td>
          <td className="num" data-testid="total-val">
            {sum('val').toLocaleString('en-US')}
          </td>
          <td className="num" data-testid="total-test">
            {sum('test').toLocaleString('en-US')}
          </td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
