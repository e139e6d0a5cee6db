import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { FormError, TextArea, TextField } from '../../components/Field';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { graphql } from '../../gql';
import { errorCodeOf, fieldErrorsOf, messageOf, useFormErrors, type FieldErrors } from '../../lib/errors';
import { formatDate, formatMoney } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { BUNDLES, useStartCheckout } from '../credits/checkout';
import { EmployerForm } from '../employer/EmployerForm';
import { settle } from '../../lib/settle';

const STEPS = [
  { key: 'employer', label: 'Employer' },
  { key: 'basics', label: 'Basics' },
  { key: 'type', label: 'Project type' },
  { key: 'technologies', label: 'Technologies' },
  { key: 'review', label: 'Review' },
  { key: 'publish', label: 'Pay and publish' },
] as const;
type StepKey = (typeof STEPS)[number]['key'];

const TITLE = { min: 5, max: 120 };
const DESCRIPTION = { min: 20, max: 10_000 };
const MAX_TECHNOLOGIES = 10;

/** The fields the steps edit; a saved draft may still lack its project type and technologies. */
interface DraftFields {
  title: string;
  description: string;
  projectTypeId: string | null;
  technologyIds: string[];
}

const EMPTY_DRAFT: DraftFields = { title: '', description: '', projectTypeId: null, technologyIds: [] };

/** What a draft still needs before it can be published, as the steps that supply it. */
interface Missing {
  step: StepKey;
  label: string;
}

function missingOf(listing: { projectType?: { id: string } | null; technologies: unknown[] }): Missing[] {
  const missing: Missing[] = [];
  if (!listing.projectType) missing.push({ step: 'type', label: 'a project type' });
  if (listing.technologies.length < 1 || listing.technologies.length > MAX_TECHNOLOGIES) missing.push({ step: 'technologies', label: `1 to ${MAX_TECHNOLOGIES} technologies` });
  return missing;
}

const PostWizardEmployersDocument = graphql(`
  query PostWizardEmployers {
    me {
      id
      employers {
        id
        name
        credits
        listings(status: DRAFT, first: 20) {
          edges {
            node {
              id
              title
              updatedAt
            }
          }
        }
      }
    }
  }
`);

const PostWizardTaxonomyDocument = graphql(`
  query PostWizardTaxonomy {
    projectSuperTypes {
      id
      name
      projectTypes {
        id
        name
      }
    }
    technologyClasses {
      id
      name
      technologies {
        id
        name
      }
    }
  }
`);

const PostWizardListingDocument = graphql(`
  query PostWizardListing($id: ID!) {
    listing(id: $id) {
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
      employer {
        id
        name
        credits
        viewerRole
      }
    }
  }
`);

const CreateListingDocument = graphql(`
  mutation CreateListing($input: CreateListingInput!) {
    createListing(input: $input) {
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
    }
  }
`);

const UpdateListingDocument = graphql(`
  mutation UpdateListing($input: UpdateListingInput!) {
    updateListing(input: $input) {
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
    }
  }
`);

const PublishListingDocument = graphql(`
  mutation PublishListing($id: ID!) {
    publishListing(id: $id) {
      id
      status
      active
      publishedAt
      employer {
        id
        credits
      }
    }
  }
`);

/**
 * Post a gig: employer → basics → project type → technologies → review → pay and publish.
 * Saving the basics creates the draft on the server (`/post/<listing id>`); every later step saves
 * it there, so it can be resumed anywhere from the employer's drafts. The API accepts an
 * incomplete draft and refuses to publish it; review and publish say what is still missing.
 */
export function PostWizard() {
  const { listingId } = useParams();
  return listingId ? <SavedDraftWizard listingId={listingId} /> : <NewDraftWizard />;
}

function NewDraftWizard() {
  useTitle('Post a gig');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const employerId = params.get('employer');
  const requested = (params.get('step') as StepKey | null) ?? (employerId ? 'basics' : 'employer');
  const step: StepKey = employerId ? requested : 'employer';
  const { errors, formError, setFormError, run } = useFormErrors();
  const [create, { loading: creating }] = useMutation(CreateListingDocument);

  const go = (next: StepKey, employer = employerId) => {
    setFormError(null);
    setParams(employer ? { employer, step: next } : {});
  };

  /** The first save: the draft exists on the server from here on, and the wizard continues there. */
  const createDraft = async (fields: { title: string; description: string }) => {
    if (!employerId) return;
    await run(async () => {
      const { data } = await create({ variables: { input: { employerId, ...fields } } });
      if (data) navigate(`/post/${data.createListing.id}?step=type`, { replace: true });
    });
  };

  return (
    <WizardFrame step={step} onStep={(s) => (s === 'employer' || employerId ? go(s) : undefined)} reachable={new Set<StepKey>(employerId ? ['employer', 'basics'] : ['employer'])}>
      <FormError message={formError} />
      {step === 'employer' && <EmployerStep selected={employerId} onChoose={(id) => go('basics', id)} />}
      {step === 'basics' && (
        <BasicsStep draft={EMPTY_DRAFT} errors={errors} saving={creating} saveLabel="Save draft and continue" onBack={() => go('employer')} onSave={(fields) => void createDraft(fields)} />
      )}
      {step !== 'employer' && step !== 'basics' && <Navigate to={`/post?employer=${encodeURIComponent(employerId ?? '')}&step=basics`} replace />}
    </WizardFrame>
  );
}

function SavedDraftWizard({ listingId }: { listingId: string }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get('step') as StepKey | null;
  const { data, loading, error, refetch } = useQuery(PostWizardListingDocument, { variables: { id: listingId }, fetchPolicy: 'cache-and-network' });
  const [updateListing, { loading: saving }] = useMutation(UpdateListingDocument);
  const { errors, formError, setFormError, run } = useFormErrors();
  const listing = data?.listing;
  useTitle(listing ? `Post a gig: ${listing.title}` : 'Post a gig');

  if (loading && !data) return <Loading />;
  if (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return <EmptyState title="This draft does not exist or is not yours." />;
    return <ErrorState error={error} retry={() => settle(refetch())} />;
  }
  if (!listing) return null;
  const missing = missingOf(listing);
  // Resuming without a step: the first one still to do, else the review.
  const step: StepKey = requested ?? missing[0]?.step ?? 'review';
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

  const go = (next: StepKey) => {
    setFormError(null);
    setParams({ step: next });
  };
  const save = async (fields: { title?: string; description?: string; projectTypeId?: string; technologyIds?: string[] }, next: StepKey) => {
    await run(async () => {
      await updateListing({ variables: { input: { id: listing.id, ...fields } } });
      go(next);
    });
  };
  const draft: DraftFields = {
    title: listing.title,
    description: listing.description,
    projectTypeId: listing.projectType?.id ?? null,
    technologyIds: listing.technologies.map((t) => t.id),
  };

  return (
    <WizardFrame step={step} onStep={go} reachable={new Set(STEPS.map((s) => s.key).filter((k) => k !== 'employer'))} savedAt={listing.updatedAt}>
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
          saveLabel="Save and review"
          onBack={() => go('type')}
          onSave={(technologyIds) => void save({ technologyIds }, 'review')}
        />
      )}
      {step === 'review' && <ReviewStep listing={listing} missing={missing} onEdit={go} onContinue={() => go('publish')} />}
      {step === 'publish' && <PublishStep listingId={listing.id} employer={listing.employer} missing={missing} onEdit={go} onBack={() => go('review')} />}
    </WizardFrame>
  );
}

function WizardFrame({
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

function StepButtons({ onBack, saving, label = 'Save and continue' }: { onBack?: () => void; saving: boolean; label?: string }) {
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

function EmployerStep({ selected, onChoose }: { selected: string | null; onChoose: (employerId: string) => void }) {
  const { data, loading, error, refetch } = useQuery(PostWizardEmployersDocument, { fetchPolicy: 'cache-and-network' });
  const [choice, setChoice] = useState<string | null>(selected);
  const [creating, setCreating] = useState(false);
  const employers = data?.me?.employers ?? [];

  useEffect(() => {
    if (!choice && employers.length) setChoice(employers[0].id);
  }, [choice, employers]);

  if (loading && !data) return <Loading />;
  if (error) return <ErrorState error={error} retry={() => settle(refetch())} />;

  if (!employers.length || creating) {
    return (
      <div className="stack">
        <h2>Who is posting?</h2>
        <p>Gigs are posted by an employer: your company, or just you. Create one to start.</p>
        <EmployerForm submitLabel="Create employer and continue" onCreated={(id) => onChoose(id)} />
        {creating && (
          <button type="button" className="link-button" onClick={() => setCreating(false)}>
            Choose an existing employer instead
          </button>
        )}
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) onChoose(choice);
  };
  const drafts = employers.flatMap((employer) => employer.listings.edges.map(({ node }) => ({ ...node, employerName: employer.name })));

  return (
    <div className="stack">
      {drafts.length > 0 && (
        <section aria-labelledby="resume-heading" className="stack">
          <h2 id="resume-heading">Resume a draft</h2>
          <ul className="list">
            {drafts.map((draft) => (
              <li key={draft.id}>
                <Link to={`/post/${draft.id}`}>{draft.title}</Link>{' '}
                <span className="muted">
                  {draft.employerName}, saved {formatDate(draft.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={submit} className="stack">
        <fieldset className="choices">
          <legend>Post for which employer?</legend>
          {employers.map((employer) => (
            <label key={employer.id} className="choice">
              <input type="radio" name="employer" value={employer.id} checked={choice === employer.id} onChange={() => setChoice(employer.id)} />
              <span>
                {employer.name}{' '}
                <span className="muted">
                  ({employer.credits ?? 0} {employer.credits === 1 ? 'credit' : 'credits'})
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="button" className="link-button" onClick={() => setCreating(true)}>
          Create another employer
        </button>
        <StepButtons saving={false} label="Continue" />
      </form>
    </div>
  );
}

function BasicsStep({
  draft,
  errors,
  saving,
  saveLabel,
  onBack,
  onSave,
}: {
  draft: DraftFields;
  errors: FieldErrors;
  saving: boolean;
  saveLabel?: string;
  onBack?: () => void;
  onSave: (fields: { title: string; description: string }) => void;
}) {
  const [title, setTitle] = useState(draft.title);
  const [description, setDescription] = useState(draft.description);
  const [local, setLocal] = useState<FieldErrors>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    const t = [...title.trim()].length;
    const d = [...description.trim()].length;
    if (t < TITLE.min || t > TITLE.max) problems.title = `must be ${TITLE.min} to ${TITLE.max} characters`;
    if (d < DESCRIPTION.min || d > DESCRIPTION.max) problems.description = `must be ${DESCRIPTION.min} to 10,000 characters`;
    setLocal(problems);
    if (Object.keys(problems).length === 0) onSave({ title: title.trim(), description: description.trim() });
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <h2>The basics</h2>
      <TextField
        label="Title"
        name="title"
        hint={`${TITLE.min} to ${TITLE.max} characters, e.g. “GraphQL API for a bike shop”.`}
        value={title}
        maxLength={TITLE.max + 20}
        onChange={(e) => setTitle(e.target.value)}
        error={local.title ?? errors.title}
      />
      <TextArea
        label="Description"
        name="description"
        rows={10}
        hint="What needs doing, for how long, and what a good applicant knows. At least 20 characters."
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={local.description ?? errors.description}
      />
      <StepButtons onBack={onBack} saving={saving} label={saveLabel} />
    </form>
  );
}

function ProjectTypeStep({
  value,
  errors,
  saving,
  onBack,
  onSave,
}: {
  value: string | null;
  errors: FieldErrors;
  saving: boolean;
  onBack: () => void;
  onSave: (projectTypeId: string) => void;
}) {
  const { data, loading, error, refetch } = useQuery(PostWizardTaxonomyDocument);
  const [choice, setChoice] = useState(value);
  const [local, setLocal] = useState<string | undefined>();

  if (loading && !data) return <Loading />;
  if (error) return <ErrorState error={error} retry={() => settle(refetch())} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!choice) setLocal('Choose the kind of project.');
    else onSave(choice);
  };
  const message = local ?? errors.projectTypeId;

  return (
    <form onSubmit={submit} noValidate className="stack">
      <h2>What kind of project is it?</h2>
      {message && (
        <p className="field__error" role="alert">
          {message}
        </p>
      )}
      <div className="choice-groups">
        {data?.projectSuperTypes.map((superType) => (
          <fieldset key={superType.id} className="choices">
            <legend>{superType.name}</legend>
            {superType.projectTypes.map((projectType) => (
              <label key={projectType.id} className="choice">
                <input type="radio" name="projectType" value={projectType.id} checked={choice === projectType.id} onChange={() => setChoice(projectType.id)} />
                <span>{projectType.name}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <StepButtons onBack={onBack} saving={saving} />
    </form>
  );
}

function TechnologiesStep({
  value,
  errors,
  saving,
  saveLabel,
  onBack,
  onSave,
}: {
  value: string[];
  errors: FieldErrors;
  saving: boolean;
  saveLabel?: string;
  onBack: () => void;
  onSave: (technologyIds: string[]) => void;
}) {
  const { data, loading, error, refetch } = useQuery(PostWizardTaxonomyDocument);
  const [chosen, setChosen] = useState<string[]>(value);
  const [local, setLocal] = useState<string | undefined>();

  if (loading && !data) return <Loading />;
  if (error) return <ErrorState error={error} retry={() => settle(refetch())} />;

  const toggle = (id: string) => setChosen((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length < 1 || chosen.length > MAX_TECHNOLOGIES) setLocal(`Choose 1 to ${MAX_TECHNOLOGIES} technologies.`);
    else {
      setLocal(undefined);
      onSave(chosen);
    }
  };
  const message = local ?? errors.technologyIds;

  return (
    <form onSubmit={submit} noValidate className="stack">
      <h2>Which technologies does it need?</h2>
      <p className="muted" role="status">
        {chosen.length} of at most {MAX_TECHNOLOGIES} chosen.
      </p>
      {message && (
        <p className="field__error" role="alert">
          {message}
        </p>
      )}
      <div className="choice-groups">
        {data?.technologyClasses.map((technologyClass) => (
          <fieldset key={technologyClass.id} className="choices">
            <legend>{technologyClass.name}</legend>
            {technologyClass.technologies.map((technology) => (
              <label key={technology.id} className="choice">
                <input
                  type="checkbox"
                  name="technology"
                  value={technology.id}
                  checked={chosen.includes(technology.id)}
                  disabled={!chosen.includes(technology.id) && chosen.length >= MAX_TECHNOLOGIES}
                  onChange={() => toggle(technology.id)}
                />
                <span>{technology.name}</span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <StepButtons onBack={onBack} saving={saving} label={saveLabel} />
    </form>
  );
}

interface ReviewListing {
  title: string;
  description: string;
  projectType?: { name: string } | null;
  technologies: Array<{ id: string; name: string }>;
  employer: { id: string; name: string };
}

/** What the draft still needs before it can be published, each with a way to supply it. */
function MissingNotice({ missing, onEdit }: { missing: Missing[]; onEdit: (step: StepKey) => void }) {
  if (!missing.length) return null;
  return (
    <div className="notice stack" role="status">
      <p>Before it can be published, this draft still needs:</p>
      <ul>
        {missing.map((m) => (
          <li key={m.step}>
            {m.label}{' '}
            <button type="button" className="link-button" onClick={() => onEdit(m.step)}>
              (add it)
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReviewStep({
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
      <div className="row row--end">
        <button type="button" className="button" onClick={onContinue} disabled={missing.length > 0}>
          Continue to payment
        </button>
      </div>
    </div>
  );
}

function PublishStep({
  listingId,
  employer,
  missing,
  onEdit,
  onBack,
}: {
  listingId: string;
  employer: { id: string; name: string; credits?: number | null };
  missing: Missing[];
  onEdit: (step: StepKey) => void;
  onBack: () => void;
}) {
  const navigate = useNavigate();
  const { viewer } = useSession();
  const [publish, { loading: publishing }] = useMutation(PublishListingDocument);
  const [startCheckout, { loading: starting }] = useStartCheckout();
  const [formError, setFormError] = useState<string | null>(null);
  const credits = employer.credits ?? 0;

  const publishNow = async () => {
    setFormError(null);
    try {
      await publish({ variables: { id: listingId } });
      navigate(`/gigs/${listingId}`, { state: { published: true } });
    } catch (error) {
      const code = errorCodeOf(error);
      const fields = fieldErrorsOf(error);
      if (code === 'PAYMENT_REQUIRED') setFormError('You have no credits left: buy a bundle below, then publish.');
      else if (code === 'BAD_USER_INPUT' && Object.keys(fields).length) {
        setFormError(`Not published: ${[fields.projectTypeId && `project type ${fields.projectTypeId}`, fields.technologyIds && `technologies: ${fields.technologyIds}`].filter(Boolean).join('; ') || messageOf(error)}.`);
      } else setFormError(messageOf(error));
    }
  };
  const buy = async (quantity: number) => {
    setFormError(null);
    try {
      await startCheckout(employer.id, quantity, `/post/${listingId}?step=publish`);
    } catch (error) {
      setFormError(messageOf(error));
    }
  };

  return (
    <div className="stack">
      <h2>Pay and publish</h2>
      <FormError message={formError} />
      <MissingNotice missing={missing} onEdit={onEdit} />
      <p>
        Publishing puts your gig in the catalogue and spends one posting credit. {employer.name} has{' '}
        <strong>
          {credits} {credits === 1 ? 'credit' : 'credits'}
        </strong>
        .
      </p>
      {credits > 0 ? (
        <div className="row row--end">
          <button type="button" className="button button--secondary" onClick={onBack}>
            Back
          </button>
          <button type="button" className="button" onClick={() => void publishNow()} disabled={publishing || missing.length > 0}>
            {publishing ? 'Publishing…' : 'Publish gig (uses 1 credit)'}
          </button>
        </div>
      ) : (
        <section aria-labelledby="bundles-heading" className="stack">
          <h3 id="bundles-heading">Buy credits to publish</h3>
          <p className="muted">You come back here after paying. {viewer ? '' : 'Sign in first.'}</p>
          <div className="row">
            {BUNDLES.map((n) => (
              <button key={n} type="button" className="button button--secondary" disabled={starting} onClick={() => void buy(n)}>
                Buy {n} {n === 1 ? 'credit' : 'credits'}
              </button>
            ))}
          </div>
          <BundlePrices />
        </section>
      )}
    </div>
  );
}

const CreditPricingDocument = graphql(`
  query CreditPricing {
    creditPricing {
      unitAmountCents
      currency
      mode
    }
  }
`);

function BundlePrices() {
  const { data } = useQuery(CreditPricingDocument);
  if (!data) return null;
  const { unitAmountCents, currency, mode } = data.creditPricing;
  return (
    <p className="muted small">
      {formatMoney(unitAmountCents, currency)} per credit.{mode === 'TEST' ? ' Test mode: no card is charged.' : ''}
    </p>
  );
}
