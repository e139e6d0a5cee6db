import { randomUUID } from 'node:crypto';
import { errorOf, ok } from '../../../test/harness';
import { codeOf } from '../../../test/expect';
import { active, CANCEL, CONTRACT_REVIEWS, deal, type Deal, localId, SUBMIT_REVIEW, t } from '../../../test/contracts';
import { toGlobalId } from '../../graphql/global-id';

/*
 * Issue 14 review, finding 2: review farming. Cancelling a signed contract and contracting again
 * on the same conversation must not buy a second round of reviews: each side reviews the other at
 * most once per conversation (gig + freelancer), whichever of its contracts ended, in the service
 * and in the database.
 */

const RATINGS = `query ($userId: ID!, $employerId: ID!) {
  user(id: $userId) { freelancerRating { average count } }
  employer(id: $employerId) { rating { average count } }
}`;

async function signedThenCancelled(d: Deal): Promise<string> {
  const contractId = await active(d);
  ok(await t.gql(CANCEL, { contractId, reason: 'Let us start over' }, d.worker.token));
  return contractId;
}

const canReview = async (contractId: string, d: Deal) => ({
  poster: ok(await t.gql(CONTRACT_REVIEWS, { id: contractId }, d.poster.token)).contract.viewerCanReview,
  worker: ok(await t.gql(CONTRACT_REVIEWS, { id: contractId }, d.worker.token)).contract.viewerCanReview,
});

describe('one review per side per conversation', () => {
  it('refuses a second round of reviews on a new contract of the same conversation, with a message that says why, and ratings stay put', async () => {
    const d = await deal();
    const first = await signedThenCancelled(d);
    ok(await t.gql(SUBMIT_REVIEW, { contractId: first, input: { rating: 5, body: 'Superb' } }, d.worker.token));
    ok(await t.gql(SUBMIT_REVIEW, { contractId: first, input: { rating: 5, body: 'Superb too' } }, d.poster.token));

    const second = await signedThenCancelled(d);
    expect(await canReview(second, d)).toEqual({ poster: false, worker: false });
    for (const party of [d.worker, d.poster]) {
      const refused = await t.gql(SUBMIT_REVIEW, { contractId: second, input: { rating: 5, body: 'Again' } }, party.token);
      expect(codeOf(refused)).toBe('CONFLICT');
      expect(errorOf(refused).message).toMatch(/earlier contract of the same conversation.*once per gig and freelancer/);
    }
    const ratings = ok(await t.gql(RATINGS, { userId: toGlobalId('User', d.worker.user.id), employerId: toGlobalId('Employer', d.employerId) }));
    expect(ratings).toEqual({ user: { freelancerRating: { average: 5, count: 1 } }, employer: { rating: { average: 5, count: 1 } } });
  });

  it('lets a side that has not reviewed yet review on the later contract, once', async () => {
    const d = await deal();
    const first = await signedThenCancelled(d);
    ok(await t.gql(SUBMIT_REVIEW, { contractId: first, input: { rating: 4, body: 'Good' } }, d.worker.token));
    const second = await signedThenCancelled(d);
    expect(await canReview(second, d)).toEqual({ poster: true, worker: false });
    ok(await t.gql(SUBMIT_REVIEW, { contractId: second, input: { rating: 4, body: 'Good as well' } }, d.poster.token));
    expect(await canReview(first, d)).toEqual({ poster: false, worker: false });
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId: first, input: { rating: 1, body: 'Changed my mind' } }, d.poster.token))).toBe('CONFLICT');
  });

  it('is held by the database too: a second review of a side on the conversation is a unique violation, whatever writes it', async () => {
    const d = await deal();
    const first = await signedThenCancelled(d);
    ok(await t.gql(SUBMIT_REVIEW, { contractId: first, input: { rating: 5, body: 'Superb' } }, d.worker.token));
    const second = await signedThenCancelled(d);
    const insert = () =>
      t.app.deps.ds.query(
        `INSERT INTO reviews (id, contract_id, author_id, subject_id, subject_role, employer_id, rating, body, visible_at)
         VALUES ($1, $2, $3, $4, 'EMPLOYER', $5, 5, 'Farmed', now())`,
        [randomUUID(), localId(second), d.worker.user.id, d.poster.user.id, d.employerId],
      );
    await expect(insert()).rejects.toMatchObject({ code: '23505', constraint: 'reviews_once_per_conversation_side' });
    const [{ count }] = (await t.app.deps.ds.query(`SELECT count(*)::int AS count FROM reviews WHERE employer_id = $1`, [d.employerId])) as Array<{ count: number }>;
    expect(count).toBe(1);
  });

  it('lets two concurrent reviews by one side on two contracts of a conversation write one (the other is CONFLICT)', async () => {
    const d = await deal();
    const first = await signedThenCancelled(d);
    const second = await signedThenCancelled(d);
    const results = await Promise.all(
      [first, second].map((contractId) => t.gql(SUBMIT_REVIEW, { contractId, input: { rating: 5, body: 'Twice at once' } }, d.worker.token)),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => result.errors).map(codeOf)).toEqual(['CONFLICT']);
  });
});
