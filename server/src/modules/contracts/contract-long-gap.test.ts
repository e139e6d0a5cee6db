import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { HoldingProxy } from '../../../test/holding-proxy';
import { closeRedisProbes, eventually } from '../../../test/live';
import { content, deal, draft, localId, save, SIGN, watch } from '../../../test/contracts';
import { MAX_CAUGHT_UP_EVENTS } from './contract-catch-up';
import { contractUpdatedTopic } from './contracts.events';

/*
 * A gap longer than one read of the audit trail (MAX_CAUGHT_UP_EVENTS) is not skipped: what one
 * read leaves comes with the next event. Instance P reaches Redis through a proxy that holds back
 * its PUBLISHes about the contract, so a subscriber on A misses a long run of P's events.
 */

let a: TestApp;
let p: TestApp;
let publishing: HoldingProxy;
beforeAll(async () => {
  publishing = new HoldingProxy();
  [a, p] = await Promise.all([startTestApp({ redis: true }), startTestApp({ redis: await publishing.listen() })]);
});
afterAll(async () => {
  publishing.release();
  await Promise.all([a.stop(), p.stop()]);
  await publishing.close();
  await closeRedisProbes();
});

it('delivers every event of a gap longer than one read, once and in order', async () => {
  const d = await deal(a);
  const contractId = await draft(d, a);
  const worker = await watch(a, d.worker.token, contractId);
  const saves = MAX_CAUGHT_UP_EVENTS + 1;

  // P's saves are committed, but their events wait at the proxy.
  publishing.hold(contractUpdatedTopic(localId(contractId)));
  for (let version = 0; version < saves; version += 1) await save(d, contractId, version, content(`v${version + 1}`), p);
  await eventually(() => publishing.caught, 10_000, "P's PUBLISH held");
  ok(await a.gql(SIGN, { contractId, version: saves }, d.worker.token));
  // One read: the first MAX_CAUGHT_UP_EVENTS of the gap, oldest first (the audit trail's seq
  // passes from two digits to three within it).
  for (let version = 1; version <= MAX_CAUGHT_UP_EVENTS; version += 1) {
    expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { currentDetails: { version: saves } } });
  }
  publishing.release();
  ok(await a.gql(SIGN, { contractId, version: saves }, d.poster.token));
  // The rest of the gap (the last save, the worker's signature), then the events after it.
  expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED' });
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { workerSignedVersion: saves } });
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: saves } });
  expect(await worker.next()).toMatchObject({ kind: 'LOCKED', contract: { status: 'ACTIVE' } });
  worker.dispose();
});
