import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { toGlobalId } from '../graphql/global-id';
import { conversationTopic } from '../modules/messaging/messaging.events';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../../test/factories';
import { ok, startTestApp, type TestApp } from '../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, waitForSubscribers, type LiveSocket } from '../../test/live';
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
const MESSAGE_ADDED = `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body } }`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await eventually(() => answersPing(port), 10_000, `redis-server on port ${port}`);
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Runs `request` and returns how long it took, in milliseconds. */
async function timed(request: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await request();
  return performance.now() - started;
}

let port: number;
let redisUrl: string;
let redis: ChildProcess;
let t: TestApp;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  port = await freePort();
  redisUrl = `redis://127.0.0.1:${port}`;
  redis = await startRedis(port);
  t = await startTestApp({ redis: redisUrl });
});

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await t?.stop();
  await closeRedisProbes();
  if (redis) await stopRedis(redis);
});

it('answers mutations at once during a long outage, keeps a bounded backlog, and catches subscribers up when Redis is back', async () => {
  const pubsub = t.app.deps.pubsub as RedisPubSub;
  const poster = await buildUser(t.app);
  const freelancer = await buildUser(t.app);
  const employer = await buildEmployer(t.app, poster.user);
  const conversation = await buildConversation(t.app, await buildListing(t.app, employer, poster.user), freelancer.user);
  const id = toGlobalId('Conversation', conversation.id);
  const channel = conversationTopic(conversation.id);

  const socket = connectLive(t.url, poster.token);
  sockets.push(socket);
  const sub = new LiveSubscription<{ messageAdded: { id: string; body: string } }>(socket, MESSAGE_ADDED, { id });
  await waitForSubscribers(channel, 1, redisUrl);
  ok(await t.gql(SEND, { id, body: 'before' }, freelancer.token));
  await sub.until(() => sub.data.length === 1);

  await stopRedis(redis);
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

  redis = await startRedis(port);
  await waitForSubscribers(channel, 1, redisUrl, 15_000);
  await eventually(() => pubsub.backlog.buffered === 0, 15_000, 'the backlog to drain');

  const deadline = Date.now() + 15_000;
  let sent = 0;
  while (!sub.data.some((d) => d.messageAdded.body.startsWith('after')) && Date.now() < deadline) {
    ok(await t.gql(SEND, { id, body: `after ${sent++}` }, freelancer.token));
    await sub.within(() => sub.data.some((d) => d.messageAdded.body.startsWith('after')), 500);
  }
  const bodies = sub.data.map((d) => d.messageAdded.body);
  expect(bodies.slice(0, 22)).toEqual(['before', ...Array.from({ length: 20 }, (_, i) => `during ${i}`), 'after 0']);
  expect(new Set(bodies).size).toBe(bodies.length);
});
