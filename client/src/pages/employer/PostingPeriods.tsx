import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { messageOf } from '../../lib/errors';
import { formatDate } from '../../lib/format';

/** The employer's running and expired postings, for its members: when each ends, and renewal. */
export const PostingPeriods_employer = graphql(`
  fragment PostingPeriods_employer on Employer {
    id
    running: listings(status: PUBLISHED, first: 50) {
      edges {
        node {
          ...PostingPeriod_listing
        }
      }
    }
    expired: listings(status: EXPIRED, first: 50) {
      edges {
        node {
          ...PostingPeriod_listing
        }
      }
    }
  }
`);

const PostingPeriod_listing = graphql(`
  fragment PostingPeriod_listing on Listing {
    id
    title
    status
    expiresAt
  }
`);

const RenewListingDocument = graphql(`
  mutation RenewListing($id: ID!) {
    renewListing(id: $id) {
      id
      status
      active
      expiresAt
    }
  }
`);

/** Members are told this many days before the end (the server's LISTING_EXPIRING notification). */
const SOON_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export function PostingPeriods(props: { employer: FragmentType<typeof PostingPeriods_employer> }) {
  const employer = getFragmentData(PostingPeriods_employer, props.employer);
  const listings = [...employer.running.edges, ...employer.expired.edges].map(({ node }) => getFragmentData(PostingPeriod_listing, node));
  return (
    <section className="card stack" aria-labelledby="postings-heading">
      <h2 id="postings-heading">Posting periods</h2>
      <p className="muted">Publishing a gig buys a period in the catalogue; renewing it spends one credit for another period.</p>
      {listings.length ? (
        <ul className="list postings">
          {listings.map((listing) => (
            <PostingPeriod key={listing.id} listing={listing} />
          ))}
        </ul>
      ) : (
        <p className="muted">No published or expired gigs.</p>
      )}
    </section>
  );
}

function PostingPeriod({ listing }: { listing: { id: string; title: string; status: string; expiresAt?: string | null } }) {
  const [renew, { loading }] = useMutation(RenewListingDocument, { refetchQueries: ['EmployerPage'], awaitRefetchQueries: true });
  const [error, setError] = useState<string | null>(null);
  // When the page was shown: "soon" is judged then, not anew on every render.
  const [shownAt] = useState(() => Date.now());
  const expiresAt = listing.expiresAt ?? null;
  const expired = listing.status === 'EXPIRED';
  const soon = !expired && expiresAt !== null && new Date(expiresAt).getTime() - shownAt < SOON_DAYS * DAY_MS;
  const titleId = `posting-${listing.id}`;

  const click = () => {
    setError(null);
    renew({ variables: { id: listing.id } }).catch((failure: unknown) => setError(messageOf(failure)));
  };

  return (
    <li className="stack" aria-labelledby={titleId}>
      <p>
        <Link id={titleId} to={`/gigs/${listing.id}`}>
          {listing.title}
        </Link>{' '}
        {expired ? <span className="tag tag--expired">Expired</span> : soon ? <span className="tag tag--soon">Expiring soon</span> : null}
      </p>
      <p className="muted">
        {expiresAt ? (expired ? `Expired on ${formatDate(expiresAt)}: out of the catalogue.` : `In the catalogue until ${formatDate(expiresAt)}.`) : 'No end date.'}
      </p>
      <p className="row">
        <button type="button" className={`button button--small${soon || expired ? '' : ' button--secondary'}`} onClick={click} disabled={loading} aria-describedby={titleId}>
          {loading ? 'Renewing…' : expired ? 'Renew (1 credit)' : 'Renew early (1 credit)'}
        </button>
      </p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </li>
  );
}
