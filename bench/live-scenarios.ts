import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import type WebSocket from 'ws';
import type { App } from '../server/src/app';
import { Redis } from 'ioredis';
import { toGlobalId } from '../server/src/graphql/global-id';
import { notificationAddedTopic } from '../server/src/modules/notifications/notifications.events';
import { accessEndedTopic } from '../server/src/pubsub/access';
import { buildConversation, buildListing, buildPoster, buildUser } from '../server/test/factories';
import { round } from './measure';
import { atRate, connectBare, ownCpuPercent, connectSocket, Deliveries, type Instance, inBatches, MESSAGE_ADDED, sendMessage, sendOverSocket, usageBetween, whoAmI } from './live-clients';

/* The live benchmark's scenarios. Data is built through `setup`, an app in the benchmark's own process that serves no traffic. */

export interface Instances {
  a: Instance;
  b: Instance;
  setup: App;
}

/** How many sockets connect at once: the handshakes queue on the instance's session lookups otherwise. */
const CONNECTING = 100;
/** How long to wait for stragglers after the last send before counting them lost. */
const GRACE_MS = 10_000;
/** Messages B sends, in a conversation nobody watches, before fan-out is measured (see `fanOut`). */
const FAN_OUT_WARM_UP_SENDS = 200;
/** Fresh bare `ws` servers the idle sockets are weighed against (the median counts: see `idle`). */
const BARE_RUNS = 3;
/** Messages at the measured rate before chat at scale is measured (see `chatAtScale`). */
const WARM_UP_SECONDS = 5;

function log(message: string): void {
  console.log(`[bench:live] ${message}`);
}

/** `count` fresh sessions of one user (through the session service, as sign-in makes them, without its rate limit). */
async function sessionsOf(setup: App, userId: string, count: number): Promise<string[]> {
  return inBatches(count, 8, async () => (await setup.deps.services.sessions.create(setup.deps.ds.manager, userId)).token);
}

async function conversation(setup: App) {
  const poster = await buildPoster(setup);
  const freelancer = await buildUser(setup);
  const listing = await buildListing(setup, poster.employer, poster.user);
  const built = await buildConversation(setup, listing, freelancer.user);
  return { id: toGlobalId('Conversation', built.id), poster, freelancer };
}

/** A subscribed socket; `live` once it has seen a message, so its subscription is certainly running on the server. */
interface Watcher {
  client: Client;
  live: boolean;
}

/** One subscription per socket; each arrival is told to the clock (which ignores the messages it did not send). */
function watch(client: Client, conversationId: string, clock: Deliveries, errors: { count: number }): Watcher {
  const watcher = { client, live: false };
  client.subscribe<{ messageAdded: { body: string } }>(
    { query: MESSAGE_ADDED, variables: { conversationId } },
    {
      next: (result) => {
        if (!result.data) return void (errors.count += 1);
        watcher.live = true;
        clock.received(result.data.messageAdded.body);
      },
      error: () => (errors.count += 1),
      complete: () => undefined,
    },
  );
  return watcher;
}

/**
 * Sends warm-up messages until every watcher has seen one (a subscription starts on the server a
 * little after the client sends it, and graphql-ws does not acknowledge it). Returns how many never did.
 */
async function untilLive(watchers: Watcher[], send: (round: number) => Promise<void>, rounds = 40): Promise<number> {
  for (let round = 0; round < rounds && watchers.some((w) => !w.live); round += 1) {
    await send(round);
    for (let waited = 0; waited < 500 && watchers.some((w) => !w.live); waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return watchers.filter((w) => !w.live).length;
}

async function disposeAll(clients: Array<{ dispose(): void | Promise<void> }>): Promise<void> {
  await Promise.all(clients.map((client) => client.dispose()));
}

/** Many sockets of one conversation on instance A; messages sent on instance B at a steady pace. */
export async function fanOut({ a, b, setup }: Instances, subscribers: number, messages = 20, intervalMs = 100) {
  const chat = await conversation(setup);
  const tokens = await sessionsOf(setup, chat.poster.user.id, subscribers);
  const measured = new Deliveries();
  const errors = { count: 0 };
  log(`fan-out: ${subscribers} sockets on A…`);
  const clients = await inBatches(subscribers, CONNECTING, (i) => connectSocket(a.url, tokens[i]));
  // The sender's own socket on B: the web app sends chat messages over its open socket.
  const sender = await connectSocket(b.url, chat.freelancer.token);
  const watchers = clients.map((client) => watch(client, chat.id, measured, errors));
  const neverLive = await untilLive(watchers, (round) => sendMessage(b.url, chat.freelancer.token, chat.id, `warm-up ${round}`));
  if (neverLive > 0) log(`fan-out: ${neverLive} sockets never saw a warm-up message`);

  // The steady state of a running app, as for chat at scale: B has sent messages before (in a
  // conversation of their own, which nobody watches) and A has fanned out to these sockets at the
  // measured pace, so neither's code runs cold. Warm-up messages are not measured.
  log(`fan-out: warming up (${FAN_OUT_WARM_UP_SENDS} sends on B, then ${messages} messages to the sockets at the measured pace)…`);
  const elsewhere = await conversation(setup);
  const elsewhereSender = await connectSocket(b.url, elsewhere.freelancer.token);
  await atRate(FAN_OUT_WARM_UP_SENDS, 100, (k) => sendOverSocket(elsewhereSender, elsewhere.id, `warm-up elsewhere ${k}`));
  await atRate(messages, 1000 / intervalMs, (k) => sendOverSocket(sender, chat.id, `warm-up at pace ${k}`));
  await new Promise((resolve) => setTimeout(resolve, 500));

  const [aBefore, bBefore] = [await a.stats(), await b.stats()];
  const started = performance.now();
  const ownBefore = process.cpuUsage();
  log(`fan-out: ${messages} messages on B, one every ${intervalMs} ms…`);
  const sending = await atRate(messages, 1000 / intervalMs, async (k) => {
    const tag = `fan-out ${k}`;
    measured.sent(tag, subscribers);
    await sendOverSocket(sender, chat.id, tag);
  });
  await measured.settle(GRACE_MS);
  const seconds = (performance.now() - started) / 1000;
  const loadGenerator = ownCpuPercent(ownBefore, seconds);
  const [aAfter, bAfter] = [await a.stats(), await b.stats()];
  await disposeAll([...clients, sender, elsewhereSender]);

  const subscriberSide = usageBetween(aBefore, aAfter, seconds);
  const senderSide = usageBetween(bBefore, bAfter, seconds);
  return {
    subscribers,
    messages,
    intervalMs,
    ...measured.summary(),
    socketsNeverLive: neverLive,
    sendFailures: sending.failures,
    sendP50Ms: sending.sendP50Ms,
    sendP99Ms: sending.sendP99Ms,
    subscriptionErrors: errors.count,
    statementsPerEvent: {
      subscriberInstance: round(subscriberSide.statements / messages, 1),
      senderInstance: round(senderSide.statements / messages, 1),
    },
    cpuPercent: { a: subscriberSide.cpuPercent, b: senderSide.cpuPercent, loadGenerator },
  };
}

/** Many two-person conversations, both participants subscribed, messages spread over both instances at a steady rate. */
export async function chatAtScale({ a, b, setup }: Instances, conversations: number, rate: number, durationSeconds: number) {
  log(`chat: building ${conversations} conversations…`);
  const chats = await inBatches(conversations, 8, () => conversation(setup));
  // Conversation i has its freelancer on one instance and its poster on the other.
  const instanceOf = (i: number, poster: boolean) => ((i % 2 === 0) !== poster ? a : b);
  log(`chat: ${conversations * 2} sockets over A and B…`);
  const deliveries = new Deliveries();
  const errors = { count: 0 };
  const watchers = await inBatches(conversations * 2, CONNECTING, async (k) => {
    const i = Math.floor(k / 2);
    const poster = k % 2 === 1;
    const client = await connectSocket(instanceOf(i, poster).url, poster ? chats[i].poster.token : chats[i].freelancer.token);
    return watch(client, chats[i].id, deliveries, errors);
  });
  const neverLive = (
    await inBatches(conversations, 20, (i) =>
      untilLive(watchers.slice(2 * i, 2 * i + 2), (round) => sendMessage(a.url, chats[i].freelancer.token, chats[i].id, `warm-up ${round}`)),
    )
  ).reduce((sum, n) => sum + n, 0);
  if (neverLive > 0) log(`chat: ${neverLive} sockets never saw a warm-up message`);
  // Each message goes over its sender's own socket, as the web app sends: round by round through
  // the conversations the sender alternates, and with it the instance (a conversation's two
  // participants are on different instances), so sends are spread over both.
  const senderOf = (k: number) => watchers[2 * (k % conversations) + (Math.floor(k / conversations) % 2)].client;

  // The steady state of a running app, not the first seconds of two fresh processes: every
  // participant's session is known to both instances (a session's first two requests on an
  // instance look it up, session-cache.ts; a signed-in user's earlier requests did that), and
  // both instances have served sends at this rate (their code is compiled). Warm-up messages are
  // not measured (Deliveries counts only the tags it was told of).
  log(`chat: warming up (sessions on both instances, ${WARM_UP_SECONDS} s of messages)…`);
  await inBatches(conversations * 8, 50, (k) => {
    const chat = chats[Math.floor(k / 8)];
    return whoAmI((k % 2 === 0 ? a : b).url, (k >> 1) % 2 === 0 ? chat.freelancer.token : chat.poster.token);
  });
  await atRate(rate * WARM_UP_SECONDS, rate, (k) => sendOverSocket(senderOf(k), chats[k % conversations].id, `warm-up at rate ${k}`));

  const total = rate * durationSeconds;
  const [aBefore, bBefore] = [await a.stats(), await b.stats()];
  const started = performance.now();
  const ownBefore = process.cpuUsage();
  log(`chat: ${total} messages at ${rate}/s…`);
  const sending = await atRate(total, rate, async (k) => {
    const tag = `chat ${k}`;
    deliveries.sent(tag, 2);
    await sendOverSocket(senderOf(k), chats[k % conversations].id, tag);
  });
  const sendSeconds = (performance.now() - started) / 1000;
  const loadGenerator = ownCpuPercent(ownBefore, sendSeconds);
  await deliveries.settle(GRACE_MS);
  const [aAfter, bAfter] = [await a.stats(), await b.stats()];
  await disposeAll(watchers.map((w) => w.client));

  const usageA = usageBetween(aBefore, aAfter, sendSeconds);
  const usageB = usageBetween(bBefore, bAfter, sendSeconds);
  return {
    conversations,
    sockets: conversations * 2,
    ratePerSecond: rate,
    durationSeconds,
    messages: total,
    achievedRatePerSecond: round(total / sending.seconds, 1),
    ...deliveries.summary(),
    socketsNeverLive: neverLive,
    sendFailures: sending.failures,
    sendP50Ms: sending.sendP50Ms,
    sendP99Ms: sending.sendP99Ms,
    subscriptionErrors: errors.count,
    cpuPercent: { a: usageA.cpuPercent, b: usageB.cpuPercent, loadGenerator },
    statementsPerMessage: round((usageA.statements + usageB.statements) / total, 1),
  };
}

/** Resident memory an instance gains per open socket, after a full collection (and once `settled` says all are set up). */
async function memoryPerSocket(instance: Instance, count: number, open: (index: number) => Promise<unknown>, settled: () => Promise<void> = async () => undefined): Promise<number> {
  const before = await instance.stats();
  await inBatches(count, CONNECTING, open);
  await settled();
  // Let the connections' last buffers drain before reading.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await instance.stats();
  return (after.rssBytes - before.rssBytes) / count;
}

const NOTIFICATION_ADDED = 'subscription { notificationAdded { id kind createdAt readAt } }';

/**
 * Waits until Redis counts a subscriber on each of `channels` (the server side of every
 * subscription is set up: graphql-ws acknowledges none). Asks in chunks; throws after `timeoutMs`.
 */
async function untilSubscribed(redisUrl: string, channels: string[], timeoutMs = 60_000): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    const deadline = performance.now() + timeoutMs;
    let waiting = channels;
    while (waiting.length > 0) {
      const still: string[] = [];
      for (let start = 0; start < waiting.length; start += 500) {
        const chunk = waiting.slice(start, start + 500);
        const reply = (await redis.call('PUBSUB', 'NUMSUB', ...chunk)) as Array<string | number>;
        for (let k = 0; k < chunk.length; k += 1) if (Number(reply[2 * k + 1]) < 1) still.push(chunk[k]);
      }
      waiting = still;
      if (waiting.length === 0) return;
      if (performance.now() > deadline) throw new Error(`idle: ${waiting.length} channels never got their subscriber, e.g. ${waiting[0]}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * Signed-in sockets of users of their own on instance A, each holding the `notificationAdded`
 * subscription a signed-in web app keeps while idle, against a bare `ws` server holding as many sockets.
 */
export async function idle({ a, setup }: Instances, count: number, startBare: () => Promise<Instance>, redisUrl: string) {
  log(`idle: building ${count} users…`);
  const users = await inBatches(count, 8, () => buildUser(setup));
  log(`idle: ${count} signed-in sockets on A, each subscribed to notificationAdded…`);
  const clients: Client[] = [];
  const errors = { count: 0 };
  const app = await memoryPerSocket(
    a,
    count,
    async (i) => {
      const client = await connectSocket(a.url, users[i].token);
      clients.push(client);
      client.subscribe({ query: NOTIFICATION_ADDED }, { next: () => undefined, error: () => void (errors.count += 1), complete: () => undefined });
    },
    () => untilSubscribed(redisUrl, users.flatMap(({ user }) => [notificationAddedTopic(user.id), accessEndedTopic(user.id)])),
  );
  if (errors.count > 0) throw new Error(`idle: ${errors.count} notificationAdded subscriptions failed`);
  await disposeAll(clients);
  // The bare server's gain per socket varies more from one process to the next (7.4 to 8.3 KiB in
  // four runs alike) than the app's (15.1 to 15.2): the median of BARE_RUNS fresh servers, each
  // measured as the app was, once, with all of them reported.
  const bareRuns: number[] = [];
  for (let run = 1; run <= BARE_RUNS; run += 1) {
    log(`idle: ${count} sockets on a bare ws server (${run} of ${BARE_RUNS})…`);
    const bare = await startBare();
    const sockets: WebSocket[] = [];
    try {
      bareRuns.push(Math.round(await memoryPerSocket(bare, count, async () => sockets.push(await connectBare(bare.url)))));
    } finally {
      for (const socket of sockets) socket.terminate();
      await bare.stop();
    }
  }
  const plain = [...bareRuns].sort((x, y) => x - y)[Math.floor(BARE_RUNS / 2)];
  return {
    sockets: count,
    appBytesPerSocket: Math.round(app),
    bareWsBytesPerSocket: plain,
    bareWsRuns: bareRuns,
    ratio: round(app / plain, 2),
  };
}
