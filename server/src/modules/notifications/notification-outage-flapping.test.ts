import { ok, startTestApp, testDatabaseUrl, type TestApp } from '../../../test/harness';
import { HoldingProxy, PostgresProxy } from '../../../test/holding-proxy';
import { buildNotification } from '../../../test/factories';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, subscriberCount, waitForSubscribers } from '../../../test/live';
import { content, deal, draft, save, SIGN } from '../../../test/contracts';
import { SEND } from '../../../test/messaging';
import { toGlobalId } from '../../graphql/global-id';
import { notificationAddedTopic } from './notifications.events';

/*
 * Redis comes back to an instance twice before the first catch-up has finished: the notifications
 * each catch-up found still come once and oldest first, before what arrived live meanwhile.
 * Instance A reaches Redis through a proxy the test cuts and heals, and PostgreSQL through one
 * that holds back the answers of a catch-up's statement (which runs at once, so what it reads is
 * fixed then).
 */

/** Text of the statement that reads what the instance's notification subscriptions missed (one for all). */
const CATCH_UP_STATEMENT = 'unnest($1::uuid[], $2::timestamp[])';

let a: TestApp;
let b: TestApp;
let redis: HoldingProxy;
let pg: PostgresProxy;
beforeAll(async () => {
  const database = new URL(await testDatabaseUrl());
  redis = new HoldingProxy();
  pg = new PostgresProxy(database.hostname, Number(database.port || 5432));
  const [redisUrl, databaseUrl] = await Promise.all([redis.listen(), pg.listen(database.toString())]);
  [a, b] = await Promise.all([startTestApp({ redis: redisUrl, env: { DATABASE_URL: databaseUrl } }), startTestApp({ redis: true })]);
});
afterAll(async () => {
  redis.heal();
  await Promise.all([a.stop(), b.stop()]);
  await Promise.all([redis.close(), pg.close()]);
  await closeRedisProbes();
});

it('delivers the notifications stored during two outages in quick succession, each once and oldest first, when the first catch-up ends after the second outage', async () => {
  const d = await deal(b);
  const contractId = await draft(d, b);
  const userId = d.worker.user.id;
  const topic = notificationAddedTopic(userId);
  const stored = async () =>
    ((await b.app.deps.ds.query(`SELECT id, kind FROM notifications WHERE user_id = $1 ORDER BY created_at, id`, [userId])) as Array<{ id: string; kind: string }>).map((row) => ({
      id: toGlobalId('Notification', row.id),
      kind: row.kind,
    }));
  const socket = connectLive(a.url, d.worker.token);
  try {
    const sub = new LiveSubscription<{ notificationAdded: { id: string; kind: string } }>(socket, 'subscription { notificationAdded { id kind } }');
    // Live once a probe arrives (what the subscription does as it starts is then done: the probes
    // published before it are delivered before the one seen).
    for (let attempt = 0; ; attempt++) {
      if (attempt > 50) throw new Error('the subscription never became live');
      const probe = await buildNotification(b.app, d.worker.user);
      await b.app.deps.pubsub.publish(topic, { notificationId: probe.id, userId });
      const shown = toGlobalId('Notification', probe.id);
      if (await sub.within(() => sub.data.some((each) => each.notificationAdded.id === shown), 300)) break;
    }
    const probes = sub.data.length;
    const before = (await stored()).length;

    // First outage: the save's notification is lost to A; its catch-up reads it, and A gets the answer only later.
    const first = pg.hold(CATCH_UP_STATEMENT);
    redis.partition();
    await eventually(async () => (await subscriberCount(topic)) === 0, 10_000, 'A cut off from Redis');
    await save(d, contractId, 0, content('first outage'), b);
    redis.heal();
    await eventually(() => first.caught, 15_000, 'the first catch-up read');

    // Second outage, before the first catch-up has ended: the signature's notification is lost to A.
    const second = pg.hold(CATCH_UP_STATEMENT);
    redis.partition();
    await eventually(async () => (await subscriberCount(topic)) === 0, 10_000, 'A cut off from Redis again');
    ok(await b.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    redis.heal();
    await eventually(() => second.caught, 15_000, 'the second catch-up read');
    await waitForSubscribers(topic, 1);

    // Live again: a message's notification reaches A (seen by a listener beside the subscription's,
    // which hears it first) while both catch-ups are held.
    const arrived: string[] = [];
    const unlisten = a.app.deps.pubsub.listen(topic, (event) => arrived.push(event.notificationId));
    ok(await b.gql(SEND, { id: toGlobalId('Conversation', d.conversationId), body: 'live again' }, d.poster.token));
    await eventually(() => arrived.length > 0, 10_000, 'the live notification on A');
    unlisten();
    first.release();
    await sub.until(() => sub.data.length >= probes + 1, 10_000, 'the first catch-up');
    second.release();

    await sub.until(() => sub.data.length >= probes + 3, 15_000, 'the notifications');
    const all = (await stored()).slice(before);
    expect(all.map((row) => row.kind)).toEqual(['CONTRACT_DETAILS_SAVED', 'CONTRACT_SIGNED', expect.any(String)]);
    expect(sub.data.slice(probes).map((each) => each.notificationAdded)).toEqual(all);
  } finally {
    await socket.dispose();
  }
});
