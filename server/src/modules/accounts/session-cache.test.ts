import { buildUser } from '../../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, waitForSubscribers } from '../../../test/live';
import { InProcessPubSub } from '../../pubsub/in-process.pubsub';
import { accessEndedTopic } from '../../pubsub/access';
import { SessionCache } from './session-cache';

/*
 * A session seen lately is answered without a statement (DESIGN §6: its end is pushed): a
 * sign-out on one instance refuses the token on another as soon as its end arrives there (within
 * milliseconds; nothing is served after it), an expired session is refused by
 * its kept expiry, and a session is answered from memory only once a lookup made after the
 * instance listened for its end found it.
 */

const ME = '{ me { id } }';
const sessionStatements = (app: TestApp) => app.sql.statements.filter((sql) => /\bFROM sessions\b/.test(sql)).length;

describe('two instances over Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ redis: true });
    b = await startTestApp({ redis: true });
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await closeRedisProbes();
  });

  /**
   * Resolves when the next event of the user's access topic reaches `app` (within a second, or
   * fails): heard after the session cache's own listener (listeners run in the order they came).
   */
  function endArrivingOn(app: TestApp, userId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        unlisten();
        reject(new Error('the end of access never arrived'));
      }, 1_000);
      const unlisten = app.app.deps.pubsub.listen(accessEndedTopic(userId), () => {
        clearTimeout(timer);
        unlisten();
        resolve();
      });
    });
  }

  /** The session statements of one request on `app`. */
  async function lookups(app: TestApp, token: string): Promise<number> {
    app.sql.reset();
    ok(await app.gql(ME, {}, token));
    return sessionStatements(app);
  }

  it('asks the database for a session until it is confirmed, then no more', async () => {
    const user = await buildUser(a.app);
    expect(await lookups(a, user.token)).toBe(1);
    await waitForSubscribers(accessEndedTopic(user.user.id), 1);
    // The first lookup began before the instance listened for the session's end: confirmed by the next.
    expect(await lookups(a, user.token)).toBe(1);
    expect(await lookups(a, user.token)).toBe(0);
    expect(await lookups(a, user.token)).toBe(0);
  });

  it('refuses on one instance a session signed out on the other as soon as the end arrives (within a second), and never serves it after', async () => {
    const user = await buildUser(a.app);
    for (let i = 0; i < 3; i++) ok(await a.gql(ME, {}, user.token));
    await waitForSubscribers(accessEndedTopic(user.user.id), 1);
    expect(await lookups(a, user.token)).toBe(0);
    const arrival = endArrivingOn(a, user.user.id);
    // signOut answers once Redis has taken the end (publishAcknowledged): it is then on its way to A.
    ok(await b.gql('mutation { signOut }', {}, user.token));
    expect(errorOf(await b.gql(ME, {}, user.token)).extensions?.code).toBe('UNAUTHENTICATED');
    await arrival;
    for (let i = 0; i < 3; i++) expect(errorOf(await a.gql(ME, {}, user.token)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the other sessions of a user who signs out one', async () => {
    const user = await buildUser(a.app);
    const other = ok(await a.gql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', { input: { email: user.user.email, password: 'correct horse battery staple' } })).signIn.token as string;
    for (let i = 0; i < 3; i++) for (const token of [user.token, other]) ok(await a.gql(ME, {}, token));
    expect(await lookups(a, other)).toBe(0);
    const arrival = endArrivingOn(a, user.user.id);
    ok(await b.gql('mutation { signOut }', {}, user.token));
    await arrival;
    expect(errorOf(await a.gql(ME, {}, user.token)).extensions?.code).toBe('UNAUTHENTICATED');
    expect(await lookups(a, other)).toBe(0);
  });
});

describe('SessionCache', () => {
  const hour = 60 * 60 * 1000;
  let now = Date.UTC(2026, 0, 1);
  const session = (id: string, expiresInMs = hour) => ({ id, userId: `user-${id}`, expiresAt: new Date(now + expiresInMs) });

  /** `hash` looked up (and found) twice, as two requests would: the second confirms it. */
  async function confirmed(cache: SessionCache, hash: string, found: ReturnType<typeof session>): Promise<void> {
    for (let i = 0; i < 2; i++) {
      // The pub/sub's acknowledgement of the user's topic comes as a promise: let it settle.
      await new Promise((resolve) => setImmediate(resolve));
      cache.settle(hash, cache.begin(hash), found);
    }
  }

  it('refuses a kept session past its expiry without asking, and asks again after the TTL', async () => {
    const cache = new SessionCache(new InProcessPubSub(), () => now, { entries: 10, ttlMs: 60_000 });
    await confirmed(cache, 'h1', session('s1', 30_000));
    expect(cache.answer('h1')).toMatchObject({ id: 's1' });
    now += 30_000;
    expect(cache.answer('h1')).toBeNull();
    expect(cache.answer('h1')).toBeUndefined();

    await confirmed(cache, 'h2', session('s2'));
    now += 59_999;
    expect(cache.answer('h2')).toMatchObject({ id: 's2' });
    now += 1;
    expect(cache.answer('h2')).toBeUndefined();
  });

  it('forgets a session at its pushed end, and a lookup that ran across the end keeps nothing', async () => {
    const pubsub = new InProcessPubSub();
    const cache = new SessionCache(pubsub, () => now);
    const found = session('s3');
    await confirmed(cache, 'h3', found);
    await pubsub.publish(accessEndedTopic(found.userId), { type: 'SESSION_ENDED', sessionId: 'other' });
    expect(cache.answer('h3')).toMatchObject({ id: 's3' });
    await pubsub.publish(accessEndedTopic(found.userId), { type: 'SESSION_ENDED', sessionId: 's3' });
    expect(cache.answer('h3')).toBeUndefined();

    // A lookup that began before the end and read the session as active is not kept.
    await confirmed(cache, 'h3', found);
    expect(cache.answer('h3')).toMatchObject({ id: 's3' });
    const racing = cache.begin('h3');
    await pubsub.publish(accessEndedTopic(found.userId), { type: 'SESSION_ENDED', sessionId: 's3' });
    cache.settle('h3', racing, found);
    expect(cache.answer('h3')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most its bound, the least recently used out first', async () => {
    const cache = new SessionCache(new InProcessPubSub(), () => now, { entries: 2, ttlMs: 60_000 });
    await confirmed(cache, 'a', session('a'));
    await confirmed(cache, 'b', session('b'));
    expect(cache.answer('a')).toMatchObject({ id: 'a' });
    await confirmed(cache, 'c', session('c'));
    expect(cache.size).toBe(2);
    expect(cache.answer('b')).toBeUndefined();
    expect(cache.answer('a')).toMatchObject({ id: 'a' });
    expect(cache.answer('c')).toMatchObject({ id: 'c' });
  });
});
