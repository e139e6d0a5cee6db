import { Client } from 'pg';
import type { App } from '../app';
import { buildContract, buildConversation, buildEmployer, buildListing, buildNotification, buildUser, type BuiltUser } from '../../test/factories';
import { MovableClock } from '../../test/clock';
import { ok, startTestApp, type TestApp } from '../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, probeUntilLive, subscriberCount, waitForSubscribers } from '../../test/live';
import { contractUpdatedTopic } from '../modules/contracts/contracts.events';
import { notificationAddedTopic } from '../modules/notifications/notifications.events';
import { toGlobalId } from './global-id';
import { accessEndedTopic } from '../pubsub/access';

/**
 * The end of an access is pushed to the live subscriptions that relied on it (DESIGN §6) rather
 * than queried per event: signing out on one instance ends the session's subscriptions on
 * another, expiry ends them too, and a membership removed on one instance ends the contract
 * subscriptions it allowed on another. Each ends with an error the client can act on, never
 * silently, and nothing is delivered after it.
 */

let a: TestApp;
let b: TestApp;
/** Instance A's clock: a session's expiry is a time of it, so the expiry test moves it rather than waiting. */
const clock = new MovableClock();
beforeAll(async () => {
  a = await startTestApp({ redis: true, clock });
  b = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await closeRedisProbes();
});

const NOTIFICATIONS = 'subscription { notificationAdded { id } }';
const SESSION_ENDED = { message: 'Your session has ended', extensions: { code: 'UNAUTHENTICATED' } };

/** A stored notification, announced as the app announces one after its commit. */
async function notify(app: App, user: BuiltUser): Promise<void> {
  const notification = await buildNotification(app, user.user);
  await app.deps.pubsub.publish(notificationAddedTopic(user.user.id), { notificationId: notification.id, userId: user.user.id });
}

it('ends every subscription of a session signed out on another instance, and no other', async () => {
  const user = await buildUser(a.app);
  const other = ok(await a.gql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', { input: { email: user.user.email, password: 'correct horse battery staple' } })).signIn.token as string;
  const signedOut = new LiveSubscription(connectLive(b.url, user.token), NOTIFICATIONS);
  const kept = new LiveSubscription(connectLive(b.url, other), NOTIFICATIONS);
  const poke = () => notify(b.app, user);
  await probeUntilLive(signedOut, poke, () => true);
  await probeUntilLive(kept, poke, () => true);
  await waitForSubscribers(accessEndedTopic(user.user.id), 1);

  ok(await a.gql('mutation { signOut }', {}, user.token));
  expect(await signedOut.firstError(1000)).toEqual(SESSION_ENDED);
  const before = { signedOut: signedOut.results.length, kept: kept.results.length };
  await poke();
  await kept.until(() => kept.results.length > before.kept, 5000, 'the other session’s next notification');
  expect(signedOut.results).toHaveLength(before.signedOut);
  expect(kept.errors).toEqual([]);
  expect(kept.completed).toBe(false);
});

it('ends a subscription when its session expires, and not before', async () => {
  const user = await buildUser(a.app);
  await a.app.deps.ds.query(`UPDATE sessions SET expires_at = now() + interval '1 hour' WHERE user_id = $1`, [user.user.id]);
  const expiring = new LiveSubscription(connectLive(a.url, user.token), NOTIFICATIONS);
  await probeUntilLive(expiring, () => notify(a.app, user), () => true);
  clock.advance(59 * 60 * 1000);
  const delivered = expiring.results.length;
  await notify(a.app, user);
  await expiring.until(() => expiring.results.length > delivered, 5000, 'a notification a minute before the expiry');
  expect(expiring.errors).toEqual([]);

  clock.advance(2 * 60 * 1000);
  expect(await expiring.firstError(1000)).toEqual(SESSION_ENDED);
});

it('ends, on another instance, the contract subscription a removed membership allowed, and no party\'s', async () => {
  const [poster, worker, member] = await Promise.all([buildUser(a.app), buildUser(a.app), buildUser(a.app)]);
  const employer = await buildEmployer(a.app, poster.user, { members: [{ user: member.user }] });
  const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), worker.user);
  const contract = await buildContract(a.app, conversation);
  const WATCH = 'subscription ($id: ID!) { contractUpdated(contractId: $id) { kind } }';
  const variables = { id: toGlobalId('Contract', contract.id) };
  const poke = () => a.app.deps.pubsub.publish(contractUpdatedTopic(contract.id), { contractId: contract.id, kind: 'DETAILS_SAVED' });
  const watchers = [member, worker, poster].map((user) => new LiveSubscription(connectLive(b.url, user.token), WATCH, variables));
  for (const watcher of watchers) await probeUntilLive(watcher, poke, () => true);
  await waitForSubscribers(accessEndedTopic(member.user.id), 1);
  const [removed, ...parties] = watchers;

  const started = Date.now();
  ok(await a.gql('mutation ($e: ID!, $u: ID!) { removeEmployerMember(employerId: $e, userId: $u) { id } }', { e: toGlobalId('Employer', employer.id), u: toGlobalId('User', member.user.id) }, poster.token));
  expect(await removed.firstError(1000)).toEqual({ message: 'Contract not found', extensions: { code: 'NOT_FOUND' } });
  expect(Date.now() - started).toBeLessThan(1000);
  const delivered = removed.results.length;
  const before = parties.map((party) => party.results.length);
  await poke();
  await Promise.all(parties.map((party, i) => party.until(() => party.results.length > before[i], 5000, 'the next event')));
  expect(removed.results).toHaveLength(delivered);
  for (const party of parties) expect(party.errors).toEqual([]);
});

it('ends a subscription whose session is signed out while it is being set up, before anything is delivered', async () => {
  // A real lock on `conversations` holds the subscription between its session check (on
  // subscribing) and the moment it listens for the end of its access; the sign-out lands there.
  const [poster, worker] = await Promise.all([buildUser(a.app), buildUser(a.app)]);
  const employer = await buildEmployer(a.app, poster.user);
  const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), worker.user);
  const id = toGlobalId('Conversation', conversation.id);
  const locker = new Client({ connectionString: a.config.databaseUrl as string });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE');
    const socket = connectLive(a.url, worker.token);
    const sub = new LiveSubscription(socket, 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id });
    await eventually(async () => {
      const { rows } = await locker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'conversations'::regclass`);
      return rows[0].n > 0;
    }, 10_000, 'the subscription waiting on the lock');
    ok(await b.gql('mutation { signOut }', {}, worker.token));
    await locker.query('COMMIT');
    expect(await sub.firstError(5000)).toEqual(SESSION_ENDED);
    ok(await b.gql(`mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`, { id, body: 'after the sign-out' }, poster.token));
    expect(sub.data).toEqual([]);
    await socket.dispose();
  } finally {
    await locker.end();
  }
});

it('leaves the topic and the user’s access topic on every instance once the session’s end has ended its subscription', async () => {
  const user = await buildUser(a.app);
  const sub = new LiveSubscription(connectLive(b.url, user.token), NOTIFICATIONS);
  await probeUntilLive(sub, () => notify(b.app, user), () => true);
  await waitForSubscribers(accessEndedTopic(user.user.id), 1);
  ok(await a.gql('mutation { signOut }', {}, user.token));
  expect(await sub.firstError(5000)).toEqual(SESSION_ENDED);
  // Nothing of it is left listening: not its fan-out, not the access watch, not either instance's session cache.
  await eventually(async () => (await subscriberCount(notificationAddedTopic(user.user.id))) === 0, 5000, 'the notification topic to be left');
  await eventually(async () => (await subscriberCount(accessEndedTopic(user.user.id))) === 0, 5000, 'the access topic to be left');
});
