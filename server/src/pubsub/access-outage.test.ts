import { buildConversation, buildEmployer, buildListing, buildUser } from '../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, subscriberCount, waitForSubscribers } from '../../test/live';
import { toGlobalId } from '../graphql/global-id';
import { conversationTopic } from '../modules/messaging/messaging.events';
import { contractUpdatedTopic } from '../modules/contracts/contracts.events';
import { notificationAddedTopic } from '../modules/notifications/notifications.events';
import { SEND } from '../../test/messaging';
import { content, deal, draft, localId, save, SIGN, watch } from '../../test/contracts';
import { HoldingProxy } from '../../test/holding-proxy';
import { accessEndedTopic } from './access';

/*
 * An end of access published while an instance is cut off from Redis never reaches it: when the
 * instance listens again, it re-checks every live subscription's session and membership before
 * delivering anything more. Instance A reaches Redis through a TCP proxy the test cuts and heals.
 */

let a: TestApp;
let b: TestApp;
let proxy: HoldingProxy;
beforeAll(async () => {
  proxy = new HoldingProxy();
  a = await startTestApp({ redis: await proxy.listen() });
  b = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await proxy.close();
  await closeRedisProbes();
});

it('ends, once Redis is back, a subscription whose session was signed out while its instance was cut off', async () => {
  const [poster, worker] = await Promise.all([buildUser(a.app), buildUser(a.app)]);
  const employer = await buildEmployer(a.app, poster.user);
  const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), worker.user);
  const id = toGlobalId('Conversation', conversation.id);
  const socket = connectLive(a.url, worker.token);
  const sub = new LiveSubscription(socket, 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }', { id });
  await waitForSubscribers(conversationTopic(conversation.id), 1);
  await waitForSubscribers(accessEndedTopic(worker.user.id), 1);

  proxy.partition();
  await eventually(async () => (await subscriberCount(accessEndedTopic(worker.user.id))) === 0, 10_000, 'A cut off from Redis');
  ok(await b.gql('mutation { signOut }', {}, worker.token));
  expect(errorOf(await b.gql('{ me { id } }', {}, worker.token)).extensions?.code).toBe('UNAUTHENTICATED');
  proxy.heal();

  expect(await sub.firstError(15_000)).toEqual({ message: 'Your session has ended', extensions: { code: 'UNAUTHENTICATED' } });
  ok(await b.gql(`mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`, { id, body: 'after the sign-out' }, poster.token));
  expect(sub.data).toEqual([]);
  await socket.dispose();
});

/** Until a request of `request`'s session on A reads no session from the database (at most a few requests). */
async function answeredFromMemory(request: () => Promise<Parameters<typeof ok>[0]>): Promise<void> {
  await eventually(
    async () => {
      a.sql.reset();
      ok(await request());
      return !a.sql.statements.some((sql) => /\bFROM sessions\b/.test(sql));
    },
    5_000,
    'the session answered from memory',
  );
}

it('answers nothing from its kept sessions while cut off from Redis: one signed out meanwhile is refused at once, and forgotten once Redis is back', async () => {
  const user = await buildUser(a.app);
  const me = () => a.gql('{ me { id } }', {}, user.token);
  ok(await me());
  await waitForSubscribers(accessEndedTopic(user.user.id), 1);
  // Kept once a lookup begun after A heard the topic's SUBSCRIBE answered (Redis counts the
  // subscriber a moment before A has read its answer): then answered from memory.
  await answeredFromMemory(me);

  proxy.partition();
  await eventually(async () => (await subscriberCount(accessEndedTopic(user.user.id))) === 0, 10_000, 'A cut off from Redis');
  // Cut off, A asks the database for every request: a session still active is found there...
  a.sql.reset();
  ok(await me());
  expect(a.sql.statements.filter((sql) => /\bFROM sessions\b/.test(sql)).length).toBeGreaterThan(0);
  ok(await b.gql('mutation { signOut }', {}, user.token));
  // ...and A never heard the end, yet refuses it at once.
  expect(errorOf(await me()).extensions?.code).toBe('UNAUTHENTICATED');
  proxy.heal();
  await eventually(() => a.app.deps.pubsub.connected, 15_000, 'A back on Redis');
  expect(errorOf(await me()).extensions?.code).toBe('UNAUTHENTICATED');
  // Back on Redis: a session is kept and answered from memory again.
  const other = await buildUser(a.app);
  const otherMe = () => a.gql('{ me { id } }', {}, other.token);
  ok(await otherMe());
  await waitForSubscribers(accessEndedTopic(other.user.id), 1);
  await answeredFromMemory(otherMe);
});

it('catches a contract subscription up, once Redis is back, on the changes made while its instance was cut off: each once, in order, before later ones', async () => {
  const d = await deal(a);
  const contractId = await draft(d, a);
  const topic = contractUpdatedTopic(localId(contractId));
  const worker = await watch(a, d.worker.token, contractId, b);

  proxy.partition();
  await eventually(async () => (await subscriberCount(topic)) === 0, 10_000, 'A cut off from Redis');
  await save(d, contractId, 0, content('during the outage'), b);
  ok(await b.gql(SIGN, { contractId, version: 1 }, d.worker.token));
  proxy.heal();

  expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, currentDetails: { version: 1 } } });
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { workerSignedVersion: 1, employerSignedVersion: null } });
  // Live again: what follows comes after, and nothing caught up comes twice.
  await waitForSubscribers(topic, 1);
  ok(await b.gql(SIGN, { contractId, version: 1 }, d.poster.token));
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: 1 } });
  expect(await worker.next()).toMatchObject({ kind: 'LOCKED', contract: { status: 'ACTIVE' } });
  worker.dispose();
});

it('catches a notification subscription up, once Redis is back, on the notifications stored while its instance was cut off: each once, in order, before later ones', async () => {
  const d = await deal(a);
  const contractId = await draft(d, a);
  const socket = connectLive(a.url, d.worker.token);
  const sub = new LiveSubscription<{ notificationAdded: { id: string; kind: string } }>(socket, 'subscription { notificationAdded { id kind } }');
  const topic = notificationAddedTopic(d.worker.user.id);
  await waitForSubscribers(topic, 1);

  const notifications = async () => (await a.app.deps.ds.query(`SELECT id, kind FROM notifications WHERE user_id = $1 ORDER BY created_at, id`, [d.worker.user.id])) as Array<{ id: string; kind: string }>;
  const before = new Set((await notifications()).map((row) => row.id));

  proxy.partition();
  await eventually(async () => (await subscriberCount(topic)) === 0, 10_000, 'A cut off from Redis');
  await save(d, contractId, 0, content('during the outage'), b);
  ok(await b.gql(SEND, { id: toGlobalId('Conversation', d.conversationId), body: 'during the outage' }, d.poster.token));
  const stored = (await notifications()).filter((row) => !before.has(row.id));
  expect(stored).toHaveLength(2);
  expect(sub.data).toEqual([]);
  proxy.heal();

  await sub.until(() => sub.data.length >= 2, 15_000, 'the missed notifications');
  expect(sub.data.map((each) => each.notificationAdded)).toEqual(stored.map((row) => ({ id: toGlobalId('Notification', row.id), kind: row.kind })));
  // Live again: the next one comes after them, and nothing caught up comes twice.
  await waitForSubscribers(topic, 1);
  ok(await b.gql(SIGN, { contractId, version: 1 }, d.poster.token));
  await sub.until(() => sub.data.length >= 3, 15_000, 'the live notification');
  expect(sub.data.map((each) => each.notificationAdded.kind).slice(0, 2)).toEqual(stored.map((row) => row.kind));
  expect(new Set(sub.data.map((each) => each.notificationAdded.id)).size).toBe(sub.data.length);
  await socket.dispose();
});
