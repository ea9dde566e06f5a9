// How a series of runs ended (the A/B, the three-way comparison): done, with a link to their comparison, or
// failed, saying why. Both dismissable.
import { useLab } from '../../store';
import type { SeriesState } from '../../store/runs/series';

interface Props<Plan> {
  state: SeriesState<Plan>;
  /** What "done" says, e.g. "Both runs finished." */
  doneText: string;
  /** data-testid of the failure notice. */
  failedTestId: string;
  onDismiss: () => void;
}

export function SeriesOutcome<Plan>({ state, doneText, failedTestId, onDismiss }: Props<Plan>) {
  const setCompare = useLab((s) => s.setCompare);
  const setSection = useLab((s) => s.setSection);
  const dismiss = (
    <button type="button" className="link" onClick={onDismiss}>
      Dismiss
    </button>
  );
  if (state.phase === 'done')
    return (
      <p className="ab-done" role="status">
        {doneText}{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setCompare(state.runIds);
            setSection('runs');
          }}
        >
          Compare them
        </button>{' '}
        {dismiss}
      </p>
    );
  if (state.phase === 'failed')
    return (
      <p className="notice" role="alert" data-testid={failedTestId}>
        {state.why} {dismiss}
      </p>
    );
  return null;
}
