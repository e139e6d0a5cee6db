import { useMutation, useQuery } from '@apollo/client/react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import type { StepKey } from './steps';
import type { TermsInput } from './TermsStep';

const PostWizardListingDocument = graphql(`
  query PostWizardListing($id: ID!) {
    listing(id: $id) {
      id
      ...SavedDraftWizard_listing
      employer {
        id
        name
        credits
        viewerRole
      }
    }
  }
`);

const UpdateListingDocument = graphql(`
  mutation UpdateListing($input: UpdateListingInput!) {
    updateListing(input: $input) {
      id
      ...SavedDraftWizard_listing
    }
  }
`);

export interface DraftChanges {
  title?: string;
  description?: string;
  projectTypeId?: string;
  technologyIds?: string[];
  budget?: TermsInput['budget'];
  duration?: TermsInput['duration'];
  location?: TermsInput['location'];
}

/**
 * What every step of a saved draft shares: the draft as the server has it, the step in the address,
 * and saving a step's fields before going on (its errors shown on the step).
 */
export function useSavedDraft(listingId: string) {
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(PostWizardListingDocument, { variables: { id: listingId }, fetchPolicy: 'cache-and-network' });
  const [updateListing, { loading: saving }] = useMutation(UpdateListingDocument);
  const { errors, formError, setFormError, run, failures } = useFormErrors();

  const go = (next: StepKey) => {
    setFormError(null);
    setParams({ step: next });
  };
  const save = async (fields: DraftChanges, next: StepKey) => {
    await run(async () => {
      await updateListing({ variables: { input: { id: listingId, ...fields } } });
      go(next);
    });
  };

  return {
    listing: data?.listing,
    loading: loading && !data,
    error,
    refetch,
    requestedStep: params.get('step') as StepKey | null,
    go,
    save,
    saving,
    errors,
    formError,
    failures,
  };
}
