// Training that collapsed (a loss that jumped and stayed up, predictions fallen to one class), said beside the
// curves as plainly as a loss that blew up to NaN: what happened, the likely cause and the fix (model/collapse.ts).
import { useMemo } from 'react';
import type { Run } from '../../store/train-runs';
import { runCollapse } from '../../store/runs/compare';

export function CollapseNote({ run }: { run: Run }) {
  const collapse = useMemo(() => runCollapse(run), [run]);
  if (!collapse) return null;
  return (
    <div
      className="notice error collapse-note"
      role="alert"
      data-testid="collapse-note"
      data-kind={collapse.kind}
      data-epoch={collapse.epoch}
    >
      <p>
        <strong>{collapse.message}</strong>
      </p>
      <p>{collapse.fix}</p>
    </div>
  );
}
