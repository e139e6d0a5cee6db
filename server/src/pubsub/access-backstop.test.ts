import { buildConversation, buildEmployer, buildListing, buildUser } from '../../test/factories';
import { MovableClock } from '../../test/clock';
import { ok, startTestApp, testDatabaseUrl, type TestApp } from '../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, subscriberCount, waitForSubscribers } from '../../test/live';
import { SEND } from '../../test/messaging';
import { HoldingProxy, PostgresProxy } from '../../test/holding-proxy';
import { ACCESS_RECHECK_MS } from '../graphql/subscriptions';
import { toGlobalId } from '../graphql/global-id';
import { conversationTopic } from '../modules/messaging/messaging.events';
import { accessEndedTopic } from './access';

/*
 * Ends of access that never reach an instance through Redis must still end its subscriptions:
 * - after an outage the instance checks every subscription again, and a check that keeps failing
 *   ends them rather than letting them deliver unchecked;
 * - every ACCESS_RECHECK_MS all are checked again, whatever Redis said (a sign-out whose event
 *   Redis never took, its instance stopped before it could send it).
 * Instance A reaches Redis and PostgreSQL through TCP proxies the test cuts and heals.
 */

const SESSION_ENDED = { message: 'Your session has ended', extensions: { code: 'UNAUTHENTICATED' } };
const MESSAGE_ADDED = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }';

const clock = new MovableClock();
let a: TestApp;
let b: TestApp;
let redis: HoldingProxy;
let postgres: PostgresProxy;
beforeAll(async () => {
  redis = new HoldingProxy();
  const databaseUrl = await testDatabaseUrl();
  postgres = new PostgresProxy(new URL(databaseUrl).hostname, Number(new URL(databaseUrl).port || 5432));
  a = await startTestApp({ redis: await redis.listen(), env: { DATABASE_URL: await postgres.listen(databaseUrl) }, clock });
  b = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await Promise.all([redis.close(), postgres.close()]);
  await closeRedisProbes();
});

/** A conversation between a poster and a worker, the worker subscribed to it on A. */
async function workerWatching() {
  const [poster, worker] = await Promise.all([buildUser(b.app), buildUser(b.app)]);
  const employer = await buildEmployer(b.app, poster.user);
  const conversation = await buildConversation(b.app, await buildListing(b.app, employer, poster.user), worker.user);
  const id = toGlobalId('Conversation', conversation.id);
  const socket = connectLive(a.url, worker.token);
  const sub = new LiveSubscription<{ messageAdded: { body: string } }>(socket, MESSAGE_ADDED, { id });
  await waitForSubscribers(conversationTopic(conversation.id), 1);
  await waitForSubscribers(accessEndedTopic(worker.user.id), 1);
  return { poster, worker, id, socket, sub, send: (body: string) => b.gql(SEND, { id, body }, poster.token) };
}

it('ends the subscriptions it cannot check after Redis comes back (the database away), delivering nothing unchecked', async () => {
  const { worker, socket, sub, send } = await workerWatching();
  redis.partition();
  await eventually(async () => (await subscriberCount(accessEndedTopic(worker.user.id))) === 0, 10_000, 'A cut off from Redis');
  ok(await b.gql('mutation { signOut }', {}, worker.token));
  postgres.partition();
  redis.heal();
  try {
    // Every try of the check fails (the database refuses A): the subscription ends, retryably.
    expect((await sub.firstError(15_000)).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  } finally {
    postgres.heal();
  }
  ok(await send('private: for the signed-in worker only'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(sub.data).toEqual([]);
  await socket.dispose();
});

it('ends, within ACCESS_RECHECK_MS, the subscriptions of a session revoked without its event reaching Redis', async () => {
  const { worker, socket, sub, send } = await workerWatching();
  ok(await send('before'));
  await sub.until(() => sub.data.length === 1, 5000, 'the first message');
  // Revoked as sign-out revokes it, but its SESSION_ENDED never published (lost with its instance).
  await b.app.deps.ds.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [worker.user.id]);
  clock.advance(ACCESS_RECHECK_MS - 10_000);
  ok(await send('still within the bound'));
  await sub.until(() => sub.data.length === 2, 5000, 'the second message');
  expect(sub.errors).toEqual([]);
  clock.advance(10_000);
  expect(await sub.firstError(5000)).toEqual(SESSION_ENDED);
  ok(await send('after the bound'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(sub.data.map((each) => each.messageAdded.body)).toEqual(['before', 'still within the bound']);
  await socket.dispose();
});
