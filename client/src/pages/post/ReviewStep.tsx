import type { ReactNode } from 'react';
import { formatBudget, formatDuration, formatLocation } from '../catalogue/ListingTerms';
import { MissingNotice } from './MissingNotice';
import type { Missing, StepKey } from './steps';

interface ReviewListing {
  title: string;
  description: string;
  projectType?: { name: string } | null;
  technologies: Array<{ id: string; name: string }>;
  budget?: Parameters<typeof formatBudget>[0] | null;
  duration?: Parameters<typeof formatDuration>[0] | null;
  location?: Parameters<typeof formatLocation>[0] | null;
  employer: { id: string; name: string };
}

/** The draft as freelancers will see it, each part with a way back to the step that edits it. */
export function ReviewStep({
  listing,
  missing,
  onEdit,
  onContinue,
}: {
  listing: ReviewListing;
  missing: Missing[];
  onEdit: (step: StepKey) => void;
  onContinue: () => void;
}) {
  const section = (title: string, step: StepKey | null, body: ReactNode) => (
    <div className="review__section">
      <div className="row row--between">
        <h3>{title}</h3>
        {step && (
          <button type="button" className="link-button" onClick={() => onEdit(step)} aria-label={`Edit ${title.toLowerCase()}`}>
            Edit
          </button>
        )}
      </div>
      {body}
    </div>
  );
  return (
    <div className="stack">
      <h2>Review your gig</h2>
      <p>This is how freelancers will see it. Nothing is public until you publish.</p>
      <MissingNotice missing={missing} onEdit={onEdit} />
      {section('Employer', null, <p>{listing.employer.name}</p>)}
      {section(
        'Title and description',
        'basics',
        <>
          <p>
            <strong>{listing.title}</strong>
          </p>
          <p className="pre-wrap">{listing.description}</p>
        </>,
      )}
      {section('Project type', 'type', listing.projectType ? <p>{listing.projectType.name}</p> : <p className="muted">Not chosen yet.</p>)}
      {section(
        'Technologies',
        'technologies',
        listing.technologies.length ? (
          <ul className="tags">
            {listing.technologies.map((t) => (
              <li key={t.id} className="tag">
                {t.name}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None chosen yet.</p>
        ),
      )}
      {section(
        'Terms',
        'terms',
        <ul>
          <li>Budget: {listing.budget ? formatBudget(listing.budget) : <span className="muted">not stated yet</span>}</li>
          <li>Duration: {listing.duration ? formatDuration(listing.duration) : <span className="muted">not stated yet</span>}</li>
          <li>Where: {listing.location ? formatLocation(listing.location) : <span className="muted">not stated yet</span>}</li>
        </ul>,
      )}
      <div className="row row--end">
        <button type="button" className="button" onClick={onContinue} disabled={missing.length > 0}>
          Continue to payment
        </button>
      </div>
    </div>
  );
}
