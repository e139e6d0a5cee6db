import { buildConversation, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { redisUrl } from '../../../test/databases';
import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, subscriberCount, waitForSubscribers } from '../../../test/live';
import { SEND } from '../../../test/messaging';
import { HoldingProxy } from '../../../test/holding-proxy';
import { toGlobalId } from '../../graphql/global-id';
import { conversationTopic } from './messaging.events';

/*
 * A message sent while an instance was cut off from Redis reaches that instance's subscribers
 * when Redis comes back, not with the conversation's next message: one statement reads the newest
 * message of every conversation the instance watches. Instance A reaches Redis through a TCP proxy.
 */

const MESSAGE_ADDED = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body } }';

let a: TestApp;
let b: TestApp;
let redis: HoldingProxy;
beforeAll(async () => {
  redis = new HoldingProxy();
  a = await startTestApp({ redis: await redis.listen() });
  b = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await redis.close();
  await closeRedisProbes();
});

async function conversationWatchedOnA() {
  const [poster, worker] = await Promise.all([buildUser(b.app), buildUser(b.app)]);
  const employer = await buildEmployer(b.app, poster.user);
  const conversation = await buildConversation(b.app, await buildListing(b.app, employer, poster.user), worker.user);
  const id = toGlobalId('Conversation', conversation.id);
  const socket = connectLive(a.url, worker.token);
  const sub = new LiveSubscription<{ messageAdded: { body: string } }>(socket, MESSAGE_ADDED, { id });
  await waitForSubscribers(conversationTopic(conversation.id), 1);
  return { topic: conversationTopic(conversation.id), socket, sub, send: (body: string) => b.gql(SEND, { id, body }, poster.token) };
}

it('delivers, when Redis comes back, the messages sent while the instance was cut off, in order and once, in one statement for every conversation', async () => {
  const [first, second, quiet] = [await conversationWatchedOnA(), await conversationWatchedOnA(), await conversationWatchedOnA()];
  ok(await first.send('before the outage'));
  await first.sub.until(() => first.sub.data.length === 1, 5000, 'the message before the outage');

  redis.partition();
  await eventually(async () => (await subscriberCount(first.topic)) === 0, 10_000, 'A cut off from Redis');
  ok(await first.send('Can you start Monday?'));
  ok(await first.send('Or Tuesday?'));
  ok(await second.send('Sent while A was away'));
  a.sql.reset();
  redis.heal();
  await waitForSubscribers(first.topic, 1, redisUrl, 15_000);

  await first.sub.until(() => first.sub.data.length === 3, 5000, 'the messages sent during the outage');
  await second.sub.until(() => second.sub.data.length === 1, 5000, 'the message sent during the outage');
  expect(first.sub.data.map((each) => each.messageAdded.body)).toEqual(['before the outage', 'Can you start Monday?', 'Or Tuesday?']);
  expect(second.sub.data.map((each) => each.messageAdded.body)).toEqual(['Sent while A was away']);
  // One look at the newest messages of all three conversations, then one load for each conversation that missed some.
  expect(a.sql.statements.filter((sql) => /LATERAL/.test(sql))).toHaveLength(1);

  ok(await first.send('after the outage'));
  await first.sub.until(() => first.sub.data.length === 4, 5000, 'the message after the outage');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(first.sub.data.map((each) => each.messageAdded.body)).toEqual(['before the outage', 'Can you start Monday?', 'Or Tuesday?', 'after the outage']);
  expect(quiet.sub.data).toEqual([]);
  expect([first, second, quiet].flatMap(({ sub }) => sub.errors)).toEqual([]);
  await Promise.all([first, second, quiet].map(({ socket }) => socket.dispose()));
});
