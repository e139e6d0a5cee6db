import { Link, useLocation } from 'react-router';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate } from '../../lib/format';
import { RatingBadge } from '../profiles/RatingBadge';
import { Highlighted, type HighlightRange } from './Highlighted';
import { ListingTerms } from './ListingTerms';

export const ListingCard_listing = graphql(`
  fragment ListingCard_listing on Listing {
    id
    title
    description
    status
    publishedAt
    createdAt
    ...ListingTerms_listing
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
      rating {
        ...RatingBadge_rating
      }
    }
  }
`);

/** One gig in a list: title linking to its page, who posts it, what kind and which technologies. */
export function ListingCard(props: { listing: FragmentType<typeof ListingCard_listing>; textMatches?: readonly CardTextMatch[]; headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  const listing = getFragmentData(ListingCard_listing, props.listing);
  const titleMatch = props.textMatches?.find((match) => match.property === 'title');
  const descriptionMatch = props.textMatches?.find((match) => match.property === 'description');
  const location = useLocation();
  const excerpt = listing.description.length > 220 ? `${listing.description.slice(0, 220).trimEnd()}…` : listing.description;
  return (
    <article className="card listing-card">
      <Heading className="listing-card__title">
        {/* The gig's page links back to this very list (its search and filters are in the address). */}
        <Link to={`/gigs/${listing.id}`} state={{ back: location.pathname + location.search }}>
          <Highlighted text={listing.title} highlights={titleMatch?.highlights} />
        </Link>
      </Heading>
      <p className="listing-card__meta">
        <Link to={`/employers/${listing.employer.id}`}>{listing.employer.name}</Link>{' '}
        <RatingBadge rating={listing.employer.rating} to={`/employers/${listing.employer.id}/reviews`} />
        <span aria-hidden="true"> · </span>
        {listing.projectType && (
          <>
            <span>{listing.projectType.name}</span>
            <span aria-hidden="true"> · </span>
          </>
        )}
        <span>{listing.publishedAt ? `Posted ${formatDate(listing.publishedAt)}` : `Draft from ${formatDate(listing.createdAt)}`}</span>
      </p>
      <ListingTerms listing={listing} compact />
      <p className="listing-card__excerpt">{descriptionMatch ? <MatchedExcerpt description={listing.description} match={descriptionMatch} /> : excerpt}</p>
      <ul className="tags" aria-label="Technologies">
        {listing.technologies.map((technology) => (
          <li key={technology.id} className="tag">
            {technology.name}
          </li>
        ))}
      </ul>
    </article>
  );
}

/** Why a gig matched a search (`ListingEdge.textMatches`): a fragment of one property and its matched words. */
interface CardTextMatch {
  property: string;
  fragment: string;
  highlights: readonly HighlightRange[];
}

/** The description fragment around the matched words, with an ellipsis where the description goes on. */
function MatchedExcerpt({ description, match }: { description: string; match: CardTextMatch }) {
  const at = description.indexOf(match.fragment);
  return (
    <>
      {at > 0 && '…'}
      <Highlighted text={match.fragment} highlights={match.highlights} />
      {at + match.fragment.length < description.length && '…'}
    </>
  );
}
