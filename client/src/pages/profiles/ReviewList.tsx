import { useRef } from 'react';
import { LoadMore } from '../../components/LoadMore';
import type { FragmentType } from '../../gql';
import { ReviewItem, type ReviewItem_review } from './ReviewItem';

interface ReviewPage {
  edges: Array<{ node: FragmentType<typeof ReviewItem_review> & { id?: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Published reviews, latest first, a page at a time. */
export function ReviewList({ reviews, onLoadMore, empty }: { reviews: ReviewPage; onLoadMore: (after: string) => Promise<unknown>; empty: string }) {
  const list = useRef<HTMLUListElement>(null);
  if (reviews.edges.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      <ul ref={list} className="plain review-list">
        {reviews.edges.map((edge, index) => (
          <li key={edge.node.id ?? index}>
            <ReviewItem review={edge.node} />
          </li>
        ))}
      </ul>
      {reviews.pageInfo.hasNextPage && reviews.pageInfo.endCursor && (
        <LoadMore list={list} label="More reviews" onLoad={() => onLoadMore(reviews.pageInfo.endCursor!)} />
      )}
    </>
  );
}
