import { useMutation } from '@apollo/client/react';
import { graphql } from '../../gql';

const DeleteSavedSearchDocument = graphql(`
  mutation DeleteSavedSearch($id: ID!) {
    deleteSavedSearch(id: $id)
  }
`);

/** Deleting answers only the id: drop that saved search from the cache, and every list that held it. */
export function useDeleteSavedSearch() {
  return useMutation(DeleteSavedSearchDocument, {
    update(cache, { data }) {
      if (!data) return;
      cache.evict({ id: cache.identify({ __typename: 'SavedSearch', id: data.deleteSavedSearch }) });
      cache.gc();
    },
  });
}
