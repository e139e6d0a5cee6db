import { errorOf, ok } from '../../../test/harness';
import { codeOf } from '../../../test/expect';
import { toGlobalId } from '../../graphql/global-id';
import { ACCEPT, active, content, contractOf, deal, draft, notificationsOf, REJECT, save, SIGN, SUBMIT, t, WITHDRAW } from '../../../test/contracts';

// ---- change orders -----------------------------------------------------------------------

describe('change orders', () => {
  it('keeps running totals of accepted changes and records every decision', async () => {
    const d = await deal();
    const contractId = await active(d);
    const submit = async (changes: Record<string, unknown>) =>
      ok(await t.gql(SUBMIT, { contractId, changes }, d.worker.token)).submitChangeOrder;

    const raise = await submit({ description: 'Add a second payment provider', priceChangeCents: 50_000, scheduleChangeDays: 5 });
    expect(raise).toMatchObject({ status: 'PROPOSED', changes: 'Add a second payment provider', priceChangeCents: 50_000, scheduleChangeDays: 5, createdBy: { id: toGlobalId('User', d.worker.user.id) } });
    const accepted = ok(await t.gql(ACCEPT, { id: raise.id }, d.poster.token)).acceptChangeOrder;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', acceptedBy: { id: toGlobalId('User', d.poster.user.id) }, contract: { acceptedPriceChangeCents: 50_000, acceptedScheduleChangeDays: 5 } });
    expect(accepted.acceptedAt).toEqual(expect.any(String));

    const cut = await submit({ description: 'Drop the admin screen', priceChangeCents: -12_000, scheduleChangeDays: -2 });
    ok(await t.gql(ACCEPT, { id: cut.id }, d.poster.token));
    const rejected = await submit({ description: 'Double the rate', priceChangeCents: 400_000 });
    expect(ok(await t.gql(REJECT, { id: rejected.id, reason: ' Not in budget ' }, d.poster.token)).rejectChangeOrder).toMatchObject({
      status: 'REJECTED',
      reason: 'Not in budget',
      acceptedBy: null,
    });
    const withdrawn = await submit({ description: 'Rename the repo' });
    expect(ok(await t.gql(WITHDRAW, { id: withdrawn.id }, d.worker.token)).withdrawChangeOrder.status).toBe('WITHDRAWN');

    const contract = await contractOf(contractId, d.member.token);
    expect(contract).toMatchObject({ acceptedPriceChangeCents: 38_000, acceptedScheduleChangeDays: 3 });
    expect(contract.changeOrders.map((order: { status: string }) => order.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']);
    const trail = contract.events.filter((event: { kind: string }) => event.kind.startsWith('CHANGE_ORDER'));
    expect(trail.map((event: { kind: string; changeOrder: { id: string } }) => [event.kind, event.changeOrder.id])).toEqual([
      ['CHANGE_ORDER_SUBMITTED', raise.id],
      ['CHANGE_ORDER_ACCEPTED', raise.id],
      ['CHANGE_ORDER_SUBMITTED', cut.id],
      ['CHANGE_ORDER_ACCEPTED', cut.id],
      ['CHANGE_ORDER_SUBMITTED', rejected.id],
      ['CHANGE_ORDER_REJECTED', rejected.id],
      ['CHANGE_ORDER_SUBMITTED', withdrawn.id],
      ['CHANGE_ORDER_WITHDRAWN', withdrawn.id],
    ]);
    expect(trail[5].reason).toBe('Not in budget');
    expect(trail.every((event: { version: number; contentHash: string }) => event.version === 1 && event.contentHash === contract.currentDetails.contentHash)).toBe(true);

    const posterKinds = (await notificationsOf(d.poster.user.id)).map((n) => n.kind).filter((kind) => kind.startsWith('CHANGE_ORDER'));
    expect(posterKinds).toEqual(['CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_SUBMITTED', 'CHANGE_ORDER_WITHDRAWN']);
    const workerKinds = (await notificationsOf(d.worker.user.id)).map((n) => n.kind).filter((kind) => kind.startsWith('CHANGE_ORDER'));
    expect(workerKinds).toEqual(['CHANGE_ORDER_ACCEPTED', 'CHANGE_ORDER_ACCEPTED', 'CHANGE_ORDER_REJECTED']);
  });

  it('refuses change orders on a DRAFT contract and from anyone but the worker', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'Too early' } }, d.worker.token))).toBe('CONFLICT');
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'From the poster' } }, d.poster.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'From a member' } }, d.member.token))).toBe('FORBIDDEN');
    expect((await contractOf(contractId, d.poster.token)).changeOrders).toEqual([]);
  });

  it('validates the changes and the rejection reason, naming the field', async () => {
    const d = await deal();
    const contractId = await active(d);
    const blank = errorOf(await t.gql(SUBMIT, { contractId, changes: { description: '   ' } }, d.worker.token));
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { description: expect.any(String) } });
    const long = errorOf(await t.gql(SUBMIT, { contractId, changes: { description: 'x'.repeat(10_001) } }, d.worker.token));
    expect(long.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { description: expect.any(String) } });
    const huge = errorOf(await t.gql(SUBMIT, { contractId, changes: { description: 'x', priceChangeCents: 2_000_000_000 } }, d.worker.token));
    expect(huge.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { priceChangeCents: expect.any(String) } });
    const id = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Fine' } }, d.worker.token)).submitChangeOrder.id;
    const noReason = errorOf(await t.gql(REJECT, { id, reason: ' ' }, d.poster.token));
    expect(noReason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { reason: expect.any(String) } });
    expect((await contractOf(contractId, d.poster.token)).changeOrders).toMatchObject([{ status: 'PROPOSED' }]);
  });

  it('lets only the poster decide, never the author, and a decided change order never changes again', async () => {
    const d = await deal();
    const contractId = await active(d);
    const id = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'One more page' } }, d.worker.token)).submitChangeOrder.id;
    expect(codeOf(await t.gql(ACCEPT, { id }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REJECT, { id, reason: 'mine' }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ACCEPT, { id }, d.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { id }, d.poster.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { id }, d.member.token))).toBe('FORBIDDEN');

    ok(await t.gql(ACCEPT, { id }, d.poster.token));
    expect(codeOf(await t.gql(ACCEPT, { id }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(REJECT, { id, reason: 'changed my mind' }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(WITHDRAW, { id }, d.worker.token))).toBe('CONFLICT');

    const other = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Never mind' } }, d.worker.token)).submitChangeOrder.id;
    ok(await t.gql(WITHDRAW, { id: other }, d.worker.token));
    expect(codeOf(await t.gql(ACCEPT, { id: other }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(WITHDRAW, { id: other }, d.worker.token))).toBe('CONFLICT');

    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.changeOrders.map((order: { status: string }) => order.status)).toEqual(['ACCEPTED', 'WITHDRAWN']);
    expect(contract.events.filter((event: { kind: string }) => event.kind.startsWith('CHANGE_ORDER'))).toHaveLength(4);
  });
});
