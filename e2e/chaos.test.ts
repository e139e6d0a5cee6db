import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createApp, type App } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { DATABASE_BOUNDS } from '../server/src/db/data-source';
import { toGlobalId } from '../server/src/graphql/global-id';
import { MessageEntity } from '../server/src/modules/messaging/message.entity';
import { conversationTopic } from '../server/src/modules/messaging/messaging.events';
import { redisUrl } from '../server/test/databases';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../server/test/factories';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, waitForSubscribers, type LiveSocket } from '../server/test/live';

/*
 * Faults of the parts we stand on, with real processes: the built server (`node
 * dist/server/src/main.js`, as in production) over a PostgreSQL cluster of the test's own (initdb
 * and pg_ctl in a temporary directory, on a free port), which is stopped and started again under a
 * steady load, then frozen (SIGSTOP) and resumed; and the server itself is sent SIGTERM in the
 * middle of a burst of mutations. The app in this process only builds test data.
 */

const root = path.resolve(__dirname, '..');
const mainJs = path.join(root, 'dist', 'server', 'src', 'main.js');
/** The longest any request may take while PostgreSQL is away: the connect bound, and slack for a busy machine. */
const REQUEST_BOUND_MS = DATABASE_BOUNDS.connectMs + 2_000;
/** /healthz waits 2 s for the database; slack for a busy machine. */
const HEALTH_BOUND_MS = 3_000;
/** The built server's whole stop: Apollo's 10 s drain at most, then the stores. */
const EXIT_BOUND_MS = 15_000;

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id body } }`;
const CREATE_LISTING = `mutation ($input: CreateListingInput!) { createListing(input: $input) { id title } }`;
const CATALOGUE = `{ listings(first: 5) { totalCount edges { node { id title } } } }`;
const MESSAGE_ADDED = `subscription ($id: ID!) { messageAdded(conversationId: $id) { id body } }`;

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const asRoot = process.getuid?.() === 0;

// ---------------------------------------------------------------------------------------------
// A PostgreSQL cluster of our own

const pgBin = (() => {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no PostgreSQL binaries under ${base}/*/bin (install postgresql)`);
  return path.join(base, newest, 'bin');
})();

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
function pgTool(tool: string, args: string[]) {
  const binary = path.join(pgBin, tool);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
}

interface Cluster {
  dir: string;
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP or SIGCONT to the server and every backend: a database that hangs without closing anything. */
  freeze(frozen: boolean): void;
}

async function createCluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'techgigs-chaos-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  await pgTool('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return {
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => void (await pgTool('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '30', 'start'])),
    // "fast": every session is terminated at once (57P01), as in a restart or a fail-over.
    stop: async () => void (await pgTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'])),
    freeze(frozen) {
      const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const backends = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).toString().split(/\s+/).filter(Boolean).map(Number);
      for (const pid of [postmaster, ...backends]) process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT');
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Requests, each with what came back and how long it took

interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

interface Outcome {
  kind: string;
  /** What the request is identified by in the database (a message body, a listing title). */
  tag?: string;
  startedAt: number;
  ms: number;
  status?: number;
  contentType?: string;
  json?: GraphQLBody;
  text?: string;
  /** The client's error when no response came: ECONNREFUSED, UND_ERR_SOCKET (reset), TimeoutError… */
  networkError?: string;
}

async function post(baseUrl: string, kind: string, query: string, variables: Record<string, unknown>, token?: string, tag?: string): Promise<Outcome> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      // Far past every bound: a request still open by then has hung.
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: GraphQLBody | undefined;
    try {
      json = JSON.parse(text) as GraphQLBody;
    } catch {
      json = undefined;
    }
    return { kind, tag, startedAt, ms: Date.now() - startedAt, status: response.status, contentType: response.headers.get('content-type') ?? '', json, text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { kind, tag, startedAt, ms: Date.now() - startedAt, networkError: cause?.code ?? (error as Error).name };
  }
}

const succeeded = (o: Outcome) => o.status === 200 && !o.json?.errors?.length && o.json?.data != null;
const codesOf = (o: Outcome) => (o.json?.errors ?? []).map((e) => e.extensions?.code);
/** Everything about an outcome but its timing, for readable failures. */
const show = (o: Outcome) => ({ kind: o.kind, status: o.status, ms: o.ms, networkError: o.networkError, contentType: o.contentType, body: o.text?.slice(0, 300) });

async function health(baseUrl: string): Promise<{ status: number | string; ms: number; body?: unknown }> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, ms: Date.now() - startedAt, body: await response.json() };
  } catch (error) {
    return { status: (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name, ms: Date.now() - startedAt };
  }
}

/** Polls /healthz until it answers `want`; every answer on the way must come within HEALTH_BOUND_MS. */
async function untilHealth(baseUrl: string, want: number, timeoutMs: number): Promise<number> {
  const since = Date.now();
  for (;;) {
    const answer = await health(baseUrl);
    expect({ ...answer, slow: answer.ms > HEALTH_BOUND_MS }).toMatchObject({ slow: false });
    if (answer.status === want) {
      expect(answer.body).toEqual({ status: want === 200 ? 'ok' : 'unavailable' });
      return Date.now() - since;
    }
    if (Date.now() - since > timeoutMs) throw new Error(`/healthz did not answer ${want} within ${timeoutMs} ms; last: ${JSON.stringify(answer)}`);
    await sleep(100);
  }
}

/** A few clients sending requests back to back (one at a time each) until stopped. */
function steadyLoad(clients: number, request: (n: number) => Promise<Outcome>) {
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      outcomes.push(await request(n++));
      await sleep(20);
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Builds the server when dist/ is missing or older than any source file, so the test never runs stale code. */
function ensureBuilt(): void {
  const newestSource = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return Math.max(newest, newestSource(full));
      return entry.name.endsWith('.ts') ? Math.max(newest, statSync(full).mtimeMs) : newest;
    }, 0);
  if (existsSync(mainJs) && statSync(mainJs).mtimeMs >= newestSource(path.join(root, 'server', 'src'))) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

interface BuiltServer {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

const servers: BuiltServer[] = [];

/** `node dist/server/src/main.js`, as in production, on a free port. */
async function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainJs], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server: BuiltServer = { child, url: `http://127.0.0.1:${port}`, exited, output: () => output };
  servers.push(server);
  const deadline = Date.now() + 30_000;
  while ((await health(server.url)).status !== 200) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not answer /healthz within 30 s:\n${output}`);
    await sleep(100);
  }
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
  const server = await startBuiltServer({ DATABASE_URL: cluster!.url, REDIS_URL: redisUrl });
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
  const server = await startBuiltServer({ DATABASE_URL: cluster!.url });
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
  const server = await startBuiltServer({ DATABASE_URL: cluster!.url });
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
