// model.summary() as Keras prints it: name (type), output shape, params, then
// totals with their float32 size.
import type { ArchSummary } from '../../model/infer';
import { kerasShape, paramsWithSize, withCommas } from '../../model/format';
import { kerasClassName } from '../../model/layers';

interface Props {
  summary: ArchSummary;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function SummaryTable({ summary, selectedId, onSelect }: Props) {
  const partial = !summary.valid && summary.rows.some((r) => r.params === null);
  return (
    <div className="summary">
      <table className="summary-table">
        <thead>
          <tr>
            <th scope="col">Layer (type)</th>
            <th scope="col">Output Shape</th>
            <th scope="col" className="num">
              Param #
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="summary-input-row muted">
            <td>input_layer (InputLayer)</td>
            <td className="shape">{kerasShape(summary.input)}</td>
            <td className="num">0</td>
          </tr>
          {summary.rows.map((row) => (
            <tr
              key={row.id}
              data-testid="summary-row"
              data-layer-type={kerasClassName(row.type)}
              data-layer-name={row.name}
              data-output-shape={row.outputShape ? ['None', ...row.outputShape].join(',') : ''}
              data-params={row.params ?? ''}
              className={`${row.issue ? 'row-error' : ''}${row.id === selectedId ? ' selected' : ''}`}
              onClick={() => onSelect(row.id)}
            >
              <td>
                {row.name} ({kerasClassName(row.type)})
                {row.issue && (
                  <span className="badge error" title={row.issue.message}>
                    error
                  </span>
                )}
                {row.warning && (
                  <span className="badge warn" title={row.warning}>
                    check
                  </span>
                )}
              </td>
              <td className="shape">{row.outputShape ? kerasShape(row.outputShape) : '?'}</td>
              <td className="num">{row.params === null ? '?' : withCommas(row.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals">
        <dt>Total params:</dt>
        <dd data-testid="summary-total-params" data-value={summary.totalParams}>
          {paramsWithSize(summary.totalParams)}
          {partial && <span className="muted"> (up to the first error)</span>}
        </dd>
        <dt>Trainable params:</dt>
        <dd data-testid="summary-trainable-params">{paramsWithSize(summary.trainableParams)}</dd>
        <dt>Non-trainable params:</dt>
        <dd data-testid="summary-non-trainable-params">{paramsWithSize(summary.nonTrainableParams)}</dd>
      </dl>
    </div>
  );
}
