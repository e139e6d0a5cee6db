import { errorOf, ok } from '../../../test/harness';
import { codeOf } from '../../../test/expect';
import { buildUser, type BuiltUser } from '../../../test/factories';
import {
  ACCEPT,
  active,
  CANCEL,
  COMPLETE,
  content,
  deal,
  type Deal,
  DECLINE_COMPLETION,
  draft,
  notificationsOf,
  REPLY,
  REQUEST_COMPLETION,
  SAVE,
  SIGN,
  SUBMIT,
  SUBMIT_REVIEW,
  t,
} from '../../../test/contracts';

/*
 * Issue 14 review, finding 1: a contract outlives its poster's membership. Once the poster has
 * left the employer, the employer's OWNERS act for the employer side (`employerSideActor` in
 * contracts.policy.ts): every mutation, every viewer field and every notification follow it.
 */

const VIEWER = `query ($id: ID!) { contract(id: $id) {
  viewerSide viewerCanComplete viewerCanDeclineCompletion viewerCanRequestCompletion viewerCanCancel viewerCanDecideChangeOrders viewerCanReview viewerHasBeenReviewed
  reviews { id viewerCanReply }
} }`;

interface LeftDeal extends Deal {
  /** An owner of the employer besides the poster, who stands in once the poster has left. */
  owner: BuiltUser;
}

async function withOwner(d: Deal): Promise<LeftDeal> {
  const owner = await buildUser(t.app, { displayName: 'Olga Owner' });
  await t.app.deps.ds.query(`INSERT INTO employer_members (employer_id, user_id, role) VALUES ($1, $2, 'OWNER')`, [d.employerId, owner.user.id]);
  return { ...d, owner };
}

async function posterLeaves(d: Deal): Promise<void> {
  await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [d.employerId, d.poster.user.id]);
}

async function viewer(contractId: string, user: BuiltUser) {
  return ok(await t.gql(VIEWER, { id: contractId }, user.token)).contract;
}

const NONE = {
  viewerSide: null,
  viewerCanComplete: false,
  viewerCanDeclineCompletion: false,
  viewerCanRequestCompletion: false,
  viewerCanCancel: false,
  viewerCanDecideChangeOrders: false,
};

const kindsOf = async (user: BuiltUser) => (await notificationsOf(user.user.id)).map((n) => n.kind);

describe('a contract whose poster has left the employer', () => {
  it('is completed, declined and its change orders decided by the owners, who are told instead of the poster; the viewer fields say so', async () => {
    const d = await withOwner(await deal());
    const contractId = await active(d);
    // While the poster is a member, the other owner only reads.
    expect(await viewer(contractId, d.owner)).toMatchObject(NONE);
    expect(codeOf(await t.gql(COMPLETE, { contractId }, d.owner.token))).toBe('FORBIDDEN');

    await posterLeaves(d);
    const before = { poster: (await kindsOf(d.poster)).length };
    expect(await viewer(contractId, d.owner)).toMatchObject({ ...NONE, viewerSide: 'EMPLOYER', viewerCanComplete: true, viewerCanCancel: true, viewerCanDecideChangeOrders: true });
    for (const other of [d.poster, d.member]) expect(await viewer(contractId, other)).toMatchObject(NONE);
    expect(await viewer(contractId, d.worker)).toMatchObject({ viewerSide: 'WORKER', viewerCanRequestCompletion: true, viewerCanCancel: true, viewerCanComplete: false });

    const changeOrder = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Add a refund flow', priceChangeCents: 500 } }, d.worker.token)).submitChangeOrder.id;
    expect(await kindsOf(d.owner)).toContain('CHANGE_ORDER_SUBMITTED');
    for (const refused of [d.poster, d.member]) expect(codeOf(await t.gql(ACCEPT, { id: changeOrder }, refused.token))).toBe('FORBIDDEN');
    expect(ok(await t.gql(ACCEPT, { id: changeOrder }, d.owner.token)).acceptChangeOrder).toMatchObject({ status: 'ACCEPTED', acceptedBy: { id: expect.any(String) } });
    expect(await kindsOf(d.worker)).toContain('CHANGE_ORDER_ACCEPTED');

    ok(await t.gql(REQUEST_COMPLETION, { contractId, note: 'Shipped' }, d.worker.token));
    expect(await kindsOf(d.owner)).toContain('CONTRACT_COMPLETION_REQUESTED');
    expect(await viewer(contractId, d.owner)).toMatchObject({ viewerCanDeclineCompletion: true, viewerCanComplete: true });
    for (const refused of [d.poster, d.member]) {
      expect(await viewer(contractId, refused)).toMatchObject(NONE);
      expect(codeOf(await t.gql(DECLINE_COMPLETION, { contractId, reason: 'No' }, refused.token))).toBe('FORBIDDEN');
      expect(codeOf(await t.gql(COMPLETE, { contractId }, refused.token))).toBe('FORBIDDEN');
    }
    expect(errorOf(await t.gql(COMPLETE, { contractId }, d.poster.token)).message).toMatch(/no longer a member/);
    ok(await t.gql(DECLINE_COMPLETION, { contractId, reason: 'The docs are missing' }, d.owner.token));
    expect(await kindsOf(d.worker)).toContain('CONTRACT_COMPLETION_DECLINED');

    ok(await t.gql(REQUEST_COMPLETION, { contractId, note: 'Docs added' }, d.worker.token));
    expect(ok(await t.gql(COMPLETE, { contractId }, d.owner.token)).completeContract.status).toBe('COMPLETED');
    expect(await kindsOf(d.worker)).toContain('CONTRACT_COMPLETED');
    // Nothing meant for the employer side went to the poster after they left.
    expect((await kindsOf(d.poster)).length).toBe(before.poster);
    expect(await viewer(contractId, d.owner)).toMatchObject({ ...NONE, viewerSide: 'EMPLOYER', viewerCanReview: true });
  });

  it('is cancelled by an owner (the worker is told) but never edited or signed by one: the signature is the poster’s own', async () => {
    const d = await withOwner(await deal());
    const contractId = await draft(d);
    ok(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('v1') }, d.poster.token));
    await posterLeaves(d);
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 1, input: content('v2') }, d.owner.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.owner.token))).toBe('FORBIDDEN');
    expect(await viewer(contractId, d.owner)).toMatchObject({ viewerSide: 'EMPLOYER', viewerCanCancel: true, viewerCanComplete: false });
    expect(codeOf(await t.gql(CANCEL, { contractId, reason: 'Gone' }, d.member.token))).toBe('FORBIDDEN');
    const cancelled = ok(await t.gql(CANCEL, { contractId, reason: 'Our poster has left us' }, d.owner.token)).cancelContract;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Our poster has left us' });
    expect(await kindsOf(d.worker)).toContain('CONTRACT_CANCELLED');
  });

  it('is reviewed for the employer by an owner, who is invited, sees the review form, and replies to the worker’s review; the ex-poster may do none of it', async () => {
    const d = await withOwner(await deal());
    const contractId = await active(d);
    await posterLeaves(d);
    ok(await t.gql(COMPLETE, { contractId }, d.owner.token));

    ok(await t.gql(SUBMIT_REVIEW, { contractId, input: { rating: 2, body: 'The brief was vague' } }, d.worker.token));
    const invitation = (await notificationsOf(d.owner.user.id)).find((n) => n.kind === 'REVIEW_AWAITING_YOURS');
    expect(invitation?.payload).toMatchObject({ contractId });
    expect(await kindsOf(d.poster)).not.toContain('REVIEW_AWAITING_YOURS');
    expect(await viewer(contractId, d.owner)).toMatchObject({ viewerCanReview: true, viewerHasBeenReviewed: true });
    for (const refused of [d.poster, d.member]) {
      expect(await viewer(contractId, refused)).toMatchObject({ viewerCanReview: false, viewerHasBeenReviewed: refused === d.poster });
      expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId, input: { rating: 5, body: 'Great' } }, refused.token))).toBe('FORBIDDEN');
    }

    const byOwner = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: { rating: 5, body: 'Great work' } }, d.owner.token)).submitReview;
    expect(byOwner).toMatchObject({ rating: 5, author: { id: expect.any(String) } });
    expect(await kindsOf(d.worker)).toContain('REVIEWS_PUBLISHED');
    // One review per side: the owner has reviewed for the employer, so nobody on that side may again.
    expect(await viewer(contractId, d.owner)).toMatchObject({ viewerCanReview: false });

    const ownerView = await viewer(contractId, d.owner);
    const aboutEmployer = ownerView.reviews.find((review: { id: string }) => review.id !== byOwner.id);
    expect(aboutEmployer.viewerCanReply).toBe(true);
    expect((await viewer(contractId, d.poster)).reviews.find((review: { id: string }) => review.id === aboutEmployer.id).viewerCanReply).toBe(false);
    expect((await viewer(contractId, d.member)).reviews.find((review: { id: string }) => review.id === aboutEmployer.id).viewerCanReply).toBe(false);
    expect(codeOf(await t.gql(REPLY, { reviewId: aboutEmployer.id, body: 'Not mine' }, d.poster.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REPLY, { reviewId: aboutEmployer.id, body: 'Not mine' }, d.member.token))).toBe('FORBIDDEN');
    expect(ok(await t.gql(REPLY, { reviewId: aboutEmployer.id, body: 'We have written a clearer brief since' }, d.owner.token)).replyToReview.reply).toBe(
      'We have written a clearer brief since',
    );
    expect(await kindsOf(d.worker)).toContain('REVIEW_REPLIED');
  });
});
