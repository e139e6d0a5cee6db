import { ok } from '../../test/harness';
import { eventually, waitForSubscribers } from '../../test/live';
import { useAppOverOwnRedis } from '../../test/redis-server';
import { sendUntilDelivered, watchConversation } from '../../test/watched-conversation';
import { defineTopic } from './pubsub';
import { MAX_BUFFERED_EVENTS, MAX_IN_FLIGHT, type RedisPubSub } from './redis.pubsub';

/*
 * A long Redis outage, with a Redis of the test's own on its own port: mutations keep answering
 * at once, what waits for Redis stays bounded (the oldest events are dropped past the bound), and
 * once Redis is back the next message brings a live subscriber every message it missed.
 */

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
const READ = `mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }`;
const TYPING = `mutation ($id: ID!) { setTyping(conversationId: $id) }`;

/** Runs `request` and returns how long it took, in milliseconds. */
async function timed(request: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await request();
  return performance.now() - started;
}

const suite = useAppOverOwnRedis();

it('answers mutations at once during a long outage, keeps a bounded backlog, and catches subscribers up when Redis is back', async () => {
  const { t, redis, sockets } = suite;
  const pubsub = t.app.deps.pubsub as RedisPubSub;
  const watched = await watchConversation(t, redis.url, sockets);
  const { id, poster, freelancer, sub } = watched;

  await redis.kill();
  await eventually(() => pubsub.commands.status !== 'ready', 5000, 'the app to notice Redis is gone');

  // Every write commits and answers without waiting for Redis.
  const durations: number[] = [];
  for (let i = 0; i < 20; i++) {
    durations.push(await timed(async () => ok(await t.gql(SEND, { id, body: `during ${i}` }, freelancer.token))));
  }
  durations.push(await timed(async () => ok(await t.gql(READ, { id }, poster.token))));
  // The typing limit counts in Redis; while it is away, in memory.
  durations.push(await timed(async () => expect(ok(await t.gql(TYPING, { id }, poster.token)).setTyping).toBe(true)));
  expect(Math.max(...durations)).toBeLessThan(1000);

  // A long outage: far more events than the bound. The oldest (our messages' events among them) are dropped.
  const droppedBefore = pubsub.backlog.dropped;
  const extra = 500;
  const flood = defineTopic<{ n: number }>('outage-test')('flood');
  for (let i = 0; i < MAX_BUFFERED_EVENTS + extra; i++) await pubsub.publish(flood, { n: i });
  expect(pubsub.backlog.buffered).toBe(MAX_BUFFERED_EVENTS);
  expect(pubsub.backlog.inFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  expect(pubsub.backlog.dropped - droppedBefore).toBeGreaterThanOrEqual(extra);
  // ioredis itself holds nothing for later: no offline queue.
  expect((pubsub.commands as unknown as { offlineQueue: { length: number } }).offlineQueue.length).toBe(0);
  expect(sub.data).toHaveLength(1);

  await redis.start();
  await waitForSubscribers(watched.channel, 1, redis.url, 15_000);
  await eventually(() => pubsub.backlog.buffered === 0, 15_000, 'the backlog to drain');

  await sendUntilDelivered(watched);
  const bodies = watched.bodies();
  expect(bodies.slice(0, 22)).toEqual(['before', ...Array.from({ length: 20 }, (_, i) => `during ${i}`), 'after 0']);
  expect(new Set(bodies).size).toBe(bodies.length);
});
