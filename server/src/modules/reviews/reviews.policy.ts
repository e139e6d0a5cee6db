import type { ContractEntity } from '../contracts/contract.entity';
import type { ReviewEntity } from './review.entity';

/**
 * Who may read a review: double-blind. Until both parties have reviewed the contract or its review
 * window is over (`visibleAt`), a review is its author's alone: hidden from the other party, the
 * employer's members and the public alike, on every path (lists, ratings, counts, node). Then it
 * is public. The rule in TypeScript and in SQL lives here, once; `now` is the app's clock.
 */

/** Days after a contract ends during which each party may review the other. */
export const REVIEW_WINDOW_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

type Ended = Pick<ContractEntity, 'status' | 'completedAt' | 'cancelledAt' | 'employerSignedVersion' | 'workerSignedVersion'>;

/** When the contract ended in a way that takes reviews: COMPLETED, or CANCELLED after both signed; null otherwise. */
export function reviewableSince(contract: Ended): Date | null {
  if (contract.status === 'COMPLETED') return contract.completedAt;
  const bothSigned = contract.employerSignedVersion !== null && contract.employerSignedVersion === contract.workerSignedVersion;
  return contract.status === 'CANCELLED' && bothSigned ? contract.cancelledAt : null;
}

/** When the contract's review window closes; null for a contract that takes no reviews. */
export function reviewWindowClosesAt(contract: Ended): Date | null {
  const since = reviewableSince(contract);
  return since && new Date(since.getTime() + REVIEW_WINDOW_DAYS * DAY_MS);
}

/** Whether everyone may read the review at `now`. */
export function isPublished(review: Pick<ReviewEntity, 'visibleAt'>, now: Date): boolean {
  return review.visibleAt.getTime() <= now.getTime();
}

/** Whether `viewerId` (null: anonymous) may read the review at `now`: its author always, everyone once published. */
export function mayReadReview(review: Pick<ReviewEntity, 'visibleAt' | 'authorId'>, viewerId: string | null, now: Date): boolean {
  return isPublished(review, now) || review.authorId === viewerId;
}

/** SQL: the review `alias` is published at `now` (an SQL expression, e.g. `$2`: the app's clock, never PostgreSQL's). */
export function publishedReviewSql(alias: string, now: string): string {
  return `${alias}.visible_at <= ${now}`;
}
