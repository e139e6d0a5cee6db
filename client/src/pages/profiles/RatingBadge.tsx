import { Link } from 'react-router';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import './profiles.css';

export const RatingBadge_rating = graphql(`
  fragment RatingBadge_rating on Rating {
    average
    count
  }
`);

/** "★ 4.6 · 12 reviews", or "No reviews yet"; a link to the reviews when `to` is given. */
export function RatingBadge(props: { rating: FragmentType<typeof RatingBadge_rating>; to?: string }) {
  const { average, count } = getFragmentData(RatingBadge_rating, props.rating);
  const text = average === null || count === 0 ? 'No reviews yet' : `★ ${average.toFixed(1)} · ${count} ${count === 1 ? 'review' : 'reviews'}`;
  const label = average === null || count === 0 ? 'No reviews yet' : `Rated ${average.toFixed(1)} out of 5 from ${count} ${count === 1 ? 'review' : 'reviews'}`;
  // A link takes its name from its content (WCAG 2.5.3, label in name): the spoken rating is its image's name.
  return props.to ? (
    <Link to={props.to} className="rating">
      <span role="img" aria-label={label}>
        {text}
      </span>
    </Link>
  ) : (
    <span className="rating" aria-label={label}>
      {text}
    </span>
  );
}
