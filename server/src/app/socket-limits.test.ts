import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import WebSocket from 'ws';
import { buildConversation, buildEmployer, buildListing, buildUser } from '../../test/factories';
import { ok, startTestApp, type TestApp } from '../../test/harness';
import { SEND } from '../../test/messaging';
import { closeRedisProbes, eventually } from '../../test/live';
import { toGlobalId } from '../graphql/global-id';
import { MAX_OPERATIONS_PER_SOCKET, MAX_SOCKETS_PER_SESSION } from '../graphql/limits';
import { liveRegistrySizes } from '../graphql/subscriptions';
import { ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE, MAX_ANONYMOUS_SOCKETS_PER_ADDRESS } from './websocket-limits';

/**
 * The WebSocket limits under interleavings a client can force: a socket closed while its connect
 * is still being authenticated, and operations completed while the server is still setting them
 * up. The server's database work is held with a real lock on the table it reads, so the
 * interleaving is exact rather than timed.
 */
let a: TestApp;
beforeAll(async () => {
  a = await startTestApp();
});
afterAll(async () => {
  await a.stop();
  await closeRedisProbes();
});

/** A raw graphql-transport-ws socket: every message it receives, in order. */
interface RawSocket {
  ws: WebSocket;
  messages: Array<{ id?: string; type: string; payload?: any }>;
  closed: Promise<number>;
  /** The close frame's code and reason. */
  closedWith: Promise<[number, string]>;
  /** True once connection_ack arrives, false if the socket closes first. */
  acked: Promise<boolean>;
  /** The first message with this id whose type is one of `types`. */
  next(id: string, types: string[]): Promise<{ type: string; payload?: any }>;
}

/** A socket to `app` (instance A by default) signed in with `token`, or anonymous with null; `headers` on its upgrade. */
function open(token: string | null, app: TestApp = a, headers: Record<string, string> = {}): RawSocket {
  const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
  const messages: RawSocket['messages'] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const closedWith = new Promise<[number, string]>((resolve) => ws.once('close', (code, reason) => resolve([code, reason.toString()])));
  const acked = new Promise<boolean>((resolve) => {
    ws.once('close', () => resolve(false));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString());
      messages.push(message);
      if (message.type === 'connection_ack') resolve(true);
      for (const wake of waiters) wake();
    });
  });
  ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
  ws.on('error', () => undefined);
  const next = (id: string, types: string[]) =>
    new Promise<{ type: string; payload?: any }>((resolve, reject) => {
      const check = () => {
        const found = messages.find((message) => message.id === id && types.includes(message.type));
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${types.join('/')} for operation ${id}; got ${JSON.stringify(messages.slice(-5))}`));
      }, 10_000);
      waiters.add(check);
      check();
    });
  return { ws, messages, closed, closedWith, acked, next };
}

/** A connection outside the app's pool that holds `table` locked until `release`. */
async function lockTable(table: string): Promise<{ waiting(): Promise<number>; release(): Promise<void> }> {
  const locker = new Client({ connectionString: a.config.databaseUrl });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    async waiting() {
      const { rows } = await locker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = $1::regclass`, [table]);
      return rows[0].n;
    },
    async release() {
      await locker.query('COMMIT');
      await locker.end();
    },
  };
}

describe('sockets per session', () => {
  it(`does not count a socket closed while its connect was authenticated (${MAX_SOCKETS_PER_SESSION} such sockets leave the session free)`, async () => {
    const user = await buildUser(a.app);
    const lock = await lockTable('sessions');
    const early = Array.from({ length: MAX_SOCKETS_PER_SESSION }, () => open(user.token));
    try {
      await eventually(async () => (await lock.waiting()) >= MAX_SOCKETS_PER_SESSION, 10_000, 'every connect waiting on the sessions lock');
      for (const socket of early) socket.ws.close();
      expect(await Promise.all(early.map((socket) => socket.closed))).toEqual(early.map(() => 1005));
    } finally {
      await lock.release();
    }
    // The lookups finish now, each for a socket already gone.
    await eventually(async () => {
      const rows = await a.app.deps.ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'sessions'::regclass`);
      return rows[0].n === 0;
    });

    // None of the session's sockets is open: it may open its full allowance again, and no more.
    const fresh = Array.from({ length: MAX_SOCKETS_PER_SESSION }, () => open(user.token));
    try {
      expect(await Promise.all(fresh.map((socket) => socket.acked))).toEqual(fresh.map(() => true));
      const over = open(user.token);
      expect(await over.acked).toBe(false);
      expect(await over.closed).toBe(1008);
    } finally {
      fresh.forEach((socket) => socket.ws.close());
      await Promise.all(fresh.map((socket) => socket.closed));
    }
  });

  it('gives a closed socket back to its session once: closing sockets never frees room beyond them', async () => {
    const user = await buildUser(a.app);
    const first = Array.from({ length: MAX_SOCKETS_PER_SESSION }, () => open(user.token));
    expect(await Promise.all(first.map((socket) => socket.acked))).toEqual(first.map(() => true));
    first[0].ws.close();
    await first[0].closed;
    const replacement = open(user.token);
    const over = open(user.token);
    try {
      // One closed, one accepted in its place: the session is full again.
      const [replaced, refused] = await Promise.all([replacement.acked, over.acked]);
      expect([replaced, refused].sort()).toEqual([false, true]);
    } finally {
      for (const socket of [...first.slice(1), replacement, over]) socket.ws.close();
      await Promise.all([...first.slice(1), replacement, over].map((socket) => socket.closed));
    }
  });
});

describe('anonymous sockets per client address', () => {
  // Two instances on one Redis behind a trusted proxy: each test's sockets come from an address of its own.
  let p: TestApp;
  let q: TestApp;
  beforeAll(async () => {
    [p, q] = await Promise.all([1, 2].map(() => startTestApp({ redis: true, env: { TRUST_PROXY: 'loopback' } })));
  });
  afterAll(() => Promise.all([p.stop(), q.stop()]));
  const from = () => ({ 'x-forwarded-for': `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1` });
  const closeAll = async (sockets: RawSocket[]) => {
    for (const socket of sockets) socket.ws.close();
    await Promise.all(sockets.map((socket) => socket.closed));
  };

  it(`holds at most ${MAX_ANONYMOUS_SOCKETS_PER_ADDRESS} open on an instance (1008 past it), gives a closed one back, and counts neither signed-in sockets nor other addresses`, async () => {
    const address = from();
    const held = Array.from({ length: MAX_ANONYMOUS_SOCKETS_PER_ADDRESS }, () => open(null, p, address));
    const user = await buildUser(p.app);
    const others: RawSocket[] = [];
    try {
      expect(await Promise.all(held.map((socket) => socket.acked))).toEqual(held.map(() => true));
      const over = open(null, p, address);
      expect(await over.acked).toBe(false);
      expect(await over.closed).toBe(1008);
      // The same /64 is the same bucket; a signed-in socket from it and an anonymous one from elsewhere are not counted.
      const sameBlock = open(null, p, { 'x-forwarded-for': address['x-forwarded-for'].replace(/::1$/, '::2') });
      expect(await sameBlock.acked).toBe(false);
      expect(await sameBlock.closedWith).toEqual([1008, `Too many sockets from this address: at most ${MAX_ANONYMOUS_SOCKETS_PER_ADDRESS} open per server without signing in`]);
      others.push(open(user.token, p, address), open(null, p, from()));
      expect(await Promise.all(others.map((socket) => socket.acked))).toEqual([true, true]);
      // Per instance: the other instance takes the address's sockets.
      others.push(open(null, q, address));
      expect(await others[2].acked).toBe(true);

      held[0].ws.close();
      await held[0].closed;
      const replacement = open(null, p, address);
      expect(await replacement.acked).toBe(true);
      held[0] = replacement;
      const overAgain = open(null, p, address);
      expect(await overAgain.acked).toBe(false);
    } finally {
      await closeAll([...held, ...others]);
    }
  });

  it(`holds at most ${MAX_ANONYMOUS_SOCKETS_PER_ADDRESS} sockets of an address waiting for connection_init (1008 past it), whatever they would send`, async () => {
    const address = from();
    const UPGRADES = 300;
    const sockets = Array.from({ length: UPGRADES }, () => {
      const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers: address });
      ws.on('error', () => undefined);
      const closedWith = new Promise<[number, string]>((resolve) => ws.once('close', (code, reason) => resolve([code, reason.toString()])));
      const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
      return { ws, closedWith, opened };
    });
    try {
      await Promise.all(sockets.map((socket) => socket.opened));
      await eventually(() => sockets.filter((socket) => socket.ws.readyState === WebSocket.CLOSED).length >= UPGRADES - MAX_ANONYMOUS_SOCKETS_PER_ADDRESS, 10_000, 'the sockets past the cap closed');
      const closed = sockets.filter((socket) => socket.ws.readyState === WebSocket.CLOSED);
      expect(closed).toHaveLength(UPGRADES - MAX_ANONYMOUS_SOCKETS_PER_ADDRESS);
      for (const socket of closed) {
        expect(await socket.closedWith).toEqual([1008, `Too many sockets from this address waiting for connection_init: at most ${MAX_ANONYMOUS_SOCKETS_PER_ADDRESS} per server`]);
      }
      // A signed-in socket from elsewhere is not held up by them.
      const user = await buildUser(p.app);
      const other = open(user.token, p, from());
      expect(await other.acked).toBe(true);
      other.ws.close();
      await other.closed;
    } finally {
      for (const socket of sockets) socket.ws.close();
      await Promise.all(sockets.map((socket) => socket.closedWith));
    }
  });

  it(`counts refused tokens as connects of the address: past ${ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE} a minute they are closed with 1008`, async () => {
    const address = from();
    const codes: Array<[number, string]> = [];
    for (let i = 0; i < 100; i += 10) {
      const batch = Array.from({ length: 10 }, () => open('bogus-token', p, address));
      codes.push(...(await Promise.all(batch.map((socket) => socket.closedWith))));
    }
    const forbidden = codes.filter(([code]) => code === 4403);
    const limited = codes.filter(([code]) => code === 1008);
    expect([forbidden.length, limited.length]).toEqual([ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE, 100 - ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE]);
    expect(new Set(limited.map(([, reason]) => reason))).toEqual(new Set([`Too many connections from this address: at most ${ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE} a minute without signing in`]));
  });

  it(`allows ${ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE} connects a minute from an address across instances, however many are closed again`, async () => {
    const address = from();
    for (let i = 0; i < ANONYMOUS_CONNECTS_PER_ADDRESS_PER_MINUTE; i += 10) {
      // Ten at a time, half on each instance, each closed once acknowledged: never near the open cap.
      const batch = Array.from({ length: 10 }, (_, k) => open(null, k % 2 === 0 ? p : q, address));
      expect(await Promise.all(batch.map((socket) => socket.acked))).toEqual(batch.map(() => true));
      await closeAll(batch);
    }
    for (const app of [p, q]) {
      const over = open(null, app, address);
      expect(await over.acked).toBe(false);
      expect(await over.closed).toBe(1008);
    }
    // Another address, and a signed-in socket from this one, still connect.
    const user = await buildUser(q.app);
    const still = [open(null, p, from()), open(user.token, q, address)];
    expect(await Promise.all(still.map((socket) => socket.acked))).toEqual([true, true]);
    await closeAll(still);
  });
});

describe('operations per socket', () => {
  it(`holds at most ${MAX_OPERATIONS_PER_SOCKET} operations in set-up however many the client completes at once (RATE_LIMITED past it); the socket works normally afterwards`, async () => {
    const [poster, worker] = await Promise.all([buildUser(a.app), buildUser(a.app)]);
    const employer = await buildEmployer(a.app, poster.user);
    const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), worker.user);
    const subscription = { query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { id } }', variables: { id: toGlobalId('Conversation', conversation.id) } };
    const socket = open(worker.token);
    expect(await socket.acked).toBe(true);
    const pool = (a.app.deps.ds.driver as unknown as { master: { waitingCount: number } }).master;

    const lock = await lockTable('conversations');
    let most = 0;
    try {
      const OPS = 4 * MAX_OPERATIONS_PER_SOCKET;
      for (let i = 0; i < OPS; i++) {
        socket.ws.send(JSON.stringify({ id: `churn-${i}`, type: 'subscribe', payload: subscription }));
        socket.ws.send(JSON.stringify({ id: `churn-${i}`, type: 'complete' }));
      }
      // Sent after every pair: refused, as the set-ups of the pairs still count.
      socket.ws.send(JSON.stringify({ id: 'probe', type: 'subscribe', payload: subscription }));
      const refused = await socket.next('probe', ['error', 'next', 'complete']);
      expect(refused).toEqual({ id: 'probe', type: 'error', payload: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED' } })] });
      expect(refused.payload[0].message).toContain(`at most ${MAX_OPERATIONS_PER_SOCKET} at once`);

      // Every set-up let through waits on the lock (or for a pooled connection to reach it).
      const inFlight = async () => {
        const now = (await lock.waiting()) + pool.waitingCount;
        most = Math.max(most, now);
        return now;
      };
      await eventually(async () => (await inFlight()) >= MAX_OPERATIONS_PER_SOCKET, 15_000, `${MAX_OPERATIONS_PER_SOCKET} set-ups in flight`);
      expect(await inFlight()).toBe(MAX_OPERATIONS_PER_SOCKET);
    } finally {
      await lock.release();
    }
    expect(most).toBe(MAX_OPERATIONS_PER_SOCKET);
    // A pair is answered at most with its refusal (when its complete came after it): none ran.
    const churn = socket.messages.filter((message) => message.id?.startsWith('churn-'));
    expect(churn.filter((message) => message.type !== 'error' || message.payload[0].extensions.code !== 'RATE_LIMITED')).toEqual([]);

    // Once the held set-ups end, the socket runs its full allowance again: the same number of
    // queries at once, every one answered with data.
    let round = 0;
    await eventually(
      async () => {
        const ids = Array.from({ length: MAX_OPERATIONS_PER_SOCKET }, (_, i) => `after-${round}-${i}`);
        round += 1;
        for (const id of ids) socket.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: '{ me { id } }' } }));
        const answers = await Promise.all(ids.map((id) => socket.next(id, ['error', 'next'])));
        return answers.every((answer) => answer.type === 'next' && answer.payload.data.me.id === toGlobalId('User', worker.user.id));
      },
      10_000,
      `${MAX_OPERATIONS_PER_SOCKET} queries at once answered after the release`,
    );
    // And a subscription on it is live: a message sent in the conversation reaches it.
    socket.ws.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: subscription }));
    await eventually(async () => {
      ok(await a.gql(SEND, { id: subscription.variables.id, body: 'still live' }, poster.token));
      return socket.messages.some((message) => message.id === 'live');
    });
    expect(socket.messages.filter((message) => message.id === 'live').every((message) => message.type === 'next' && message.payload.data.messageAdded.id)).toBe(true);

    socket.ws.close();
    await socket.closed;
  });
});

describe('operation ids', () => {
  it('closes a socket that subscribes again with an id still being set up (4409), and such bursts leave no live subscription, fan-out or access watch behind', async () => {
    const [poster, worker] = await Promise.all([buildUser(a.app), buildUser(a.app)]);
    const employer = await buildEmployer(a.app, poster.user);
    const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), worker.user);
    const subscription = { query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { id } }', variables: { id: toGlobalId('Conversation', conversation.id) } };
    const before = liveRegistrySizes(a.app.deps.pubsub);
    const burst = (socket: RawSocket) => {
      socket.ws.send(JSON.stringify({ id: 'z', type: 'subscribe', payload: subscription }));
      socket.ws.send(JSON.stringify({ id: 'z', type: 'complete' }));
      socket.ws.send(JSON.stringify({ id: 'z', type: 'subscribe', payload: subscription }));
    };

    // The first set-up held on a lock: the second subscribe certainly comes while it runs.
    const held = open(worker.token);
    expect(await held.acked).toBe(true);
    const lock = await lockTable('conversations');
    try {
      burst(held);
      expect(await held.closedWith).toEqual([4409, 'Subscriber for z already exists']);
    } finally {
      await lock.release();
    }

    // Unheld, many times: whether the second subscribe comes during the first set-up or after it
    // ended, nothing is left once the sockets close.
    const sockets = Array.from({ length: 4 }, () => open(worker.token));
    expect(await Promise.all(sockets.map((socket) => socket.acked))).toEqual(sockets.map(() => true));
    for (let round = 0; round < 25; round++) for (const socket of sockets) if (socket.ws.readyState === WebSocket.OPEN) burst(socket);
    const live = open(worker.token);
    expect(await live.acked).toBe(true);
    live.ws.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: subscription }));
    await eventually(() => liveRegistrySizes(a.app.deps.pubsub).live > before.live, 10_000, 'the live subscription set up');
    for (const socket of sockets) socket.ws.close();
    await Promise.all(sockets.map((socket) => socket.closed));
    // Only the one open subscription is held: one fan-out member, one watched user and subscription.
    await eventually(() => liveRegistrySizes(a.app.deps.pubsub).live === before.live + 1, 10_000, 'every burst subscription returned');
    expect(liveRegistrySizes(a.app.deps.pubsub)).toEqual({
      live: before.live + 1,
      fanouts: before.fanouts + 1,
      fanoutMembers: before.fanoutMembers + 1,
      watchedUsers: before.watchedUsers + 1,
      watchedSubscriptions: before.watchedSubscriptions + 1,
    });
    live.ws.close();
    await live.closed;
    await eventually(() => liveRegistrySizes(a.app.deps.pubsub).live === before.live, 10_000, 'the last subscription returned');
    expect(liveRegistrySizes(a.app.deps.pubsub)).toEqual(before);
  });

  it(`counts an id completed during its set-up until the set-up ends: at most ${MAX_OPERATIONS_PER_SOCKET} however ids are reused`, async () => {
    const [poster, worker] = await Promise.all([buildUser(a.app), buildUser(a.app)]);
    const employer = await buildEmployer(a.app, poster.user);
    const conversation = await buildConversation(a.app, await buildListing(a.app, employer, poster.user), worker.user);
    const subscription = { query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { id } }', variables: { id: toGlobalId('Conversation', conversation.id) } };
    const socket = open(worker.token);
    expect(await socket.acked).toBe(true);
    const lock = await lockTable('conversations');
    try {
      for (let i = 0; i < MAX_OPERATIONS_PER_SOCKET; i++) {
        socket.ws.send(JSON.stringify({ id: `op-${i}`, type: 'subscribe', payload: subscription }));
        socket.ws.send(JSON.stringify({ id: `op-${i}`, type: 'complete' }));
      }
      socket.ws.send(JSON.stringify({ id: 'probe', type: 'subscribe', payload: subscription }));
      expect(await socket.next('probe', ['error', 'next', 'complete'])).toEqual({ id: 'probe', type: 'error', payload: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED' } })] });
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      await lock.release();
    }
    socket.ws.close();
    await socket.closed;
  });
});
