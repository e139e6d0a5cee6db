import { useMutation } from '@apollo/client/react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { BasicsStep } from './BasicsStep';
import { EmployerStep } from './EmployerStep';
import { EMPTY_DRAFT, type StepKey } from './steps';
import { WizardFrame } from './WizardFrame';

const CreateListingDocument = graphql(`
  mutation CreateListing($input: CreateListingInput!) {
    createListing(input: $input) {
      id
      ...SavedDraftWizard_listing
    }
  }
`);

/** A gig not saved yet: choose the employer, write the basics; saving them creates the draft. */
export function NewDraftWizard() {
  useTitle('Post a gig');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const employerId = params.get('employer');
  const requested = (params.get('step') as StepKey | null) ?? (employerId ? 'basics' : 'employer');
  const step: StepKey = employerId ? requested : 'employer';
  const { errors, formError, setFormError, run, failures } = useFormErrors();
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
    <WizardFrame
      failures={failures}
      step={step}
      onStep={(s) => (s === 'employer' || employerId ? go(s) : undefined)} reachable={new Set<StepKey>(employerId ? ['employer', 'basics'] : ['employer'])}>
      <FormError message={formError} />
      {step === 'employer' && <EmployerStep selected={employerId} onChoose={(id) => go('basics', id)} />}
      {step === 'basics' && (
        <BasicsStep draft={EMPTY_DRAFT} errors={errors} saving={creating} saveLabel="Save draft and continue" onBack={() => go('employer')} onSave={(fields) => void createDraft(fields)} />
      )}
      {step !== 'employer' && step !== 'basics' && <Navigate to={`/post?employer=${encodeURIComponent(employerId ?? '')}&step=basics`} replace />}
    </WizardFrame>
  );
}
