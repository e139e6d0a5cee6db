import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { FormError, TextArea } from '../../components/Field';
import { queryFallback } from '../../components/States';
import { getFragmentData, graphql } from '../../gql';
import { messageOf, useFormErrors } from '../../lib/errors';
import { bindFields } from '../../lib/fields';
import { formatDate } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { useSession } from '../../session';
import { NotFoundPage } from '../NotFoundPage';
import { useReadNotificationsAbout } from '../notifications/useReadNotificationsAbout';
import { settle } from '../../lib/settle';
import { ListingStatus_listing } from './listingStatus';
import { RatingBadge } from '../profiles/RatingBadge';
import { ListingTerms } from './ListingTerms';

const ListingPageDocument = graphql(`
  query ListingPage($id: ID!) {
    listing(id: $id) {
      id
      title
      description
      createdAt
      ...ListingStatus_listing
      ...ListingTerms_listing
      projectType {
        id
        name
      }
      technologies {
        id
        name
        technologyClass {
          id
          name
        }
      }
      employer {
        id
        name
        aboutUs
        logoUrl
        viewerRole
        rating {
          ...RatingBadge_rating
        }
      }
    }
  }
`);

const StartConversationDocument = graphql(`
  mutation StartConversation($listingId: ID!, $body: String!) {
    startConversation(listingId: $listingId, body: $body) {
      id
    }
  }
`);

/** The viewer's own conversations, to find the one about this gig (the most recent 100 are looked at). */
const MyConversationsDocument = graphql(`
  query MyConversations {
    conversations(first: 100) {
      edges {
        node {
          id
          listing {
            id
          }
        }
      }
    }
  }
`);

const CloseListingDocument = graphql(`
  mutation CloseListing($id: ID!) {
    closeListing(id: $id) {
      id
      ...ListingStatus_listing
    }
  }
`);

export function ListingPage() {
  const { listingId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(ListingPageDocument, { variables: { id: listingId } });
  const arrival = location.state as { published?: boolean; back?: string } | null;
  // "Published" is news once: shown now, and gone from the history entry so a reload does not repeat it.
  const [justPublished] = useState(Boolean(arrival?.published));
  useEffect(() => {
    if (justPublished) navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [justPublished, navigate, location.pathname, location.search]);
  // Back to the very results (search, filters) the gig was opened from, as the address had them.
  const back = arrival?.back?.startsWith('/') ? arrival.back : '/';
  const listing = data?.listing;
  const { viewer } = useSession();
  useReadNotificationsAbout(listing && viewer ? { listingId: listing.id } : null);
  useTitle(listing?.title ?? (error ? 'Gig not found' : 'Gig'));

  const fallback = queryFallback(
    { data, loading, error, refetch },
    {
      notFound: <NotFoundPage title="Gig not found" message="There is no open gig at this address. It may have been closed, or the link may be wrong." linkLabel="Browse open gigs" />,
    },
  );
  if (fallback) return fallback;
  if (!listing) return null;
  const { status, active, publishedAt } = getFragmentData(ListingStatus_listing, listing);
  const member = listing.employer.viewerRole != null;

  return (
    <article className="gig">
      <p className="breadcrumbs">
        <Link to={back}>{back === '/' ? 'All gigs' : 'Back to the results'}</Link>
      </p>
      <header className="page-header">
        {listing.employer.logoUrl && <img className="logo" src={listing.employer.logoUrl} alt="" width={56} height={56} />}
        <div>
          <h1>{listing.title}</h1>
          <p className="muted">
            <Link to={`/employers/${listing.employer.id}`}>{listing.employer.name}</Link>{' '}
            <RatingBadge rating={listing.employer.rating} to={`/employers/${listing.employer.id}/reviews`} /> · {listing.projectType?.name ?? 'Project type not chosen yet'} ·{' '}
            {publishedAt ? `Posted ${formatDate(publishedAt)}` : 'Not published'}
            {status !== 'PUBLISHED' && <span className={`status status--${status.toLowerCase()}`}>{statusLabel(status)}</span>}
          </p>
        </div>
      </header>
      {justPublished && status === 'PUBLISHED' && (
        <p className="notice" role="status">
          Your gig is published: freelancers can find it in the catalogue now.
        </p>
      )}
      <div className="with-aside gig__body">
        <div className="prose">
          <h2>About the gig</h2>
          <ListingTerms listing={listing} />
          <p className="pre-wrap">{listing.description}</p>
          <h2>Technologies</h2>
          <ul className="tags" aria-label="Technologies">
            {listing.technologies.map((technology) => (
              <li key={technology.id} className="tag" title={technology.technologyClass.name}>
                {technology.name}
              </li>
            ))}
          </ul>
          {listing.employer.aboutUs && (
            <>
              <h2>About {listing.employer.name}</h2>
              <p className="pre-wrap">{listing.employer.aboutUs}</p>
            </>
          )}
        </div>
        <aside className="gig__aside">
          {member ? <PosterActions listingId={listing.id} employerId={listing.employer.id} status={status} /> : active ? <ContactPoster listingId={listing.id} /> : null}
        </aside>
      </div>
    </article>
  );
}

function statusLabel(status: string): string {
  return status === 'DRAFT' ? 'Draft' : status === 'CLOSED' ? 'Closed' : status === 'EXPIRED' ? 'Expired' : 'Open';
}

function PosterActions({ listingId, employerId, status }: { listingId: string; employerId: string; status: string }) {
  const [close, { loading, error }] = useMutation(CloseListingDocument);
  return (
    <section className="card stack" aria-labelledby="poster-actions">
      <h2 id="poster-actions">Your gig</h2>
      {status === 'DRAFT' && (
        <Link className="button" to={`/post/${listingId}`}>
          Continue the draft
        </Link>
      )}
      {status === 'PUBLISHED' && <p>Freelancers who message you about this gig appear in your inbox.</p>}
      {status === 'EXPIRED' && (
        <p>
          Its posting period is over: it is out of the catalogue and takes no new conversations (those it has go on).{' '}
          <Link to={`/employers/${employerId}`}>Renew it on the employer&rsquo;s page</Link>.
        </p>
      )}
      <Link className="button button--secondary" to="/inbox">
        Open inbox
      </Link>
      {status !== 'CLOSED' && (
        <button
          type="button"
          className="button button--danger"
          disabled={loading}
          onClick={() => {
            if (window.confirm('Close this gig? It leaves the catalogue and cannot be reopened.')) settle(close({ variables: { id: listingId } }));
          }}
        >
          {loading ? 'Closing…' : 'Close gig'}
        </button>
      )}
      {error && <FormError message={messageOf(error)} />}
    </section>
  );
}

function ContactPoster({ listingId }: { listingId: string }) {
  const { viewer } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [start, { loading }] = useMutation(StartConversationDocument);
  const mine = useQuery(MyConversationsDocument, { skip: !viewer, fetchPolicy: 'cache-and-network' });
  const existing = mine.data?.conversations.edges.find(({ node }) => node.listing.id === listingId)?.node;
  const state = useState({ body: '' });
  const [{ body }] = state;
  const { errors, formError, run, formRef } = useFormErrors();
  const field = bindFields(state, errors);

  if (!viewer) {
    return (
      <section className="card stack">
        <h2>Interested?</h2>
        <p>Sign in to message the poster.</p>
        <Link className="button" to={`/signin?next=${encodeURIComponent(location.pathname)}`}>
          Sign in to message the poster
        </Link>
      </section>
    );
  }

  if (existing) {
    return (
      <section className="card stack">
        <h2>You are in touch</h2>
        <p>You have already messaged the poster about this gig. Carry on in the conversation.</p>
        <Link className="button" to={`/inbox/${existing.id}`}>
          Open the conversation
        </Link>
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const { data } = await start({ variables: { listingId, body } });
      if (data) navigate(`/inbox/${data.startConversation.id}`);
    });
  };

  return (
    <form ref={formRef} className="card stack" onSubmit={submit} noValidate>
      <h2>Interested?</h2>
      <FormError message={formError} />
      <TextArea label="Message the poster" rows={5} placeholder="Introduce yourself and ask what you need to know." {...field('body')} />
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Sending…' : 'Send message'}
      </button>
    </form>
  );
}
