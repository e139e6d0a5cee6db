import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { FormError, TextField } from '../../components/Field';
import { EmptyState, queryFallback } from '../../components/States';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { useFormErrors } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { ListingCard } from '../catalogue/ListingCard';
import { NotFoundPage } from '../NotFoundPage';
import { RatingBadge } from '../profiles/RatingBadge';
import { PostingPeriods } from './PostingPeriods';

const EmployerPageDocument = graphql(`
  query EmployerPage($id: ID!) {
    employer(id: $id) {
      id
      name
      aboutUs
      logoUrl
      createdAt
      viewerRole
      credits
      completedContractsCount
      rating {
        count
        ...RatingBadge_rating
      }
      ...Members_employer
      ...PostingPeriods_employer
      published: listings(status: PUBLISHED, first: 50) {
        totalCount
        edges {
          node {
            id
            ...ListingCard_listing
          }
        }
      }
      drafts: listings(status: DRAFT, first: 50) {
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
`);

const AddMemberDocument = graphql(`
  mutation AddEmployerMember($input: AddEmployerMemberInput!) {
    addEmployerMember(input: $input) {
      id
      ...Members_employer
    }
  }
`);

export function EmployerPage() {
  const { employerId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(EmployerPageDocument, { variables: { id: employerId } });
  const employer = data?.employer;
  useTitle(employer?.name ?? 'Employer');

  const notFound = <NotFoundPage title="Employer not found" message="There is no employer at this address. The link may be wrong." linkLabel="Browse open gigs" />;
  const fallback = queryFallback({ data, loading, error, refetch }, { notFound });
  if (fallback) return fallback;
  if (!employer) return notFound;
  const member = employer.viewerRole !== null && employer.viewerRole !== undefined;

  return (
    <section>
      <header className="page-header">
        {employer.logoUrl && <img className="logo" src={employer.logoUrl} alt="" width={56} height={56} />}
        <div>
          <h1>{employer.name}</h1>
          <p className="muted">
            <RatingBadge rating={employer.rating} to={`/employers/${employer.id}/reviews`} /> · {employer.completedContractsCount} completed{' '}
            {employer.completedContractsCount === 1 ? 'contract' : 'contracts'} · on TechGigs since {formatDate(employer.createdAt)}
          </p>
          <p>
            <Link to={`/employers/${employer.id}/reviews`}>
              {employer.rating.count > 0 ? `Read what freelancers say about ${employer.name}` : `Reviews of ${employer.name}`}
            </Link>
          </p>
        </div>
      </header>
      {employer.aboutUs && <p className="prose">{employer.aboutUs}</p>}

      {member && (
        <div className="grid-2">
          <section className="card stack" aria-labelledby="credits-heading">
            <h2 id="credits-heading">Posting credits</h2>
            <p>
              <strong className="big-number">{employer.credits ?? 0}</strong> unspent {employer.credits === 1 ? 'credit' : 'credits'}. Publishing a gig
              spends one.
            </p>
            <div className="row">
              <Link className="button button--secondary" to={`/credits?employer=${encodeURIComponent(employer.id)}`}>
                Buy credits and see the ledger
              </Link>
              <Link className="button" to={`/post?employer=${encodeURIComponent(employer.id)}`}>
                Post a gig
              </Link>
            </div>
            <h3>Drafts</h3>
            {employer.drafts.edges.length ? (
              <ul className="list">
                {employer.drafts.edges.map(({ node }) => (
                  <li key={node.id}>
                    <Link to={`/post/${node.id}`}>{node.title}</Link> <span className="muted">saved {formatDate(node.updatedAt)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No drafts.</p>
            )}
          </section>
          <Members employer={employer} owner={employer.viewerRole === 'OWNER'} />
        </div>
      )}
      {member && <PostingPeriods employer={employer} />}

      <h2>Open gigs{employer.published.totalCount ? ` (${employer.published.totalCount})` : ''}</h2>
      {employer.published.edges.length ? (
        <div className="stack">
          {employer.published.edges.map(({ node }) => (
            <ListingCard key={node.id} listing={node} headingLevel={3} />
          ))}
        </div>
      ) : (
        <EmptyState title="No open gigs right now." />
      )}
    </section>
  );
}

const Members_employer = graphql(`
  fragment Members_employer on Employer {
    id
    members {
      role
      joinedAt
      user {
        id
        profile {
          displayName
        }
      }
    }
  }
`);

/** Who posts for the employer; its owner adds colleagues by email. */
function Members({ owner, ...props }: { employer: FragmentType<typeof Members_employer>; owner: boolean }) {
  const employer = getFragmentData(Members_employer, props.employer);
  const employerId = employer.id;
  const members = employer.members ?? [];
  const [add, { loading }] = useMutation(AddMemberDocument);
  const [email, setEmail] = useState('');
  const { errors, formError, run, formRef } = useFormErrors();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await add({ variables: { input: { employerId, email } } });
      setEmail('');
    });
  };

  return (
    <section className="card stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <ul className="list">
        {members.map((m) => (
          <li key={m.user.id}>
            {m.user.profile.displayName} <span className="tag">{m.role === 'OWNER' ? 'Owner' : 'Member'}</span>
          </li>
        ))}
      </ul>
      {owner && (
        <form ref={formRef} onSubmit={submit} noValidate className="stack">
          <FormError message={formError} />
          <TextField label="Add a member by email" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
          <button type="submit" className="button button--secondary" disabled={loading}>
            {loading ? 'Adding…' : 'Add member'}
          </button>
        </form>
      )}
    </section>
  );
}
