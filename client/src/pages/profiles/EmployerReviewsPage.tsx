import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { queryFallback } from '../../components/States';
import { graphql } from '../../gql';
import { useTitle } from '../../lib/useTitle';
import { NotFoundPage } from '../NotFoundPage';
import { RatingBadge } from './RatingBadge';
import { ReviewList } from './ReviewList';

const EmployerReviewsPageDocument = graphql(`
  query EmployerReviewsPage($id: ID!, $after: String) {
    employer(id: $id) {
      id
      name
      aboutUs
      completedContractsCount
      rating {
        ...RatingBadge_rating
      }
      reviews(first: 10, after: $after) {
        edges {
          cursor
          node {
            id
            ...ReviewItem_review
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** An employer's reputation: its rating from the freelancers who worked for it, and their reviews. */
export function EmployerReviewsPage() {
  const { employerId = '' } = useParams();
  const { data, loading, error, refetch, fetchMore } = useQuery(EmployerReviewsPageDocument, { variables: { id: employerId }, fetchPolicy: 'cache-and-network' });
  const employer = data?.employer;
  useTitle(employer ? `Reviews of ${employer.name}` : 'Employer reviews');
  const notFound = <NotFoundPage title="Employer not found" message="There is no employer at this address. The link may be wrong." linkTo="/" linkLabel="Browse gigs" />;
  const fallback = queryFallback({ data, loading, error, refetch }, { notFound });
  if (fallback) return fallback;
  if (!employer) return notFound;

  return (
    <article className="narrow-wide stack">
      <header>
        <h1>Reviews of {employer.name}</h1>
        <p className="muted">
          <RatingBadge rating={employer.rating} /> · {employer.completedContractsCount} completed {employer.completedContractsCount === 1 ? 'contract' : 'contracts'} ·{' '}
          <Link to={`/employers/${employer.id}`}>About {employer.name} and its gigs</Link>
        </p>
      </header>
      {employer.aboutUs && <p className="pre-wrap">{employer.aboutUs}</p>}
      <ReviewList reviews={employer.reviews} empty="No published reviews yet." onLoadMore={(after) => fetchMore({ variables: { after } })} />
    </article>
  );
}
