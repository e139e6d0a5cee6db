import type { ContractEntity } from '../contracts/contract.entity';
import { notAMemberAnymore } from '../contracts/contracts.errors';
import { employerSideActor, type RoleOf } from '../contracts/contracts.policy';
import type { ReviewEntity } from './review.entity';
import { alreadyReplied, reviewNotFound, subjectOnly } from './reviews.errors';

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

/**
 * The contract events (audit entries, live updates) of `events` that `viewerId` may learn of: an
 * event about a review (REVIEW_SUBMITTED, REVIEWS_PUBLISHED, REVIEW_REPLIED) exists for a viewer
 * only when they may read that review, so a hidden review's very existence reaches nobody but its
 * author: not the other party, not the employer's members. Every path that shows contract events
 * filters through here. `loadReview` reads the review as it is now (null when it is gone).
 */
export async function withoutHiddenReviewEvents<E extends { reviewId?: string | null }>(
  events: E[],
  viewerId: string | null,
  now: Date,
  loadReview: (id: string) => Promise<Pick<ReviewEntity, 'visibleAt' | 'authorId'> | null | undefined>,
): Promise<E[]> {
  const readable = await Promise.all(
    events.map(async (event) => {
      if (!event.reviewId) return true;
      const review = await loadReview(event.reviewId);
      return Boolean(review && mayReadReview(review, viewerId, now));
    }),
  );
  return events.filter((_event, i) => readable[i]);
}

/** SQL: the review `alias` is published at `now` (an SQL expression, e.g. `$2`: the app's clock, never PostgreSQL's). */
export function publishedReviewSql(alias: string, now: string): string {
  return `${alias}.visible_at <= ${now}`;
}

type Repliable = Pick<ReviewEntity, 'visibleAt' | 'authorId' | 'subjectId' | 'subjectRole' | 'employerId' | 'reply'>;

/**
 * Why `userId` may not reply to the review at `now`, or null when they may: the one rule behind
 * both `replyToReview` and `Review.viewerCanReply`. In order: NOT_FOUND when they may not read it
 * yet (hidden like an unknown review); for a review about the worker, FORBIDDEN for anyone but
 * the worker; for a review about the employer, whoever acts for the employer side of the contract
 * (`employerSideActor`: its poster, the review's subject, while a member; its owners once the
 * poster has left), FORBIDDEN for a poster who has left and for everyone else; CONFLICT when it
 * already has a reply. `roleOf` reads roles in the review's employer, asked only when it decides.
 */
export async function replyRefusal(review: Repliable, userId: string | null, now: Date, roleOf: RoleOf): Promise<Error | null> {
  if (!mayReadReview(review, userId, now)) return reviewNotFound();
  if (userId === null) return subjectOnly();
  if (review.subjectRole === 'WORKER') {
    if (review.subjectId !== userId) return subjectOnly();
  } else {
    // A review about the employer is the worker's, about the contract's poster.
    const parties = { employerId: review.employerId, employerUserId: review.subjectId, workerUserId: review.authorId };
    if ((await employerSideActor(parties, userId, roleOf)) === null) return userId === review.subjectId ? notAMemberAnymore() : subjectOnly();
  }
  if (review.reply !== null) return alreadyReplied();
  return null;
}
