// One step of a guided lesson: what to do, the question to answer before the
// run, what to expect, the set-up button (current step), and once its run has
// ended the check of the student's number and the question's answer.
import { useId, useState } from 'react';
import { useLab } from '../../store';
import type { LessonStep } from '../../model/lessons';
import type { StepRecord } from './use-lesson-checks';

export type StepState = 'todo' | 'current' | 'done';

interface Props {
  step: LessonStep;
  n: number;
  state: StepState;
  record: StepRecord;
  /** Why the step cannot be set up here (the transfer lesson's missing base weights), or null. */
  missing: string | null;
}

const pct = (v: number) => v.toFixed(3);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function expectText(step: LessonStep): string {
  const e = step.expect;
  if (e.kind === 'baseline') return 'Expect: no band yet: this run is the number the next steps have to beat.';
  if (e.kind === 'above') return `Expect: a test accuracy above your from-scratch run (step ${e.step}).`;
  if (e.metric === 'best-epoch') return `Expect: the lowest validation loss at epoch ${e.low}-${e.high}.`;
  return `Expect: test accuracy ${pct(e.low)}-${pct(e.high)}.`;
}

export function LessonStepItem({ step, n, state, record, missing }: Props) {
  const setUp = useLab((s) => s.setUpLessonStep);
  const goTo = useLab((s) => s.goToLessonStep);
  const setup = useLab((s) => s.lessonSetup);
  const locked = useLab((s) => s.dataLock);
  const [picked, setPicked] = useState<number | null>(null);
  const name = useId();
  const { check } = record;
  const revealed = state === 'done' && check !== null;

  return (
    <li
      className="lesson-step"
      data-testid="lesson-step"
      data-step={n}
      data-state={state}
      aria-current={state === 'current' ? 'step' : undefined}
    >
      <div className="lesson-step-head">
        <span className="lesson-step-n" aria-hidden="true">
          {state === 'done' ? '\u2713' : n}
        </span>
        <span className="lesson-step-title">{step.title}</span>
        {state !== 'current' && (
          <button type="button" className="link" onClick={() => goTo(n)} aria-label={`Go to step ${n}: ${step.title}`}>
            {state === 'done' ? 'Again' : 'Go'}
          </button>
        )}
      </div>
      {state === 'current' && (
        <div className="lesson-step-body">
          <p>{step.doThis}</p>
          <fieldset className="lesson-predict">
            <legend>Predict first: {step.predict.question}</legend>
            {step.predict.options.map((option, i) => (
              <label key={option}>
                <input type="radio" name={name} checked={picked === i} onChange={() => setPicked(i)} /> {option}
              </label>
            ))}
          </fieldset>
          <p className="lesson-expect">
            {expectText(step)} <span className="muted">Takes {step.takes}.</span>
          </p>
          {missing ? (
            <p className="lesson-missing" data-testid="lesson-missing" role="note">
              {missing}
            </p>
          ) : (
            <>
              <button
                type="button"
                className="primary"
                data-testid="lesson-setup-button"
                disabled={setup.phase === 'working' || locked !== null}
                title={locked ?? undefined}
                onClick={() => void setUp()}
              >
                {setup.phase === 'working' ? 'Setting up\u2026' : 'Set it up for me'}
              </button>
              <p className="muted lesson-then">Then press Train; this step is checked when the run ends.</p>
            </>
          )}
          {setup.phase === 'failed' && (
            <p className="lesson-error" role="alert">
              {setup.why}
            </p>
          )}
        </div>
      )}
      {revealed && (
        <div className="lesson-step-body">
          <p
            className="lesson-check"
            data-testid="lesson-check"
            data-state={check.state}
            data-value={check.value}
            data-low={check.low}
            data-high={check.high}
          >
            <span className="lesson-check-mark" aria-hidden="true">
              {check.state === 'pass' ? '\u2713' : '!'}
            </span>{' '}
            {capitalised(check.words)}.
          </p>
          <p className="lesson-answer">
            <strong>Answer: {step.predict.options[step.predict.answer]}.</strong>{' '}
            {picked !== null && (
              <span className="lesson-guess">
                {picked === step.predict.answer
                  ? 'You predicted it. '
                  : `You predicted: ${step.predict.options[picked]}. `}
              </span>
            )}
            {step.predict.why}
          </p>
          <p className="muted lesson-source">Band: {step.expect.source}.</p>
        </div>
      )}
      {state === 'done' && !check && <p className="muted lesson-step-body">This step’s run was deleted.</p>}
    </li>
  );
}
