import type { ReactNode } from 'react';
import { formatDate } from '../../lib/format';
import { STEPS, type StepKey } from './steps';

/** The wizard around the current step: the steps (those reachable are links) and when the draft was last saved. */
export function WizardFrame({
  step,
  onStep,
  reachable,
  savedAt,
  children,
}: {
  step: StepKey;
  onStep: (step: StepKey) => void;
  reachable: Set<StepKey>;
  savedAt?: string;
  children: ReactNode;
}) {
  const current = STEPS.findIndex((s) => s.key === step);
  return (
    <section className="wizard">
      <h1>Post a gig</h1>
      <nav aria-label="Steps">
        <ol className="steps">
          {STEPS.map((s, index) => (
            <li key={s.key} className={index === current ? 'steps__item steps__item--current' : index < current ? 'steps__item steps__item--done' : 'steps__item'}>
              {index !== current && reachable.has(s.key) ? (
                <button type="button" className="link-button" onClick={() => onStep(s.key)}>
                  <span className="steps__number">{index + 1}</span> {s.label}
                </button>
              ) : (
                <span aria-current={index === current ? 'step' : undefined}>
                  <span className="steps__number">{index + 1}</span> {s.label}
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
      <div className="card stack wizard__body">{children}</div>
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
