import { ok, startTestApp } from '../../../test/harness';
import { codeOf } from '../../../test/expect';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { ACCEPT, active, clients, content, contractOf, deal, draft, REJECT, SAVE, save, SIGN, SUBMIT, t, watch, WITHDRAW } from '../../../test/contracts';

// ---- live --------------------------------------------------------------------------------

describe('live', () => {
  it('shows each party the other party’s edits, signatures, locking and change orders as they happen', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const worker = await watch(t, d.worker.token, contractId);
    const poster = await watch(t, d.poster.token, contractId);
    const workerNotices = t.app.deps.pubsub.subscribe(notificationAddedTopic(d.worker.user.id));

    await save(d, contractId, 0, content('v1'));
    expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, status: 'DRAFT', currentDetails: { version: 1, locked: false } } });
    expect((await poster.next()).kind).toBe('DETAILS_SAVED');
    expect((await workerNotices.next()).value).toMatchObject({ userId: d.worker.user.id, notificationId: expect.any(String) });

    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    expect(await poster.next()).toMatchObject({ kind: 'SIGNED', contract: { workerSignedVersion: 1, employerSignedVersion: null } });
    expect((await worker.next()).kind).toBe('SIGNED');

    ok(await t.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: 1 } });
    expect(await worker.next()).toMatchObject({ kind: 'LOCKED', contract: { status: 'ACTIVE', currentDetails: { version: 1, locked: true } } });
    expect((await poster.next()).kind).toBe('SIGNED');
    expect((await poster.next()).kind).toBe('LOCKED');

    const changeOrderId = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Add a report', priceChangeCents: 500 } }, d.worker.token)).submitChangeOrder.id;
    expect(await poster.next()).toMatchObject({ kind: 'CHANGE_ORDER_SUBMITTED', changeOrder: { id: changeOrderId, status: 'PROPOSED' } });
    ok(await t.gql(ACCEPT, { id: changeOrderId }, d.poster.token));
    await worker.next(); // the submission
    expect(await worker.next()).toMatchObject({ kind: 'CHANGE_ORDER_ACCEPTED', changeOrder: { status: 'ACCEPTED' }, contract: { acceptedPriceChangeCents: 500 } });
    await workerNotices.return?.();
  });

  it('delivers across two server instances sharing Redis', async () => {
    const a = await startTestApp({ redis: true });
    const b = await startTestApp({ redis: true });
    try {
      const d = await deal(a);
      const contractId = await draft(d, a);
      // Subscribed on instance B, probed and mutated through instance A.
      const worker = await watch(b, d.worker.token, contractId, a);
      await save(d, contractId, 0, content('over redis'), a);
      expect(await worker.next()).toMatchObject({ kind: 'DETAILS_SAVED', contract: { id: contractId, currentDetails: { version: 1 } } });
      ok(await a.gql(SIGN, { contractId, version: 1 }, d.poster.token));
      expect(await worker.next()).toMatchObject({ kind: 'SIGNED', contract: { employerSignedVersion: 1 } });
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
      await a.stop();
      await b.stop();
    }
  });
});

// ---- races -------------------------------------------------------------------------------

describe('races', () => {
  it('never leaves a signature on a version other than the one signed while the poster saves (20 rounds)', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    let signaturesThatLanded = 0;
    for (let version = 1; version <= 20; version++) {
      const [saved, signed] = await Promise.all([
        t.gql(SAVE, { contractId, expectedVersion: version, input: content(`v${version + 1}`) }, d.poster.token),
        t.gql(SIGN, { contractId, version }, d.worker.token),
      ]);
      expect(ok(saved).updateContractDetails.currentDetails.version).toBe(version + 1);
      if (signed.errors) expect(codeOf(signed)).toBe('CONFLICT');
      else {
        signaturesThatLanded++;
        expect(signed.data.signContract.workerSignedVersion).toBe(version);
      }
      const contract = await contractOf(contractId, d.poster.token);
      expect(contract).toMatchObject({ status: 'DRAFT', workerSignedVersion: null, workerSignedAt: null, currentDetails: { version: version + 1 } });
    }
    // Each SIGNED event names the version that was current when it was written.
    const { events } = await contractOf(contractId, d.poster.token);
    let current = 0;
    for (const event of events) {
      if (event.kind === 'DETAILS_SAVED') current = event.version;
      if (event.kind === 'SIGNED') expect(event.version).toBe(current);
    }
    expect(events.filter((event: { kind: string }) => event.kind === 'SIGNED')).toHaveLength(signaturesThatLanded);
  });

  it('locks exactly once when both parties sign at the same moment (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const d = await deal();
      const contractId = await draft(d);
      await save(d, contractId, 0, content(`round ${round}`));
      const results = await Promise.all([t.gql(SIGN, { contractId, version: 1 }, d.poster.token), t.gql(SIGN, { contractId, version: 1 }, d.worker.token)]);
      results.forEach((result) => ok(result));
      const contract = await contractOf(contractId, d.poster.token);
      expect(contract).toMatchObject({ status: 'ACTIVE', employerSignedVersion: 1, workerSignedVersion: 1, currentDetails: { locked: true } });
      const kinds = contract.events.map((event: { kind: string }) => event.kind);
      expect(kinds.filter((kind: string) => kind === 'LOCKED')).toHaveLength(1);
      expect(kinds.filter((kind: string) => kind === 'SIGNED')).toHaveLength(2);
      expect(kinds.at(-1)).toBe('LOCKED');
    }
  });

  it('decides a change order exactly once when accept, reject and withdraw race (10 rounds)', async () => {
    const d = await deal();
    const contractId = await active(d);
    for (let round = 0; round < 10; round++) {
      const id = ok(await t.gql(SUBMIT, { contractId, changes: { description: `race ${round}`, priceChangeCents: 100 } }, d.worker.token)).submitChangeOrder.id;
      const results = await Promise.all([
        t.gql(ACCEPT, { id }, d.poster.token),
        t.gql(REJECT, { id, reason: 'too late' }, d.poster.token),
        t.gql(WITHDRAW, { id }, d.worker.token),
      ]);
      expect(results.filter((result) => !result.errors)).toHaveLength(1);
      expect(results.filter((result) => result.errors).map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
    }
    const contract = await contractOf(contractId, d.poster.token);
    const decisions = contract.events.filter((event: { kind: string }) => /^CHANGE_ORDER_(ACCEPTED|REJECTED|WITHDRAWN)$/.test(event.kind));
    expect(decisions).toHaveLength(10);
    const accepted = contract.changeOrders.filter((order: { status: string }) => order.status === 'ACCEPTED').length;
    expect(contract.acceptedPriceChangeCents).toBe(accepted * 100);
  });
});
