import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { queryFallback } from '../../components/States';
import { graphql } from '../../gql';
import { formatDate, formatMoney } from '../../lib/format';
import { useTitle } from '../../lib/useTitle';
import { NotFoundPage } from '../NotFoundPage';
import { RatingBadge } from './RatingBadge';
import { ReviewList } from './ReviewList';

const UserProfilePageDocument = graphql(`
  query UserProfilePage($id: ID!, $after: String) {
    user(id: $id) {
      id
      createdAt
      completedContractsCount
      profile {
        displayName
        headline
        biography
        location
        hourlyRate {
          cents
          currency
        }
        links {
          url
          label
        }
        skills {
          id
          name
        }
      }
      freelancerRating {
        ...RatingBadge_rating
      }
      postsFor {
        id
        name
        completedContractsCount
        rating {
          ...RatingBadge_rating
        }
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

/** A public profile: what the user says about themselves, the employers they post for, and what posters said after working with them as a freelancer. */
export function UserProfilePage() {
  const { userId = '' } = useParams();
  const { data, loading, error, refetch, fetchMore } = useQuery(UserProfilePageDocument, { variables: { id: userId }, fetchPolicy: 'cache-and-network' });
  const user = data?.user;
  useTitle(user ? user.profile.displayName : 'Profile');
  const notFound = <NotFoundPage title="Profile not found" message="There is no one at this address. The link may be wrong." linkTo="/" linkLabel="Browse gigs" />;
  const fallback = queryFallback({ data, loading, error, refetch }, { notFound });
  if (fallback) return fallback;
  if (!user) return notFound;
  const { profile } = user;

  return (
    <article className="narrow-wide stack">
      <header>
        <h1>{profile.displayName}</h1>
        {profile.headline && <p className="lead">{profile.headline}</p>}
        <p className="muted">
          <RatingBadge rating={user.freelancerRating} /> · {user.completedContractsCount} completed {user.completedContractsCount === 1 ? 'contract' : 'contracts'} · member since{' '}
          {formatDate(user.createdAt)}
        </p>
      </header>
      <dl className="summary">
        {profile.location && (
          <>
            <dt>Location</dt>
            <dd>{profile.location}</dd>
          </>
        )}
        {profile.hourlyRate && (
          <>
            <dt>Hourly rate</dt>
            <dd>{formatMoney(profile.hourlyRate.cents, profile.hourlyRate.currency)} per hour</dd>
          </>
        )}
      </dl>
      {profile.skills.length > 0 && (
        <section aria-labelledby="skills-heading">
          <h2 id="skills-heading">Skills</h2>
          <ul className="tags" aria-label="Skills">
            {profile.skills.map((skill) => (
              <li key={skill.id} className="tag">
                {skill.name}
              </li>
            ))}
          </ul>
        </section>
      )}
      {profile.biography && (
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">About</h2>
          <p className="pre-wrap">{profile.biography}</p>
        </section>
      )}
      {profile.links.length > 0 && (
        <section aria-labelledby="links-heading">
          <h2 id="links-heading">Links</h2>
          <ul className="plain">
            {profile.links.map((link) => (
              <li key={link.url}>
                <a href={link.url} rel="noopener noreferrer nofollow" target="_blank">
                  {link.label ?? link.url}
                </a>
                {/* A label can say anything: the hostname says where the link really goes. */}
                {link.label && <span className="muted"> ({new URL(link.url).hostname})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {user.postsFor.length > 0 && (
        <section aria-labelledby="posts-for-heading">
          <h2 id="posts-for-heading">Posts gigs for</h2>
          <ul className="plain stack">
            {user.postsFor.map((employer) => (
              <li key={employer.id}>
                <Link to={`/employers/${employer.id}`}>{employer.name}</Link> · <RatingBadge rating={employer.rating} to={`/employers/${employer.id}/reviews`} /> ·{' '}
                {employer.completedContractsCount} completed {employer.completedContractsCount === 1 ? 'contract' : 'contracts'}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews from posters</h2>
        <ReviewList reviews={user.reviews} empty="No published reviews yet." onLoadMore={(after) => fetchMore({ variables: { after } })} />
      </section>
    </article>
  );
}
