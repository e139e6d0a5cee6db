import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { type App, createApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { DATABASE_BOUNDS } from '../server/src/db/data-source';
import { toGlobalId } from '../server/src/graphql/global-id';
import { MessageEntity } from '../server/src/modules/messaging/message.entity';
import { conversationTopic } from '../server/src/modules/messaging/messaging.events';
import { redisUrl } from '../server/test/databases';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../server/test/factories';
import { closeRedisProbes, connectLive, eventually, type LiveSocket, LiveSubscription, waitForSubscribers } from '../server/test/live';
import { type BuiltServer, ensureBuilt, startBuiltServer } from './built-server';
import { type Cluster, createCluster } from './postgres-cluster';
import { codesOf, health, type Outcome, post, show, steadyLoad, succeeded, untilHealth } from './requests';

/*
 * Faults of the parts we stand on, with real processes: the built server (`node
 * dist/server/src/main.js`, as in production) over a PostgreSQL cluster of the test's own (initdb
 * and pg_ctl in a temporary directory, on a free port), which is stopped and started again under a
 * steady load, then frozen (SIGSTOP) and resumed; and the server itself is sent SIGTERM in the
 * middle of a burst of mutations. The app in this process only builds test data.
 */

/** The longest any request may take while PostgreSQL is away: the connect bound, and slack for a busy machine. */
const REQUEST_BOUND_MS = DATABASE_BOUNDS.connectMs + 2_000;
/** The built server's whole stop: Apollo's 10 s drain at most, then the stores. */
const EXIT_BOUND_MS = 15_000;

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id body } }`;
const CREATE_LISTING = `mutation ($input: CreateListingInput!) { createListing(input: $input) { id title } }`;
const CATALOGUE = `{ listings(first: 5) { totalCount edges { node { id title } } } }`;
const MESSAGE_ADDED = `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const servers: BuiltServer[] = [];

/** The built server, logging warnings only; killed after the suite if still running. */
async function startServer(env: Record<string, string>): Promise<BuiltServer> {
  const server = await startBuiltServer({ LOG_LEVEL: 'warn', ...env });
  servers.push(server);
  return server;
}

/** SIGTERM, then how it ended and how long that took (or "still running" past the bound). */
async function terminate(server: BuiltServer): Promise<{ code: number | string | null; signal: NodeJS.Signals | null; ms: number }> {
  const since = Date.now();
  server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<{ code: string; signal: null }>((resolve) => (timer = setTimeout(resolve, EXIT_BOUND_MS, { code: 'still running', signal: null })));
  const ended = await Promise.race([server.exited, bound]);
  clearTimeout(timer);
  return { ...ended, ms: Date.now() - since };
}

let cluster: Cluster | undefined;
let frozen = false;
/** The app in this process: only its data source and services, for building test data. */
let app: App | undefined;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  ensureBuilt();
  cluster = await createCluster();
  await cluster.start();
  app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: cluster.url }), { migrate: true });
}, 240_000);

afterAll(async () => {
  if (frozen) cluster?.freeze(false);
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await closeRedisProbes();
  for (const server of servers) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) continue;
    server.child.kill('SIGKILL');
    await server.exited;
  }
  await app?.stop();
  if (cluster) {
    await cluster.stop().catch(() => undefined);
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}, 60_000);

it('answers within a bound while PostgreSQL is away, and serves and delivers again by itself when it is back', async () => {
  const data = app!;
  const server = await startServer({ DATABASE_URL: cluster!.url, REDIS_URL: redisUrl });
  const poster = await buildUser(data);
  const freelancer = await buildUser(data);
  const employer = await buildEmployer(data, poster.user);
  // One conversation is watched live; the load writes to another, so that only this test's own
  // steps add messages to the watched one.
  const watched = await buildConversation(data, await buildListing(data, employer, poster.user), freelancer.user);
  const loaded = await buildConversation(data, await buildListing(data, employer, poster.user), freelancer.user);
  const watchedId = toGlobalId('Conversation', watched.id);
  const loadedId = toGlobalId('Conversation', loaded.id);

  const socket = connectLive(server.url, poster.token);
  sockets.push(socket);
  const sub = new LiveSubscription<{ messageAdded: { id: string; body: string } }>(socket, MESSAGE_ADDED, { id: watchedId });
  await waitForSubscribers(conversationTopic(watched.id), 1, redisUrl);
  expect(succeeded(await post(server.url, 'send', SEND, { id: watchedId, body: 'before the outage' }, freelancer.token))).toBe(true);
  await sub.until(() => sub.data.length === 1, 5_000, 'the message sent before the outage');

  const load = steadyLoad(4, (n) =>
    n % 2 === 0
      ? post(server.url, 'catalogue', CATALOGUE, {})
      : post(server.url, 'send', SEND, { id: loadedId, body: `load ${n}` }, freelancer.token, `load ${n}`),
  );
  await eventually(() => load.outcomes.filter(succeeded).length >= 4, 10_000, 'the load to get going');

  // A message committed whose event never reached the subscriber (its instance died between the
  // commit and the publish)…
  await data.deps.ds.getRepository(MessageEntity).insert({ conversationId: watched.id, fromId: freelancer.user.id, toId: poster.user.id, body: 'committed, event lost', read: false, readAt: null });
  const [lost] = (await data.deps.ds.query(`SELECT id, seq::text AS seq FROM messages WHERE conversation_id = $1 AND body = 'committed, event lost'`, [watched.id])) as Array<{ id: string; seq: string }>;

  const stopIssuedAt = Date.now();
  await cluster!.stop();
  const stoppedAt = Date.now();
  const msTo503 = await untilHealth(server.url, 503, 5_000);
  // …and one whose event arrives while the database is away: the subscriber can neither authorize
  // nor load it then, and must live on to deliver it later.
  const publisher = new Redis(redisUrl);
  await publisher.publish(conversationTopic(watched.id), JSON.stringify({ type: 'MESSAGE_ADDED', conversationId: watched.id, messageId: lost.id, seq: lost.seq }));
  await publisher.quit();
  await sleep(3_000);

  const startIssuedAt = Date.now();
  await cluster!.start();
  const startedAt = Date.now();
  const msTo200 = await untilHealth(server.url, 200, 10_000);
  const writesAfter = () => load.outcomes.filter((o) => o.kind === 'send' && o.startedAt >= startedAt && succeeded(o));
  await eventually(() => writesAfter().length > 0, 10_000, 'a sendMessage to succeed again');
  const msToFirstWrite = Math.min(...writesAfter().map((o) => o.startedAt + o.ms)) - startedAt;
  await load.stop();

  expect(succeeded(await post(server.url, 'send', SEND, { id: watchedId, body: 'after the outage' }, freelancer.token))).toBe(true);
  await sub.until(() => sub.data.some((d) => d.messageAdded.body === 'after the outage'), 10_000, 'the message sent after the outage');
  // In order, each once: the one sent before, the one whose event was lost, the one sent after.
  expect(sub.data.map((d) => d.messageAdded.body)).toEqual(['before the outage', 'committed, event lost', 'after the outage']);
  expect(sub.errors).toEqual([]);
  expect(sub.completed).toBe(false);

  // Every request answered JSON within the bound: a success, or SERVICE_UNAVAILABLE (retry later).
  const bad = load.outcomes.filter(
    (o) =>
      o.networkError !== undefined ||
      !o.contentType?.includes('application/json') ||
      !o.json ||
      o.ms > REQUEST_BOUND_MS ||
      (!succeeded(o) && (codesOf(o).length === 0 || codesOf(o).some((code) => code !== 'SERVICE_UNAVAILABLE'))),
  );
  expect(bad.map(show)).toEqual([]);
  const duringOutage = load.outcomes.filter((o) => o.startedAt >= stoppedAt && o.startedAt + o.ms <= startIssuedAt);
  for (const kind of ['catalogue', 'send']) {
    const ofKind = duringOutage.filter((o) => o.kind === kind);
    expect(ofKind.length).toBeGreaterThan(5);
    expect(ofKind.filter(succeeded).map(show)).toEqual([]);
  }
  // Every write that answered with data is stored.
  const stored = new Set(((await data.deps.ds.query(`SELECT body FROM messages WHERE conversation_id = $1`, [loaded.id])) as Array<{ body: string }>).map((row) => row.body));
  expect(load.outcomes.filter((o) => o.kind === 'send' && succeeded(o) && !stored.has(o.tag!)).map(show)).toEqual([]);

  expect(server.child.exitCode).toBeNull();
  const ended = await terminate(server);
  expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 0, signal: null });

   
  console.info(
    `PostgreSQL outage: pg_ctl stop took ${stoppedAt - stopIssuedAt} ms, /healthz answered 503 ${msTo503} ms after; ` +
      `${duringOutage.length} requests during the outage, the slowest ${Math.max(...duringOutage.map((o) => o.ms))} ms; ` +
      `pg_ctl start took ${startedAt - startIssuedAt} ms, /healthz answered 200 ${msTo200} ms after and the first write succeeded ${msToFirstWrite} ms after`,
  );
}, 60_000);

it('answers /healthz 503 within its 2 s bound while PostgreSQL hangs, and 200 again once it resumes', async () => {
  const server = await startServer({ DATABASE_URL: cluster!.url });
  cluster!.freeze((frozen = true));
  let msTo503: number;
  let pending: Promise<Outcome>;
  try {
    msTo503 = await untilHealth(server.url, 503, 5_000);
    // A query sent meanwhile waits (within the client's bound) instead of failing: it runs on resuming.
    pending = post(server.url, 'catalogue', CATALOGUE, {});
    await sleep(500);
  } finally {
    cluster!.freeze((frozen = false));
  }
  const msTo200 = await untilHealth(server.url, 200, 10_000);
  const outcome = await pending;
  expect(show(outcome)).toMatchObject({ status: 200 });
  expect(outcome.json?.errors).toBeUndefined();
  const ended = await terminate(server);
  expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 0, signal: null });
   
  console.info(`PostgreSQL frozen: /healthz answered 503 ${msTo503} ms after, and 200 ${msTo200} ms after it resumed`);
}, 60_000);

it('drains on SIGTERM: every accepted mutation is committed and answered, later ones are refused, and the process exits 0', async () => {
  const data = app!;
  const server = await startServer({ DATABASE_URL: cluster!.url });
  const poster = await buildUser(data);
  const freelancer = await buildUser(data);
  const employer = await buildEmployer(data, poster.user);
  const conversation = await buildConversation(data, await buildListing(data, employer, poster.user), freelancer.user);
  const conversationId = toGlobalId('Conversation', conversation.id);
  const employerId = toGlobalId('Employer', employer.id);
  const tag = `drain-${Date.now()}`;
  const send = (i: number) => post(server.url, 'send', SEND, { id: conversationId, body: `${tag} message ${i}` }, freelancer.token, `${tag} message ${i}`);
  const create = (i: number) =>
    post(
      server.url,
      'createListing',
      CREATE_LISTING,
      { input: { employerId, title: `${tag} listing ${i}`, description: 'A gig created while the server was being stopped.' } },
      poster.token,
      `${tag} listing ${i}`,
    );

  // The test holds a lock that these writes need: those that reached the database are certainly
  // in flight (inside their transactions) when SIGTERM arrives, and the rest wait for one of its
  // connections inside the server, or are still on their way to it.
  const locker = new Client({ connectionString: cluster!.url });
  const observer = new Client({ connectionString: cluster!.url });
  await Promise.all([locker.connect(), observer.connect()]);
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE messages, listings IN EXCLUSIVE MODE');
    const burst = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? send(i) : create(i)));
    const blocked = async () =>
      Number(
        ((await observer.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'techgigs' AND wait_event_type = 'Lock'`)).rows[0] as { n: string }).n,
      );
    // The server's whole pool (10 connections) waits on the lock.
    await eventually(async () => (await blocked()) >= 10, 10_000, 'the writes to block on the lock');
    await sleep(200);

    const ending = terminate(server);
    await sleep(300);
    // The listener is closed: a new request is refused, and the client may retry elsewhere…
    const late = await Promise.all(Array.from({ length: 10 }, (_, i) => send(100 + i)));
    const healthWhileDraining = await health(server.url);
    // …while the accepted writes still wait on the lock: let them through.
    await locker.query('COMMIT');
    const outcomes = await Promise.all(burst);
    const ended = await ending;

    expect({ code: ended.code, signal: ended.signal, output: ended.code === 0 ? '' : server.output() }).toEqual({ code: 0, signal: null, output: '' });
    expect(healthWhileDraining.status).toBe('ECONNREFUSED');

    const messages = (await observer.query('SELECT body FROM messages WHERE body LIKE $1', [`${tag} %`])).rows as Array<{ body: string }>;
    const listings = (await observer.query('SELECT title FROM listings WHERE title LIKE $1', [`${tag} %`])).rows as Array<{ title: string }>;
    const stored = new Set([...messages.map((row) => row.body), ...listings.map((row) => row.title)]);
    // Each write either was answered with its data and is stored, or got no answer at all and
    // was never run (refused, or reset while still waiting to be accepted): safe to retry.
    // Never an error page, never an answer lost for a write that was committed.
    const all = [...outcomes, ...late];
    expect(all.filter((o) => !(succeeded(o) && stored.has(o.tag!)) && !(o.networkError !== undefined && !stored.has(o.tag!))).map(show)).toEqual([]);
    // At least every write seen waiting in the database was drained to completion.
    const answered = outcomes.filter(succeeded).length;
    expect(answered).toBeGreaterThanOrEqual(10);
    // Nothing sent after the listener closed got in.
    expect(late.filter((o) => o.networkError !== 'ECONNREFUSED').map(show)).toEqual([]);

    const refused = (list: Outcome[]) => [...new Set(list.filter((o) => o.networkError).map((o) => o.networkError))].join(', ') || 'none';
     
    console.info(
      `SIGTERM during a burst of 50 writes: ${answered} answered and stored, ${50 - answered} never accepted (${refused(outcomes)}); ` +
        `10 sent after it refused (${refused(late)}); the process exited 0 ${ended.ms} ms after SIGTERM`,
    );
  } finally {
    await Promise.all([locker.end(), observer.end()]);
  }
}, 60_000);
