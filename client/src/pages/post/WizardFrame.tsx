import { useEffect, useRef, type ReactNode } from 'react';
import { focusFirstProblem, focusWhenPresent } from '../../lib/focus';
import { formatDate } from '../../lib/format';
import { STEPS, type StepKey } from './steps';

/**
 * The wizard around the current step: the steps (those reachable are links) and when the draft was
 * last saved. A new step takes the focus to its heading; each failed save (`failures` counts them)
 * takes it to the first field to fix, or to the error that says what went wrong.
 */
export function WizardFrame({
  step,
  onStep,
  reachable,
  savedAt,
  failures = 0,
  children,
}: {
  step: StepKey;
  onStep: (step: StepKey) => void;
  reachable: Set<StepKey>;
  savedAt?: string;
  failures?: number;
  children: ReactNode;
}) {
  const current = STEPS.findIndex((s) => s.key === step);
  const body = useRef<HTMLDivElement>(null);
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    if (!body.current) return;
    return focusWhenPresent(body.current, (root) => root.querySelector<HTMLElement>('h2'));
  }, [step]);
  useEffect(() => {
    if (failures === 0) return;
    focusFirstProblem(body.current);
  }, [failures]);
  return (
    <section className="wizard">
      <h1>Post a gig</h1>
      <nav aria-label="Steps">
        <ol className="steps">
          {STEPS.map((s, index) => (
            <li key={s.key} className={index === current ? 'steps__item steps__item--current' : index < current ? 'steps__item steps__item--done' : 'steps__item'}>
              {index !== current && reachable.has(s.key) ? (
                <button type="button" className="link-button" onClick={() => onStep(s.key)}>
                  <span className="steps__number">{index + 1}</span> <span className="steps__label">{s.label}</span>
                </button>
              ) : (
                <span aria-current={index === current ? 'step' : undefined}>
                  <span className="steps__number">{index + 1}</span> <span className="steps__label">{s.label}</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {savedAt && (
        <p className="muted small" role="status">
          Draft saved {formatDate(savedAt)}. You can leave and resume it from your employer page or from “Post a gig”.
        </p>
      )}
      <div ref={body} className="card stack wizard__body" data-focus-heading>
        {children}
      </div>
    </section>
  );
}

/** Back (when there is a step before) and save, at the end of a step's form. */
export function StepButtons({ onBack, saving, label = 'Save and continue' }: { onBack?: () => void; saving: boolean; label?: string }) {
  return (
    <div className="row row--end">
      {onBack && (
        <button type="button" className="button button--secondary" onClick={onBack}>
          Back
        </button>
      )}
      <button type="submit" className="button" disabled={saving}>
        {saving ? 'Saving…' : label}
      </button>
    </div>
  );
}
