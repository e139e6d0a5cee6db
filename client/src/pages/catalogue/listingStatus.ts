import { graphql } from '../../gql';

/** Where a listing is in its life: what its page shows, and what publishing or closing it answers to keep that page current. */
export const ListingStatus_listing = graphql(`
  fragment ListingStatus_listing on Listing {
    id
    status
    active
    publishedAt
    closedAt
  }
`);
