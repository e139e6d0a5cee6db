import { errorOf, ok } from '../../../test/harness';
import { toGlobalId } from '../../graphql/global-id';
import { codeOf, expectBadFields } from '../../../test/expect';
import {
  active,
  CANCEL,
  COMPLETE,
  completed,
  content,
  contractOf,
  CREATE,
  deal,
  DECLINE_COMPLETION,
  draft,
  localId,
  notificationsOf,
  REQUEST_COMPLETION,
  save,
  SAVE,
  SIGN,
  SUBMIT,
  t,
  watch,
  ACCEPT,
} from '../../../test/contracts';

const kinds = (contract: { events: Array<{ kind: string }> }) => contract.events.map((event) => event.kind);

// ---- completion ----------------------------------------------------------------------------

describe('completion', () => {
  it('goes worker asks → poster declines → worker asks again → poster completes, each step in the trail, live and notified', async () => {
    const d = await deal();
    const contractId = await active(d);
    const posterWatch = await watch(t, d.poster.token, contractId);
    const workerWatch = await watch(t, d.worker.token, contractId);

    const asked = ok(await t.gql(REQUEST_COMPLETION, { contractId, note: 'Shipped the checkout service\nand its docs' }, d.worker.token)).requestContractCompletion;
    expect(asked).toMatchObject({ status: 'ACTIVE', completionNote: 'Shipped the checkout service\nand its docs', completedAt: null });
    expect(asked.completionRequestedAt).toEqual(expect.any(String));
    expect(await posterWatch.next()).toMatchObject({ kind: 'COMPLETION_REQUESTED', contract: { status: 'ACTIVE' } });
    expect((await workerWatch.next()).kind).toBe('COMPLETION_REQUESTED');

    const declined = ok(await t.gql(DECLINE_COMPLETION, { contractId, reason: 'The docs are missing the deploy steps' }, d.poster.token)).declineContractCompletion;
    expect(declined).toMatchObject({ status: 'ACTIVE', completionRequestedAt: null, completionNote: null });
    expect((await workerWatch.next()).kind).toBe('COMPLETION_DECLINED');

    ok(await t.gql(REQUEST_COMPLETION, { contractId, note: 'Deploy steps added' }, d.worker.token));
    const done = ok(await t.gql(COMPLETE, { contractId }, d.poster.token)).completeContract;
    expect(done).toMatchObject({ status: 'COMPLETED', completionRequestedAt: null, completionNote: null, cancelledAt: null, viewerCanReview: true });
    expect(Date.parse(done.reviewWindowClosesAt) - Date.parse(done.completedAt)).toBe(14 * 24 * 60 * 60 * 1000);
    await workerWatch.next(); // the second request
    expect(await workerWatch.next()).toMatchObject({ kind: 'COMPLETED', contract: { status: 'COMPLETED' } });

    const contract = await contractOf(contractId, d.member.token);
    expect(kinds(contract).slice(-4)).toEqual(['COMPLETION_REQUESTED', 'COMPLETION_DECLINED', 'COMPLETION_REQUESTED', 'COMPLETED']);
    const trail = contract.events.slice(-4);
    const notes = ok(await t.gql(`query ($id: ID!) { contract(id: $id) { events { kind note } } }`, { id: contractId }, d.worker.token)).contract.events;
    expect(notes.filter((event: { kind: string }) => event.kind === 'COMPLETION_REQUESTED').map((event: { note: string }) => event.note)).toEqual([
      'Shipped the checkout service\nand its docs',
      'Deploy steps added',
    ]);
    expect(trail[1]).toMatchObject({ reason: 'The docs are missing the deploy steps' });

    expect((await notificationsOf(d.poster.user.id)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['CONTRACT_COMPLETION_REQUESTED']),
    );
    const workerKinds = (await notificationsOf(d.worker.user.id)).map((n) => n.kind);
    expect(workerKinds).toEqual(expect.arrayContaining(['CONTRACT_COMPLETION_DECLINED', 'CONTRACT_COMPLETED']));
    expect((await notificationsOf(d.worker.user.id)).find((n) => n.kind === 'CONTRACT_COMPLETED')?.payload).toMatchObject({ contractId });
  });

  it('tells the worker why completion was declined, in the notification’s one-line sentence', async () => {
    const d = await deal();
    const contractId = await active(d);
    ok(await t.gql(REQUEST_COMPLETION, { contractId, note: 'Shipped' }, d.worker.token));
    ok(await t.gql(DECLINE_COMPLETION, { contractId, reason: 'The <b>deploy</b> steps\nare missing' }, d.poster.token));
    const declined = (await notificationsOf(d.worker.user.id)).find((n) => n.kind === 'CONTRACT_COMPLETION_DECLINED');
    // Stored as plain text (the web app and the mails escape it as they show it), on one line.
    expect(declined?.payload.summary).toBe('The contract was sent back to work instead of completed, because: “The <b>deploy</b> steps are missing”');
    ok(await t.gql(REQUEST_COMPLETION, { contractId, note: 'Shipped again' }, d.worker.token));
    ok(await t.gql(DECLINE_COMPLETION, { contractId, reason: 'x'.repeat(2_000) }, d.poster.token));
    const long = (await notificationsOf(d.worker.user.id)).filter((n) => n.kind === 'CONTRACT_COMPLETION_DECLINED').at(-1);
    expect(long?.payload.summary).toBe(`The contract was sent back to work instead of completed, because: “${'x'.repeat(199)}…”`);
  });

  it('lets the poster complete without a request, and withdraws change orders still proposed', async () => {
    const d = await deal();
    const contractId = await active(d);
    const proposed = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Add a refund flow', priceChangeCents: 500 } }, d.worker.token)).submitChangeOrder.id;
    const accepted = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'Add a report', priceChangeCents: 100 } }, d.worker.token)).submitChangeOrder.id;
    ok(await t.gql(ACCEPT, { id: accepted }, d.poster.token));

    expect(ok(await t.gql(COMPLETE, { contractId }, d.poster.token)).completeContract.status).toBe('COMPLETED');
    const contract = await contractOf(contractId, d.worker.token);
    expect(contract.changeOrders.map((order: { id: string; status: string }) => [order.id, order.status])).toEqual([
      [proposed, 'WITHDRAWN'],
      [accepted, 'ACCEPTED'],
    ]);
    expect(contract.acceptedPriceChangeCents).toBe(100);
    expect(kinds(contract).slice(-2)).toEqual(['CHANGE_ORDER_WITHDRAWN', 'COMPLETED']);
  });

  it('refuses each wrong step with its code and changes nothing', async () => {
    const d = await deal();
    const draftId = await draft(d);
    await save(d, draftId, 0, content('v1'));
    expect(codeOf(await t.gql(REQUEST_COMPLETION, { contractId: draftId, note: 'Done' }, d.worker.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(COMPLETE, { contractId: draftId }, d.poster.token))).toBe('CONFLICT');

    const mine = await deal();
    const contractId = await active(mine);
    const other = await deal();
    const otherId = await active(other);
    // Who may not: the poster asks, the worker completes or declines, members read only, strangers see nothing.
    expect(codeOf(await t.gql(REQUEST_COMPLETION, { contractId: otherId, note: 'Done' }, other.poster.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REQUEST_COMPLETION, { contractId: otherId, note: 'Done' }, other.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REQUEST_COMPLETION, { contractId: otherId, note: 'Done' }, other.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REQUEST_COMPLETION, { contractId: otherId, note: 'Done' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(COMPLETE, { contractId: otherId }, other.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(COMPLETE, { contractId: otherId }, other.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(COMPLETE, { contractId: otherId }, other.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(DECLINE_COMPLETION, { contractId: otherId, reason: 'No' }, other.poster.token))).toBe('CONFLICT'); // nothing asked
    ok(await t.gql(REQUEST_COMPLETION, { contractId: otherId, note: 'Done' }, other.worker.token));
    expect(codeOf(await t.gql(REQUEST_COMPLETION, { contractId: otherId, note: 'Done again' }, other.worker.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(DECLINE_COMPLETION, { contractId: otherId, reason: 'No' }, other.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(DECLINE_COMPLETION, { contractId: otherId, reason: 'No' }, other.member.token))).toBe('FORBIDDEN');

    // Bad input names the field; nothing is stored.
    expectBadFields(await t.gql(REQUEST_COMPLETION, { contractId, note: '   ' }, mine.worker.token), ['note']);
    expectBadFields(await t.gql(REQUEST_COMPLETION, { contractId, note: 'x'.repeat(2_001) }, mine.worker.token), ['note']);
    expectBadFields(await t.gql(REQUEST_COMPLETION, { contractId, note: 'bad\u0000byte' }, mine.worker.token), ['note']);
    expectBadFields(await t.gql(DECLINE_COMPLETION, { contractId: otherId, reason: '\u200b' }, other.poster.token), ['reason']);
    expectBadFields(await t.gql(COMPLETE, { contractId: 'not-an-id' }, mine.poster.token), ['contractId']);
    expect((await contractOf(contractId, mine.poster.token)).completionRequestedAt).toBeNull();
    expect((await contractOf(otherId, other.poster.token)).completionNote).toBe('Done');
  });
});

// ---- cancellation --------------------------------------------------------------------------

describe('cancellation', () => {
  it('lets either party cancel a DRAFT or an ACTIVE contract with a reason, told live and by notification', async () => {
    const d = await deal();
    const draftId = await draft(d);
    const cancelledDraft = ok(await t.gql(CANCEL, { contractId: draftId, reason: 'We found someone in-house' }, d.poster.token)).cancelContract;
    expect(cancelledDraft).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'We found someone in-house',
      cancelledBy: { id: expect.any(String) },
      completedAt: null,
      reviewWindowClosesAt: null, // never signed: no reviews
      viewerCanReview: false,
    });
    expect(cancelledDraft.cancelledAt).toEqual(expect.any(String));

    const other = await deal();
    const activeId = await active(other);
    const posterWatch = await watch(t, other.poster.token, activeId);
    const cancelled = ok(await t.gql(CANCEL, { contractId: activeId, reason: 'I am ill and cannot finish' }, other.worker.token)).cancelContract;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', viewerCanReview: true });
    expect(Date.parse(cancelled.reviewWindowClosesAt) - Date.parse(cancelled.cancelledAt)).toBe(14 * 24 * 60 * 60 * 1000);
    expect(await posterWatch.next()).toMatchObject({ kind: 'CANCELLED', contract: { status: 'CANCELLED' } });
    const contract = await contractOf(activeId, other.poster.token);
    expect(contract.events.at(-1)).toMatchObject({ kind: 'CANCELLED', reason: 'I am ill and cannot finish' });
    expect((await notificationsOf(other.poster.user.id)).at(-1)).toMatchObject({ kind: 'CONTRACT_CANCELLED', payload: { contractId: activeId } });
  });

  it('refuses members, strangers, a blank reason and an ended contract', async () => {
    const d = await deal();
    const contractId = await active(d);
    expect(codeOf(await t.gql(CANCEL, { contractId, reason: 'No' }, d.member.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CANCEL, { contractId, reason: 'No' }, d.stranger.token))).toBe('NOT_FOUND');
    expectBadFields(await t.gql(CANCEL, { contractId, reason: ' \n ' }, d.poster.token), ['reason']);
    expect((await contractOf(contractId, d.poster.token)).status).toBe('ACTIVE');
    ok(await t.gql(COMPLETE, { contractId }, d.poster.token));
    const refused = errorOf(await t.gql(CANCEL, { contractId, reason: 'Too late' }, d.worker.token));
    expect(refused).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('completed') });
  });
});

describe('a new contract after a cancelled one', () => {
  it('may start in the same conversation once the last one is cancelled, and the conversation shows the live one', async () => {
    const d = await deal();
    const conversationId = toGlobalId('Conversation', d.conversationId);
    const CONVERSATION_CONTRACT = `query { conversations(first: 5) { edges { node { id contract { id status } } } } }`;
    const contractOfConversation = async () => {
      const edges = ok(await t.gql(CONVERSATION_CONTRACT, {}, d.worker.token)).conversations.edges;
      return edges.find((edge: { node: { id: string } }) => edge.node.id === conversationId).node.contract;
    };

    const firstId = await draft(d);
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.poster.token))).toBe('CONFLICT');
    ok(await t.gql(CANCEL, { contractId: firstId, reason: 'Wrong scope' }, d.poster.token));
    expect(await contractOfConversation()).toEqual({ id: firstId, status: 'CANCELLED' });

    const second = ok(await t.gql(CREATE, { conversationId }, d.poster.token)).createContract;
    expect(second).toMatchObject({ status: 'DRAFT' });
    expect(second.id).not.toBe(firstId);
    expect(await contractOfConversation()).toEqual({ id: second.id, status: 'DRAFT' });
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.poster.token))).toBe('CONFLICT');
    expect((await contractOf(firstId, d.poster.token)).status).toBe('CANCELLED');
  });

  it('lets one of two concurrent creates win and answers CONFLICT to the other', async () => {
    const d = await deal();
    const conversationId = toGlobalId('Conversation', d.conversationId);
    ok(await t.gql(CANCEL, { contractId: await draft(d), reason: 'Start over' }, d.poster.token));
    const results = await Promise.all([0, 1, 2].map(() => t.gql(CREATE, { conversationId }, d.poster.token)));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => result.errors).map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
  });

  it('is refused by the database too: two contracts not cancelled in one conversation', async () => {
    const d = await deal();
    const id = localId(await draft(d));
    await expect(
      t.app.deps.ds.query(
        `INSERT INTO contracts (listing_id, conversation_id, employer_id, employer_user_id, worker_user_id)
         SELECT listing_id, conversation_id, employer_id, employer_user_id, worker_user_id FROM contracts WHERE id = $1`,
        [id],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

// ---- final ---------------------------------------------------------------------------------

describe('an ended contract never changes again', () => {
  it('refuses every contract mutation on COMPLETED and CANCELLED contracts with CONFLICT, each by the ended-contract guard', async () => {
    const d = await deal();
    const done = await completed(d);
    const d2 = await deal();
    const cancelledId = await draft(d2);
    await save(d2, cancelledId, 0, content('v1'));
    ok(await t.gql(SIGN, { contractId: cancelledId, version: 1 }, d2.worker.token));
    ok(await t.gql(CANCEL, { contractId: cancelledId, reason: 'Changed plans' }, d2.worker.token));

    // Each attempt would pass every other check (the current version, a signature not yet given
    // on the cancelled draft), so only the guard can refuse it, and its message says so.
    const cases = [
      [d, done, 2, 'completed'],
      [d2, cancelledId, 1, 'cancelled'],
    ] as const;
    for (const [deal_, contractId, unsignedVersion, status] of cases) {
      const before = await contractOf(contractId, deal_.poster.token);
      const attempts = [
        t.gql(SAVE, { contractId, expectedVersion: 1, input: content('late') }, deal_.poster.token),
        t.gql(SIGN, { contractId, version: unsignedVersion }, deal_.poster.token),
        t.gql(SUBMIT, { contractId, changes: { description: 'More work' } }, deal_.worker.token),
        t.gql(REQUEST_COMPLETION, { contractId, note: 'Done' }, deal_.worker.token),
        t.gql(COMPLETE, { contractId }, deal_.poster.token),
        t.gql(DECLINE_COMPLETION, { contractId, reason: 'No' }, deal_.poster.token),
        t.gql(CANCEL, { contractId, reason: 'No' }, deal_.poster.token),
        t.gql(CANCEL, { contractId, reason: 'No' }, deal_.worker.token),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(codeOf(response)).toBe('CONFLICT');
        expect(errorOf(response).message).toBe(`The contract is ${status}: it can no longer change`);
      }
      expect(await contractOf(contractId, deal_.poster.token)).toEqual(before);
    }
  });

  it('is refused by the database too: no UPDATE or DELETE of the contract, its details or change orders', async () => {
    const d = await deal();
    const contractId = localId(await completed(d));
    const ds = t.app.deps.ds;
    const statements: Array<[string, unknown[]]> = [
      [`UPDATE contracts SET status = 'ACTIVE', completed_at = NULL WHERE id = $1`, [contractId]],
      [`UPDATE contracts SET completion_note = 'x', completion_requested_at = now() WHERE id = $1`, [contractId]],
      [`DELETE FROM contracts WHERE id = $1`, [contractId]],
      [`INSERT INTO change_orders (contract_id, changes, created_by_id) VALUES ($1, 'late', $2)`, [contractId, d.worker.user.id]],
      [
        `INSERT INTO contract_details (contract_id, version, created_by_id, content_hash) VALUES ($1, 99, $2, 'x')`,
        [contractId, d.poster.user.id],
      ],
      [`UPDATE contract_details SET locked = false WHERE contract_id = $1`, [contractId]],
    ];
    for (const [sql, params] of statements) {
      await expect(ds.query(sql, params)).rejects.toMatchObject({ code: '23000' });
    }
    const [row] = await ds.query(`SELECT status, completed_at IS NOT NULL AS done FROM contracts WHERE id = $1`, [contractId]);
    expect(row).toEqual({ status: 'COMPLETED', done: true });
  });

  it('refuses inconsistent end columns in the database (checks)', async () => {
    const d = await deal();
    const contractId = localId(await active(d));
    await expect(t.app.deps.ds.query(`UPDATE contracts SET status = 'COMPLETED' WHERE id = $1`, [contractId])).rejects.toMatchObject({ code: '23514' });
    await expect(t.app.deps.ds.query(`UPDATE contracts SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1`, [contractId])).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('lets exactly one of a concurrent complete and cancel win', async () => {
    for (let round = 0; round < 5; round++) {
      const d = await deal();
      const contractId = await active(d);
      const [completedResponse, cancelledResponse] = await Promise.all([
        t.gql(COMPLETE, { contractId }, d.poster.token),
        t.gql(CANCEL, { contractId, reason: 'Racing' }, d.worker.token),
      ]);
      const winners = [completedResponse, cancelledResponse].filter((response) => !response.errors);
      expect(winners).toHaveLength(1);
      const loser = [completedResponse, cancelledResponse].find((response) => response.errors)!;
      expect(codeOf(loser)).toBe('CONFLICT');
      const contract = await contractOf(contractId, d.poster.token);
      expect(kinds(contract).filter((kind) => kind === 'COMPLETED' || kind === 'CANCELLED')).toEqual([contract.status]);
    }
  });
});
