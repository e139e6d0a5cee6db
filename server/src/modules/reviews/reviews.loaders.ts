import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { groupLoaderByKey, groupedInKeyOrder, loaderByKey, type LoaderFactory } from '../../db/loaders';
import { ReviewEntity, type ReviewSubjectRole } from './review.entity';

export const reviewByIdLoader = loaderByKey(ReviewEntity, 'id');

/** Each contract's reviews (at most two), oldest first; the policy filters what the viewer may read. */
export const reviewsByContractIdLoader = groupLoaderByKey(ReviewEntity, 'contractId', { order: { createdAt: 'ASC', id: 'ASC' } });

/**
 * The sides already reviewed (the subject roles: WORKER, the freelancer reviewed; EMPLOYER, the
 * employer reviewed) on any contract of each conversation, in key order, hidden reviews included:
 * each side reviews the other once per conversation. One statement for the batch.
 */
export async function reviewedSidesOfConversations(db: DataSource | EntityManager, conversationIds: readonly string[]): Promise<ReviewSubjectRole[][]> {
  const rows = (await db.query(
    `SELECT DISTINCT c.conversation_id, r.subject_role FROM reviews r JOIN contracts c ON c.id = r.contract_id WHERE c.conversation_id = ANY($1::uuid[])`,
    [[...conversationIds]],
  )) as Array<{ conversation_id: string; subject_role: ReviewSubjectRole }>;
  return groupedInKeyOrder(conversationIds, rows, (row) => row.conversation_id).map((group) => group.map((row) => row.subject_role));
}

export const reviewedSidesByConversationIdLoader: LoaderFactory<string, ReviewSubjectRole[]> = (ds) =>
  new DataLoader((conversationIds) => reviewedSidesOfConversations(ds, conversationIds));

/**
 * Per user, the ids of the employers they post for in public: an employer of one of their gigs
 * that has been published (PUBLISHED, CLOSED or EXPIRED: the catalogue showed it), while they are
 * still its member. Membership itself stays private (`User.employers`). One statement per batch.
 */
export const postedForEmployerIdsByUserIdLoader: LoaderFactory<string, string[]> = (ds) =>
  new DataLoader(async (userIds) => {
    const rows = (await ds.query(
      `SELECT DISTINCT l.posted_by_user_id AS user_id, l.employer_id
       FROM listings l JOIN employer_members m ON m.employer_id = l.employer_id AND m.user_id = l.posted_by_user_id
       WHERE l.posted_by_user_id = ANY($1::uuid[]) AND l.status <> 'DRAFT'
       ORDER BY l.employer_id`,
      [[...userIds]],
    )) as Array<{ user_id: string; employer_id: string }>;
    return groupedInKeyOrder(userIds, rows, (row) => row.user_id).map((group) => group.map((row) => row.employer_id));
  });
