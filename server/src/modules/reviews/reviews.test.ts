import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { errorOf, ok } from '../../../test/harness';
import { codeOf, expectBadFields } from '../../../test/expect';
import { buildContract, buildConversation, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import {
  active,
  CANCEL,
  clock,
  completed,
  CONTRACT_REVIEWS,
  content,
  deal,
  type Deal,
  draft,
  localId,
  NODE,
  notificationsOf,
  REPLY,
  save,
  SIGN,
  SUBMIT_REVIEW,
  t,
  watch,
} from '../../../test/contracts';
import { connectLive, LiveSubscription, probeUntilLive, type LiveSocket } from '../../../test/live';
import { toGlobalId } from '../../graphql/global-id';
import { contractUpdatedTopic } from '../contracts/contracts.events';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { REVIEW_AWAITING_YOURS, WINDOW_CLOSED_JOB } from './reviews.service';

const REPUTATION = `query ($userId: ID!, $employerId: ID!) {
  user(id: $userId) { freelancerRating { average count } completedContractsCount reviews(first: 10) { edges { node { id rating body } } } }
  employer(id: $employerId) { rating { average count } completedContractsCount reviews(first: 10) { edges { node { id rating body reply } } } }
}`;

const EVENTS = `query ($id: ID!) { contract(id: $id) { events { id kind } } }`;
const NODE_REVIEW = `query ($id: ID!) { node(id: $id) { id ... on Review { viewerCanReply } } }`;
const NOTIFICATIONS = `{ notifications(first: 100) { unreadCount edges { node { id kind payload } } } }`;
const NOTIFICATION_ADDED = `subscription { notificationAdded { id kind payload } }`;
const BEEN_REVIEWED = `query ($id: ID!) { contract(id: $id) { viewerHasBeenReviewed viewerCanReview } }`;

interface Notice {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
}

const sockets: LiveSocket[] = [];
afterAll(() => Promise.all(sockets.map((socket) => socket.dispose())));

/**
 * The user's notificationAdded subscription, live: a probe notification stored for them is
 * announced until it arrives. `probe()` announces it again, so an event published before the
 * probe has arrived before it (one topic, one order).
 */
async function noticesOf(user: BuiltUser) {
  const socket = connectLive(t.url, user.token);
  sockets.push(socket);
  const sub = new LiveSubscription<{ notificationAdded: Notice }>(socket, NOTIFICATION_ADDED);
  const stored = await t.app.deps.services.notifications.add(t.app.deps.ds.manager, { userId: user.user.id, kind: 'TEST_PROBE', payload: {} });
  const probe = async () => {
    const seen = sub.data.length;
    await t.app.deps.pubsub.publish(notificationAddedTopic(user.user.id), { notificationId: stored.id, userId: user.user.id });
    await sub.until(() => sub.data.slice(seen).some((data) => data.notificationAdded.kind === 'TEST_PROBE'));
  };
  await probeUntilLive(
    sub,
    () => t.app.deps.pubsub.publish(notificationAddedTopic(user.user.id), { notificationId: stored.id, userId: user.user.id }),
    (data) => data.notificationAdded.kind === 'TEST_PROBE',
  );
  return {
    probe,
    /** Everything but probes, as it arrived. */
    received: () => sub.data.map((data) => data.notificationAdded).filter((notice) => notice.kind !== 'TEST_PROBE'),
  };
}

async function apiNotices(token: string): Promise<{ unreadCount: number; nodes: Notice[] }> {
  const { notifications } = ok(await t.gql(NOTIFICATIONS, {}, token));
  return { unreadCount: notifications.unreadCount, nodes: notifications.edges.map((edge: { node: Notice }) => edge.node) };
}

const review = (rating: number, body = `Rated ${rating}: clear brief, paid on time.`) => ({ rating, body });

async function reputation(d: Deal, token?: string) {
  return ok(await t.gql(REPUTATION, { userId: toGlobalId('User', d.worker.user.id), employerId: toGlobalId('Employer', d.employerId) }, token));
}

async function reviewsOf(contractId: string, token: string) {
  return ok(await t.gql(CONTRACT_REVIEWS, { id: contractId }, token)).contract;
}

// ---- double-blind ---------------------------------------------------------------------------

describe('double-blind reviews', () => {
  it('hides a lone review from the other party, members and the public on every path', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const submitted = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5, 'Great poster') }, d.worker.token)).submitReview;
    expect(submitted).toMatchObject({ rating: 5, body: 'Great poster', subjectRole: 'EMPLOYER', publishedAt: null, reply: null, viewerCanReply: false });

    // The author sees it; nobody else does, wherever they look.
    expect((await reviewsOf(contractId, d.worker.token)).reviews.map((r: { id: string }) => r.id)).toEqual([submitted.id]);
    expect((await reviewsOf(contractId, d.worker.token)).viewerCanReview).toBe(false);
    for (const token of [d.poster.token, d.member.token]) expect((await reviewsOf(contractId, token)).reviews).toEqual([]);
    expect(ok(await t.gql(NODE, { id: submitted.id }, d.worker.token)).node).toEqual({ id: submitted.id });
    for (const token of [d.poster.token, d.member.token, d.stranger.token, undefined]) {
      expect(ok(await t.gql(NODE, { id: submitted.id }, token)).node).toBeNull();
      expect((await reputation(d, token)).employer).toMatchObject({ rating: { average: null, count: 0 }, completedContractsCount: 1, reviews: { edges: [] } });
    }
    // The reviewee may not reply to what they cannot see: exactly like an unknown review.
    expect(errorOf(await t.gql(REPLY, { reviewId: submitted.id, body: 'Thanks' }, d.poster.token)).extensions?.code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(REPLY, { reviewId: toGlobalId('Review', randomUUID()), body: 'Thanks' }, d.poster.token)).extensions?.code).toBe('NOT_FOUND');
  });

  it('hides even the existence of a lone review from everyone but its author: audit trail, event node, live updates, notifications', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const watches = { poster: await watch(t, d.poster.token, contractId), member: await watch(t, d.member.token, contractId), worker: await watch(t, d.worker.token, contractId) };
    const notified = { poster: (await notificationsOf(d.poster.user.id)).length, member: (await notificationsOf(d.member.user.id)).length };
    const lone = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(2, 'Vague brief') }, d.worker.token)).submitReview;

    // Live: the author hears of it; the others' next update is the one published after it (none in between).
    expect(await watches.worker.next()).toMatchObject({ kind: 'REVIEW_SUBMITTED', review: { id: lone.id } });
    await t.app.deps.pubsub.publish(contractUpdatedTopic(localId(contractId)), { contractId: localId(contractId), kind: 'COMPLETED' });
    for (const w of [watches.poster, watches.member]) expect(await w.next()).toMatchObject({ kind: 'COMPLETED', review: null });

    // Audit trail and node: the author's entry only.
    const trail = async (token?: string) => ok(await t.gql(EVENTS, { id: contractId }, token)).contract.events.map((e: { kind: string }) => e.kind);
    expect(await trail(d.worker.token)).toContain('REVIEW_SUBMITTED');
    for (const token of [d.poster.token, d.member.token]) expect(await trail(token)).not.toContain('REVIEW_SUBMITTED');
    const [entry] = (await t.app.deps.ds.query(`SELECT seq FROM contract_events WHERE contract_id = $1 AND kind = 'REVIEW_SUBMITTED'`, [localId(contractId)])) as Array<{ seq: string }>;
    const entryId = toGlobalId('ContractEvent', entry.seq);
    expect(ok(await t.gql(NODE, { id: entryId }, d.worker.token)).node).toEqual({ id: entryId });
    for (const token of [d.poster.token, d.member.token, d.stranger.token, undefined]) expect(ok(await t.gql(NODE, { id: entryId }, token)).node).toBeNull();
    expect(codeOf(await t.gql(EVENTS, { id: contractId }, d.stranger.token))).toBe('NOT_FOUND');

    // Notifications: the other party alone is told it exists (never what it says); no member, no stranger.
    expect((await notificationsOf(d.poster.user.id)).slice(notified.poster).map((n) => n.kind)).toEqual([REVIEW_AWAITING_YOURS]);
    expect((await notificationsOf(d.member.user.id)).length).toBe(notified.member);
    expect((await notificationsOf(d.stranger.user.id)).length).toBe(0);

    // Once both reviewed, the whole story is everyone's who reads the contract.
    ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(4, 'Good work') }, d.poster.token));
    for (const token of [d.poster.token, d.member.token]) expect(await trail(token)).toEqual(expect.arrayContaining(['REVIEW_SUBMITTED', 'REVIEWS_PUBLISHED']));
    expect(ok(await t.gql(NODE, { id: entryId }, d.member.token)).node).toEqual({ id: entryId });
  });

  it('publishes both reviews together once the second party reviews; then they are final and the reviewee replies once', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const posterWatch = await watch(t, d.poster.token, contractId);
    const byWorker = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(4, 'Good brief') }, d.worker.token)).submitReview;
    const byPoster = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5, 'Excellent work') }, d.poster.token)).submitReview;
    expect(byPoster.publishedAt).toEqual(expect.any(String));
    // Live, the reviewee heard of nothing until both were public: then both entries, readable.
    expect(await posterWatch.next()).toMatchObject({ kind: 'REVIEW_SUBMITTED', review: { id: byPoster.id } });
    expect(await posterWatch.next()).toMatchObject({ kind: 'REVIEWS_PUBLISHED', review: { id: byPoster.id } });
    const seen = await reviewsOf(contractId, d.member.token);
    expect(seen.reviews).toHaveLength(2);
    expect(new Set(seen.reviews.map((r: { publishedAt: string }) => r.publishedAt)).size).toBe(1);
    expect((await notificationsOf(d.worker.user.id)).at(-1)).toMatchObject({ kind: 'REVIEWS_PUBLISHED', payload: { contractId } });

    const anonymous = await reputation(d);
    expect(anonymous.user).toMatchObject({ freelancerRating: { average: 5, count: 1 }, completedContractsCount: 1 });
    expect(anonymous.user.reviews.edges.map((edge: { node: { body: string } }) => edge.node.body)).toEqual(['Excellent work']);
    expect(anonymous.employer).toMatchObject({ rating: { average: 4, count: 1 }, completedContractsCount: 1 });
    expect(ok(await t.gql(NODE, { id: byWorker.id })).node).toEqual({ id: byWorker.id });

    // Final: no second review, no edit path; the reviewee replies once, nobody else may.
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId, input: review(1, 'Changed my mind') }, d.worker.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(REPLY, { reviewId: byWorker.id, body: 'Thanks' }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REPLY, { reviewId: byWorker.id, body: 'Thanks' }, d.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REPLY, { reviewId: byWorker.id, body: 'Thanks' }, d.stranger.token))).toBe('FORBIDDEN');
    expectBadFields(await t.gql(REPLY, { reviewId: byWorker.id, body: '  ' }, d.poster.token), ['body']);
    const replied = ok(await t.gql(REPLY, { reviewId: byWorker.id, body: 'Thank you, it was a pleasure' }, d.poster.token)).replyToReview;
    expect(replied).toMatchObject({ reply: 'Thank you, it was a pleasure', viewerCanReply: false, rating: 4 });
    expect(codeOf(await t.gql(REPLY, { reviewId: byWorker.id, body: 'Edited reply' }, d.poster.token))).toBe('CONFLICT');
    expect((await reputation(d)).employer.reviews.edges[0].node).toMatchObject({ reply: 'Thank you, it was a pleasure' });
    expect((await notificationsOf(d.worker.user.id)).at(-1)).toMatchObject({ kind: 'REVIEW_REPLIED' });
  });

  it('refuses a reply about the employer from a poster who has left it, and changes nothing', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const byWorker = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(2, 'Vague brief') }, d.worker.token)).submitReview;
    const byPoster = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5, 'Excellent work') }, d.poster.token)).submitReview;
    const canReply = async (token: string) =>
      Object.fromEntries((await reviewsOf(contractId, token)).reviews.map((r: { id: string; viewerCanReply: boolean }) => [r.id, r.viewerCanReply]));
    expect(await canReply(d.poster.token)).toEqual({ [byWorker.id]: true, [byPoster.id]: false });
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [d.employerId, d.poster.user.id]);
    // The viewer field follows the mutation's rule (one policy): the ex-member may not, and is told so before trying.
    expect(await canReply(d.poster.token)).toEqual({ [byWorker.id]: false, [byPoster.id]: false });
    expect(ok(await t.gql(NODE_REVIEW, { id: byWorker.id }, d.poster.token)).node.viewerCanReply).toBe(false);
    expect(codeOf(await t.gql(REPLY, { reviewId: byWorker.id, body: 'Not my problem any more' }, d.poster.token))).toBe('FORBIDDEN');
    expect((await reputation(d)).employer.reviews.edges[0].node).toMatchObject({ reply: null });
    // The review about the worker is theirs to answer, whoever the poster works for now.
    expect(await canReply(d.worker.token)).toEqual({ [byWorker.id]: false, [byPoster.id]: true });
    expect(ok(await t.gql(REPLY, { reviewId: byPoster.id, body: 'Thank you' }, d.worker.token)).replyToReview.reply).toBe('Thank you');
  });

  it('tells the other party alone, once, that they were reviewed and by when to write theirs: never the rating or text, nothing to members, strangers or the public', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const live = { poster: await noticesOf(d.poster), member: await noticesOf(d.member), worker: await noticesOf(d.worker) };
    const before = { poster: await apiNotices(d.poster.token), member: await apiNotices(d.member.token), stranger: await apiNotices(d.stranger.token) };
    const body = 'Vague brief, late answers';
    ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(2, body) }, d.worker.token));
    const closesAt = (await reviewsOf(contractId, d.worker.token)).reviewWindowClosesAt;
    const workerName = (await t.app.deps.ds.query(`SELECT display_name FROM profiles WHERE user_id = $1`, [d.worker.user.id]))[0].display_name as string;

    // The poster (the contract's party on the employer side): exactly one, saying who and by when, in the API and live.
    const after = await apiNotices(d.poster.token);
    const added = after.nodes.filter((node) => !before.poster.nodes.some((old) => old.id === node.id));
    expect(added).toEqual([
      {
        id: expect.any(String),
        kind: REVIEW_AWAITING_YOURS,
        payload: {
          contractId,
          fromUserId: toGlobalId('User', d.worker.user.id),
          authorName: workerName,
          reviewWindowClosesAt: closesAt,
          summary: expect.stringMatching(new RegExp(`^${workerName} has reviewed you: write your review by \\d{1,2} \\w+ \\d{4} at \\d{2}:\\d{2} UTC and both appear together$`)),
        },
      },
    ]);
    expect(after.unreadCount).toBe(before.poster.unreadCount + 1);
    for (const w of Object.values(live)) await w.probe();
    expect(live.poster.received()).toEqual([added[0]]);
    // Nothing of the review in it: no rating, no text.
    expect(JSON.stringify(added[0])).not.toMatch(/rating|Vague brief|late answers/i);
    expect(Object.keys(added[0].payload).sort()).toEqual(['authorName', 'contractId', 'fromUserId', 'reviewWindowClosesAt', 'summary']);

    // No trace for anyone else: the member, the author, a stranger; counts, unread counts and live alike.
    expect(await apiNotices(d.member.token)).toEqual(before.member);
    expect(await apiNotices(d.stranger.token)).toEqual(before.stranger);
    expect(live.member.received()).toEqual([]);
    expect(live.worker.received()).toEqual([]);
    expect(codeOf(await t.gql(NOTIFICATIONS, {}))).toBe('UNAUTHENTICATED');

    // The contract page's flag follows the same rule: the other party alone; a stranger and the public do not see the contract.
    expect(ok(await t.gql(BEEN_REVIEWED, { id: contractId }, d.poster.token)).contract).toEqual({ viewerHasBeenReviewed: true, viewerCanReview: true });
    expect(ok(await t.gql(BEEN_REVIEWED, { id: contractId }, d.member.token)).contract).toEqual({ viewerHasBeenReviewed: false, viewerCanReview: false });
    expect(ok(await t.gql(BEEN_REVIEWED, { id: contractId }, d.worker.token)).contract).toEqual({ viewerHasBeenReviewed: false, viewerCanReview: false });
    expect(codeOf(await t.gql(BEEN_REVIEWED, { id: contractId }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(BEEN_REVIEWED, { id: contractId }))).toBe('UNAUTHENTICATED');

    // The second review publishes both: REVIEWS_PUBLISHED to the worker, no second invitation to anyone.
    ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(4, 'Good work') }, d.poster.token));
    for (const user of [d.poster, d.worker, d.member]) expect((await notificationsOf(user.user.id)).filter((n) => n.kind === REVIEW_AWAITING_YOURS)).toHaveLength(user === d.poster ? 1 : 0);
    expect(ok(await t.gql(BEEN_REVIEWED, { id: contractId }, d.worker.token)).contract).toEqual({ viewerHasBeenReviewed: true, viewerCanReview: false });
  });

  it('tells the worker when the poster reviews first, and never a poster who has left the employer, who may not review any more', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const notified = { member: (await notificationsOf(d.member.user.id)).length };
    ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5, 'Excellent work') }, d.poster.token));
    const invitations = (userId: string) => notificationsOf(userId).then((all) => all.filter((n) => n.kind === REVIEW_AWAITING_YOURS));
    expect(await invitations(d.worker.user.id)).toEqual([
      { kind: REVIEW_AWAITING_YOURS, payload: expect.objectContaining({ contractId, fromUserId: toGlobalId('User', d.poster.user.id) }) },
    ]);
    expect(JSON.stringify(await invitations(d.worker.user.id))).not.toMatch(/rating|Excellent/i);
    expect(await invitations(d.poster.user.id)).toEqual([]);
    expect((await notificationsOf(d.member.user.id)).length).toBe(notified.member);

    // A poster who has left: not told, and not offered the form the mutation would refuse.
    const other = await deal();
    const second = await completed(other);
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [other.employerId, other.poster.user.id]);
    ok(await t.gql(SUBMIT_REVIEW, { contractId: second, input: review(3, 'Fine') }, other.worker.token));
    expect(await invitations(other.poster.user.id)).toEqual([]);
    expect(ok(await t.gql(BEEN_REVIEWED, { id: second }, other.poster.token)).contract).toEqual({ viewerHasBeenReviewed: true, viewerCanReview: false });
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId: second, input: review(3, 'Fine too') }, other.poster.token))).toBe('FORBIDDEN');
  });

  it('publishes a lone review when the 14 days are over, and closes the window to the other party (clock moved, no sleep)', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const lone = ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(2, 'Slow to answer') }, d.poster.token)).submitReview;
    expect((await reputation(d)).user.freelancerRating).toEqual({ average: null, count: 0 });
    // The job that announces it is queued with the review, due when the window closes.
    const closesAt = Date.parse((await reviewsOf(contractId, d.poster.token)).reviewWindowClosesAt);
    const jobs = (await t.app.deps.ds.query(`SELECT start_after FROM pgboss.job WHERE name = $1 AND data->>'contractId' = $2`, [WINDOW_CLOSED_JOB.name, localId(contractId)])) as Array<{ start_after: Date }>;
    expect(jobs.map((job) => job.start_after.getTime())).toEqual([closesAt]);
    const announced = (userId: string) => notificationsOf(userId).then((all) => all.filter((n) => n.kind === 'REVIEWS_PUBLISHED'));

    clock.advanceDays(13.9);
    expect((await reviewsOf(contractId, d.worker.token)).reviews).toEqual([]);
    expect((await reviewsOf(contractId, d.worker.token)).viewerCanReview).toBe(true);
    // Run early (a clock behind the database's), the job fails to be retried, and tells nobody.
    await expect(t.app.deps.services.reviews.announceWindowClosed(localId(contractId))).rejects.toThrow(/not closed yet/);
    expect([...(await announced(d.worker.user.id)), ...(await announced(d.poster.user.id))]).toEqual([]);

    clock.advanceDays(0.2);
    const workerWatch = await watch(t, d.worker.token, contractId);
    await t.app.deps.services.reviews.announceWindowClosed(localId(contractId));
    await t.app.deps.services.reviews.announceWindowClosed(localId(contractId)); // a retried job: once only
    expect(await announced(d.worker.user.id)).toEqual([{ kind: 'REVIEWS_PUBLISHED', payload: expect.objectContaining({ contractId, summary: expect.stringContaining('review of you is now public') }) }]);
    expect(await announced(d.poster.user.id)).toEqual([{ kind: 'REVIEWS_PUBLISHED', payload: expect.objectContaining({ contractId, summary: expect.stringContaining('your review is now public') }) }]);
    expect(await workerWatch.next()).toMatchObject({ kind: 'REVIEWS_PUBLISHED', review: { id: lone.id, rating: 2 } });
    expect(ok(await t.gql(EVENTS, { id: contractId }, d.member.token)).contract.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['REVIEW_SUBMITTED', 'REVIEWS_PUBLISHED']));
    const after = await reviewsOf(contractId, d.worker.token);
    expect(after).toMatchObject({ viewerCanReview: false, reviews: [{ id: lone.id, rating: 2 }] });
    expect(Date.parse(after.reviews[0].publishedAt)).toBe(Date.parse(after.reviewWindowClosesAt));
    expect((await reputation(d)).user.freelancerRating).toEqual({ average: 2, count: 1 });
    const late = errorOf(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5) }, d.worker.token));
    expect(late).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('window closed') });
    // Published, so the reviewee may reply.
    expect(ok(await t.gql(REPLY, { reviewId: lone.id, body: 'I was on holiday' }, d.worker.token)).replyToReview.reply).toBe('I was on holiday');
  });
});

// ---- who may review what --------------------------------------------------------------------

describe('review refusals', () => {
  it('takes no review on a contract that is not over or was never signed', async () => {
    const d = await deal();
    const draftId = await draft(d);
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId: draftId, input: review(5) }, d.worker.token))).toBe('CONFLICT');
    ok(await t.gql(CANCEL, { contractId: draftId, reason: 'Never mind' }, d.poster.token));
    const never = errorOf(await t.gql(SUBMIT_REVIEW, { contractId: draftId, input: review(5) }, d.worker.token));
    expect(never).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('before both parties signed') });

    // Signed by one party only, then cancelled: still never signed by both.
    const half = await deal();
    const halfId = await draft(half);
    await save(half, halfId, 0, content('v1'));
    ok(await t.gql(SIGN, { contractId: halfId, version: 1 }, half.worker.token));
    ok(await t.gql(CANCEL, { contractId: halfId, reason: 'Never mind' }, half.worker.token));
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId: halfId, input: review(5) }, half.poster.token))).toBe('CONFLICT');

    const running = await deal();
    const runningId = await active(running);
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId: runningId, input: review(5) }, running.poster.token))).toBe('CONFLICT');

    // Cancelled after both signed: both may review.
    ok(await t.gql(CANCEL, { contractId: runningId, reason: 'Budget cut' }, running.poster.token));
    ok(await t.gql(SUBMIT_REVIEW, { contractId: runningId, input: review(3) }, running.poster.token));
    ok(await t.gql(SUBMIT_REVIEW, { contractId: runningId, input: review(4) }, running.worker.token));
    expect((await reviewsOf(runningId, running.member.token)).reviews).toHaveLength(2);
    const [{ count }] = await t.app.deps.ds.query(`SELECT count(*)::int AS count FROM reviews WHERE contract_id = ANY($1::uuid[])`, [
      [localId(draftId), localId(halfId)],
    ]);
    expect(count).toBe(0);
  });

  it('answers members FORBIDDEN, strangers NOT_FOUND, bad input BAD_USER_INPUT naming the field, and stores nothing', async () => {
    const d = await deal();
    const contractId = await completed(d);
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5) }, d.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5) }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId: toGlobalId('Contract', randomUUID()), input: review(5) }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5) }))).toBe('UNAUTHENTICATED');
    for (const rating of [0, 6, -1, 100]) expectBadFields(await t.gql(SUBMIT_REVIEW, { contractId, input: review(rating) }, d.worker.token), ['rating']);
    expectBadFields(await t.gql(SUBMIT_REVIEW, { contractId, input: review(5, '\u200b \u200b') }, d.worker.token), ['body']);
    expectBadFields(await t.gql(SUBMIT_REVIEW, { contractId, input: review(0, 'x'.repeat(5_001)) }, d.worker.token), ['rating', 'body']);
    expectBadFields(await t.gql(SUBMIT_REVIEW, { contractId: 'nope', input: review(5) }, d.worker.token), ['contractId']);
    const [{ count }] = await t.app.deps.ds.query(`SELECT count(*)::int AS count FROM reviews WHERE contract_id = $1`, [localId(contractId)]);
    expect(count).toBe(0);
  });

  it('lets one of two concurrent reviews by the same party through', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const responses = await Promise.all([1, 2, 3].map((rating) => t.gql(SUBMIT_REVIEW, { contractId, input: review(rating) }, d.worker.token)));
    expect(responses.filter((response) => !response.errors)).toHaveLength(1);
    expect(responses.filter((response) => response.errors).map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
  });

  it('is final in the database too: no edit, no second reply, no review of a running contract, no delete', async () => {
    const d = await deal();
    const contractId = await completed(d);
    const reviewId = localId(ok(await t.gql(SUBMIT_REVIEW, { contractId, input: review(4) }, d.worker.token)).submitReview.id);
    const ds = t.app.deps.ds;
    await expect(ds.query(`UPDATE reviews SET rating = 5 WHERE id = $1`, [reviewId])).rejects.toMatchObject({ code: '23000' });
    await expect(ds.query(`UPDATE reviews SET body = 'edited' WHERE id = $1`, [reviewId])).rejects.toMatchObject({ code: '23000' });
    await expect(ds.query(`UPDATE reviews SET visible_at = visible_at + interval '1 day' WHERE id = $1`, [reviewId])).rejects.toMatchObject({ code: '23000' });
    await expect(ds.query(`DELETE FROM reviews WHERE id = $1`, [reviewId])).rejects.toMatchObject({ code: '23000' });
    await ds.query(`UPDATE reviews SET reply = 'first', replied_at = now() WHERE id = $1`, [reviewId]);
    await expect(ds.query(`UPDATE reviews SET reply = 'second' WHERE id = $1`, [reviewId])).rejects.toMatchObject({ code: '23000' });

    const running = await deal();
    const runningId = localId(await active(running));
    await expect(
      ds.query(
        `INSERT INTO reviews (contract_id, author_id, subject_id, subject_role, employer_id, rating, body, visible_at) VALUES ($1, $2, $3, 'EMPLOYER', $4, 5, 'x', now())`,
        [runningId, running.worker.user.id, running.poster.user.id, running.employerId],
      ),
    ).rejects.toMatchObject({ code: '23000' });
  });
});

// ---- reputation -----------------------------------------------------------------------------

describe('reputation', () => {
  let worker: BuiltUser;
  beforeAll(async () => {
    worker = await buildUser(t.app);
  });

  /** A contract of `worker` with a new employer, completed, reviewed by its poster with `rating`; the worker reviews back when `published`. */
  async function reviewedContract(rating: number, published: boolean): Promise<void> {
    const poster = await buildUser(t.app);
    const employer = await buildEmployer(t.app, poster.user);
    const listing = await buildListing(t.app, employer, poster.user);
    const conversation = await buildConversation(t.app, listing, worker.user);
    const contract = await buildContract(t.app, conversation, { active: true });
    const { contracts, reviews } = t.app.deps.services;
    await contracts.complete(poster.user.id, contract.id);
    await reviews.submit(poster.user.id, contract.id, review(rating));
    if (published) await reviews.submit(worker.user.id, contract.id, review(3));
  }

  it('averages published reviews only, to one decimal, and pages them (property)', async () => {
    const published: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ rating: fc.integer({ min: 1, max: 5 }), published: fc.boolean() }), { minLength: 1, maxLength: 3 }), async (batch) => {
        for (const entry of batch) {
          await reviewedContract(entry.rating, entry.published);
          if (entry.published) published.push(entry.rating);
        }
        const { user } = ok(
          await t.gql(`query ($id: ID!) { user(id: $id) { freelancerRating { average count } completedContractsCount } }`, { id: toGlobalId('User', worker.user.id) }),
        );
        const sum = published.reduce((total, rating) => total + rating, 0);
        // Half up at one decimal, in integers (the average is positive).
        const expected = published.length ? Math.floor((sum * 20 + published.length) / (2 * published.length)) / 10 : null;
        expect(user.freelancerRating).toEqual({ average: expected, count: published.length });
      }),
      { numRuns: 6 },
    );

    // Pages of 2 walk every published review exactly once, latest published first.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = ok(
        await t.gql(`query ($id: ID!, $after: String) { user(id: $id) { reviews(first: 2, after: $after) { edges { node { id publishedAt } } pageInfo { hasNextPage endCursor } } } }`, {
          id: toGlobalId('User', worker.user.id),
          after,
        }),
      ).user.reviews;
      seen.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(published.length);
    expect(new Set(seen).size).toBe(seen.length);
    expectBadFields(await t.gql(`query ($id: ID!) { user(id: $id) { reviews(after: "bogus") { edges { cursor } } } }`, { id: toGlobalId('User', worker.user.id) }), ['after']);
  });

  it('reads the employers’ ratings and completed counts for a page of listings in one statement', async () => {
    const d = await deal();
    await completed(d);
    const query = `query { listings(first: 20) { edges { node { employer { rating { average count } completedContractsCount } } } } }`;
    ok(await t.gql(query));
    const { sql } = t;
    sql.reset();
    const response = ok(await t.gql(query));
    const reputationStatements = sql.statements.filter((statement) => /FROM reviews|status = 'COMPLETED'/.test(statement));
    expect(response.listings.edges.length).toBeGreaterThan(1);
    // Ratings and completed counts of every employer on the page: one statement.
    expect(reputationStatements).toHaveLength(1);
  });
});
