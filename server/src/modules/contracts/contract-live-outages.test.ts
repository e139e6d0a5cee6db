import { ok, startTestApp, testDatabaseUrl, type TestApp } from '../../../test/harness';
import { HoldingProxy, PostgresProxy } from '../../../test/holding-proxy';
import { closeRedisProbes, connectLive, eventually, LiveSubscription, probeUntilLive, subscriberCount, waitForSubscribers } from '../../../test/live';
import { content, deal, draft, localId, save, SIGN, SUBMIT, watch } from '../../../test/contracts';
import type { ContractEventKind } from './contracts.events';
import { contractUpdatedTopic } from './contracts.events';

/*
 * What a `contractUpdated` subscription recovers when Redis or PostgreSQL goes away under its
 * instance: every event still comes, once and in order with the live ones. Instance A reaches Redis
 * through a proxy the test cuts and heals, and PostgreSQL through one that holds back the answers of
 * a statement (which runs at once, so what it reads is fixed then) or cuts the connection under it.
 */

/** Text of the statement that reads what the instance's contract subscriptions missed (one for all). */
const CATCH_UP_STATEMENT = 'unnest($1::uuid[], $2::bigint[])';

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

it('delivers every change made during two outages in quick succession, each once and in order, when the first catch-up ends after the second outage', async () => {
  const d = await deal(b);
  const contractId = await draft(d, b);
  const local = localId(contractId);
  const topic = contractUpdatedTopic(local);
  const socket = connectLive(a.url, d.worker.token);
  try {
    const sub = new LiveSubscription<{ contractUpdated: { kind: ContractEventKind } }>(socket, `subscription ($id: ID!) { contractUpdated(contractId: $id) { kind } }`, { id: contractId });
    // A probe without a sequence number is shown as it is: the subscription is live once one arrives.
    await probeUntilLive(sub, () => b.app.deps.pubsub.publish(topic, { contractId: local, kind: 'CREATED' }), (data) => data.contractUpdated.kind === 'CREATED');
    const kinds = () => sub.data.map((each) => each.contractUpdated.kind).filter((kind) => kind !== 'CREATED');

    // First outage: the save is lost to A; its catch-up reads it, and A gets the answer only later.
    const first = pg.hold(CATCH_UP_STATEMENT);
    redis.partition();
    await eventually(async () => (await subscriberCount(topic)) === 0, 10_000, 'A cut off from Redis');
    await save(d, contractId, 0, content('first outage'), b);
    redis.heal();
    await eventually(() => first.caught, 15_000, 'the first catch-up read');

    // Second outage, before the first catch-up has ended: the worker's signature is lost to A.
    const second = pg.hold(CATCH_UP_STATEMENT);
    redis.partition();
    await eventually(async () => (await subscriberCount(topic)) === 0, 10_000, 'A cut off from Redis again');
    ok(await b.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    redis.heal();
    await eventually(() => second.caught, 15_000, 'the second catch-up read');
    await waitForSubscribers(topic, 1);

    // Live again: the poster's signature and the locking reach A (seen by a listener beside the
    // subscription's, which hears them first) while both catch-ups are held.
    const arrived: string[] = [];
    const unlisten = a.app.deps.pubsub.listen(topic, (event) => arrived.push(event.kind));
    ok(await b.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    await eventually(() => arrived.includes('LOCKED'), 10_000, 'the live events on A');
    unlisten();
    // The first catch-up ends (what it read, then what arrived meanwhile), then the second.
    first.release();
    await sub.until(() => kinds().includes('LOCKED'), 10_000, 'the first catch-up and the live events');
    second.release();
    ok(await b.gql(SUBMIT, { contractId, changes: { description: 'A report', priceChangeCents: 100 } }, d.worker.token));
    await sub.until(() => kinds().includes('CHANGE_ORDER_SUBMITTED'), 15_000, 'the change order');
    expect(kinds()).toEqual(['DETAILS_SAVED', 'SIGNED', 'SIGNED', 'LOCKED', 'CHANGE_ORDER_SUBMITTED']);
  } finally {
    await socket.dispose();
  }
});

it('delivers an event whose load was cut off by PostgreSQL going away with the next event, before it', async () => {
  const d = await deal(b);
  const contractId = await draft(d, b);
  const worker = await watch(a, d.worker.token, contractId, b);
  // A fence: once it is through, no probe of `watch` is still being processed.
  await b.app.deps.pubsub.publish(contractUpdatedTopic(localId(contractId)), { contractId: localId(contractId), kind: 'CANCELLED' });
  expect(await worker.next()).toMatchObject({ kind: 'CANCELLED' });

  // A's load of the contract for the save's event loses its connection: the event is dropped.
  const dropped = pg.drop('FROM "contracts"');
  await save(d, contractId, 0, content('dropped'), b);
  await eventually(() => dropped.caught, 10_000, "the event's load cut off");
  ok(await b.gql(SIGN, { contractId, version: 1 }, d.worker.token));

  expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, currentDetails: { version: 1 } } });
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { workerSignedVersion: 1 } });
  worker.dispose();
});
