import { Link } from 'react-router';
import { FormError } from '../../components/Field';
import { EmptyState, queryFallback } from '../../components/States';
import { getFragmentData, graphql } from '../../gql';
import { useTitle } from '../../lib/useTitle';
import { NotFoundPage } from '../NotFoundPage';
import { BasicsStep } from './BasicsStep';
import { ProjectTypeStep } from './ProjectTypeStep';
import { PublishStep } from './PublishStep';
import { ReviewStep } from './ReviewStep';
import { missingOf, STEPS, type DraftFields, type StepKey } from './steps';
import { TechnologiesStep } from './TechnologiesStep';
import { TermsStep } from './TermsStep';
import { useSavedDraft } from './useSavedDraft';
import { WizardFrame } from './WizardFrame';

const SavedDraftWizard_listing = graphql(`
  fragment SavedDraftWizard_listing on Listing {
    id
    title
    description
    status
    updatedAt
    projectType {
      id
      name
    }
    technologies {
      id
      name
    }
    budget {
      kind
      minCents
      maxCents
      currency
    }
    duration {
      weeks
      hoursPerWeek
    }
    location {
      kind
      city
      countryCode
      timeZoneWindow {
        fromUtcOffsetMinutes
        toUtcOffsetMinutes
      }
    }
  }
`);

/** A draft saved on the server (`/post/<listing id>`): every step saves it, so it can be resumed anywhere. */
export function SavedDraftWizard({ listingId }: { listingId: string }) {
  const { listing: saved, loading, error, refetch, requestedStep, go, save, saving, errors, formError, failures } = useSavedDraft(listingId);
  const listing = saved && { ...getFragmentData(SavedDraftWizard_listing, saved), employer: saved.employer };
  useTitle(listing ? `Post a gig: ${listing.title}` : 'Post a gig');

  const fallback = queryFallback({ loading, error, refetch }, { notFound: <NotFoundPage title="Draft not found" message="There is no draft at this address that you can edit. It may belong to another employer, or the link may be wrong." linkTo="/post" linkLabel="Post a gig" /> });
  if (fallback) return fallback;
  if (!listing) return null;
  const missing = missingOf(listing);
  // Terms already stated (a draft resumed): the technologies lead straight to the review.
  const termsStated = !missing.some((m) => m.step === 'terms');
  // Resuming without a step: the first one still to do, else the review.
  const step: StepKey = requestedStep ?? missing[0]?.step ?? 'review';
  if (listing.status !== 'DRAFT') {
    return (
      <section className="narrow">
        <h1>{listing.title}</h1>
        <EmptyState title={listing.status === 'PUBLISHED' ? 'This gig is already published.' : 'This gig is closed.'}>
          <Link to={`/gigs/${listing.id}`}>View the gig</Link>
        </EmptyState>
      </section>
    );
  }

  const draft: DraftFields = {
    title: listing.title,
    description: listing.description,
    projectTypeId: listing.projectType?.id ?? null,
    technologyIds: listing.technologies.map((t) => t.id),
  };

  return (
    <WizardFrame step={step} onStep={go} reachable={new Set(STEPS.map((s) => s.key).filter((k) => k !== 'employer'))} savedAt={listing.updatedAt} failures={failures}>
      <FormError message={formError} />
      {step === 'employer' && (
        <p>
          This draft belongs to <Link to={`/employers/${listing.employer.id}`}>{listing.employer.name}</Link>; a saved draft stays with its employer.
        </p>
      )}
      {step === 'basics' && <BasicsStep draft={draft} errors={errors} saving={saving} onSave={(fields) => void save(fields, 'type')} />}
      {step === 'type' && (
        <ProjectTypeStep value={draft.projectTypeId} errors={errors} saving={saving} onBack={() => go('basics')} onSave={(projectTypeId) => void save({ projectTypeId }, 'technologies')} />
      )}
      {step === 'technologies' && (
        <TechnologiesStep
          value={draft.technologyIds}
          errors={errors}
          saving={saving}
          saveLabel={termsStated ? 'Save and review' : 'Save and continue'}
          onBack={() => go('type')}
          onSave={(technologyIds) => void save({ technologyIds }, termsStated ? 'review' : 'terms')}
        />
      )}
      {step === 'terms' && <TermsStep value={listing} errors={errors} saving={saving} onBack={() => go('technologies')} onSave={(terms) => void save(terms, 'review')} />}
      {step === 'review' && <ReviewStep listing={listing} missing={missing} onEdit={go} onContinue={() => go('publish')} />}
      {step === 'publish' && <PublishStep listingId={listing.id} employer={listing.employer} missing={missing} onEdit={go} onBack={() => go('review')} />}
    </WizardFrame>
  );
}
