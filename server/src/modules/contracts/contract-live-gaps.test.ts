import { ok, startTestApp, type TestApp } from '../../../test/harness';
import { HoldingProxy } from '../../../test/holding-proxy';
import { closeRedisProbes, connectLive, eventually, LiveSubscription } from '../../../test/live';
import { content, deal, draft, localId, save, SIGN, watch } from '../../../test/contracts';
import { contractUpdatedTopic } from './contracts.events';

/*
 * A `contractUpdated` subscriber gets every audit-trail event of the contract from its start, once
 * and in `contract_events.seq` order, however the events reach its instance. Instances A and B
 * reach Redis directly; P and S through proxies that hold back what they send about the contract's
 * topic: P's PUBLISH (an event that reaches Redis after a later one) and S's SUBSCRIBE (an event
 * published while S's subscription starts).
 */

let a: TestApp;
let p: TestApp;
let s: TestApp;
let publishing: HoldingProxy;
let subscribing: HoldingProxy;
beforeAll(async () => {
  publishing = new HoldingProxy();
  subscribing = new HoldingProxy();
  [a, p, s] = await Promise.all([startTestApp({ redis: true }), startTestApp({ redis: await publishing.listen() }), startTestApp({ redis: await subscribing.listen() })]);
});
afterAll(async () => {
  publishing.release();
  subscribing.release();
  await Promise.all([a.stop(), p.stop(), s.stop()]);
  await Promise.all([publishing.close(), subscribing.close()]);
  await closeRedisProbes();
});

it('delivers an event overtaken on its way by a later one, before it and once', async () => {
  const d = await deal(a);
  const contractId = await draft(d, a);
  const worker = await watch(a, d.worker.token, contractId);

  // P commits the save, but its event reaches Redis only after A's signature's.
  publishing.hold(contractUpdatedTopic(localId(contractId)));
  await save(d, contractId, 0, content('overtaken'), p);
  await eventually(() => publishing.caught, 10_000, "P's PUBLISH held");
  ok(await a.gql(SIGN, { contractId, version: 1 }, d.worker.token));

  expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, currentDetails: { version: 1 } } });
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { workerSignedVersion: 1, employerSignedVersion: null } });
  publishing.release();
  ok(await a.gql(SIGN, { contractId, version: 1 }, d.poster.token));
  // The late event is not delivered again: the next ones follow.
  expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: 1 } });
  expect(await worker.next()).toMatchObject({ kind: 'LOCKED', contract: { status: 'ACTIVE' } });
  worker.dispose();
});

it('delivers an event published after a subscription read its start but before its instance listened on the topic', async () => {
  const d = await deal(a);
  const contractId = await draft(d, a);

  subscribing.hold(contractUpdatedTopic(localId(contractId)));
  const socket = connectLive(s.url, d.worker.token);
  try {
    const sub = new LiveSubscription<{ contractUpdated: { kind: string; contract: { currentDetails: { version: number } | null } } }>(
      socket,
      `subscription ($id: ID!) { contractUpdated(contractId: $id) { kind contract { currentDetails { version } } } }`,
      { id: contractId },
    );
    // S has read the start and sent its SUBSCRIBE, which Redis has not had yet.
    await eventually(() => subscribing.caught, 10_000, "S's SUBSCRIBE held");
    await save(d, contractId, 0, content('in between'), a);
    subscribing.release();
    await sub.until(() => sub.data.length >= 1, 10_000, 'the save made in between');
    ok(await a.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    await sub.until(() => sub.data.length >= 2, 10_000, 'the signature after it');
    expect(sub.data.map((each) => each.contractUpdated)).toEqual([
      { kind: 'DETAILS_SAVED', contract: { currentDetails: { version: 1 } } },
      { kind: 'SIGNED', contract: { currentDetails: { version: 1 } } },
    ]);
  } finally {
    await socket.dispose();
  }
});
