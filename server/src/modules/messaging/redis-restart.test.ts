import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { toGlobalId } from '../../graphql/global-id';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, waitForSubscribers, type LiveSocket } from '../../../test/live';
import { conversationTopic } from './messaging.events';

/*
 * A Redis of the test's own, on its own port, killed and restarted under a live subscription:
 * the server's ioredis connections reconnect and re-subscribe by themselves and delivery resumes.
 */

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
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

it('resumes delivery by itself after Redis restarts, and loses no message sent meanwhile', async () => {
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
  // The write does not wait for Redis: the message is stored and the mutation answers at once.
  ok(await t.gql(SEND, { id, body: 'during the outage' }, freelancer.token));

  redis = await startRedis(port);
  // Nobody subscribes on the new server but the app's own connection, re-subscribing by itself.
  await waitForSubscribers(channel, 1, redisUrl, 15_000);

  const deadline = Date.now() + 15_000;
  let sent = 0;
  while (!sub.data.some((d) => d.messageAdded.body.startsWith('after')) && Date.now() < deadline) {
    ok(await t.gql(SEND, { id, body: `after ${sent++}` }, freelancer.token));
    await sub.within(() => sub.data.some((d) => d.messageAdded.body.startsWith('after')), 500);
  }
  const bodies = sub.data.map((d) => d.messageAdded.body);
  expect(bodies.slice(0, 3)).toEqual(['before', 'during the outage', 'after 0']);
  expect(new Set(bodies).size).toBe(bodies.length);
});
