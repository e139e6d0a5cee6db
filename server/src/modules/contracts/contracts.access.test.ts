import { randomUUID } from 'node:crypto';
import { errorOf, ok } from '../../../test/harness';
import { codeOf } from '../../../test/expect';
import { toGlobalId } from '../../graphql/global-id';
import { ACCEPT, active, content, CONTRACT, contractOf, CONTRACTS, CREATE, deal, draft, NODE, refusedSubscription, REJECT, SAVE, save, SIGN, SUBMIT, t, watch, WITHDRAW } from '../../../test/contracts';

// ---- refusals ----------------------------------------------------------------------------

describe('refusals', () => {
  it('refuses a stale expectedVersion with CONFLICT and keeps the newer version', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('first'));
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('stale') }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 5, input: content('ahead') }, d.poster.token))).toBe('CONFLICT');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.versions).toHaveLength(1);
    expect(contract.currentDetails.descriptionOfServices).toContain('first');
  });

  it('names a section over 20,000 characters and a negative expectedVersion, and saves nothing', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const tooLong = errorOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('x', { deliverables: 'x'.repeat(20_001) }) }, d.poster.token));
    expect(tooLong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { deliverables: expect.any(String) } });
    expect(Object.keys(tooLong.extensions?.fields ?? {})).toEqual(['deliverables']);
    const negative = errorOf(await t.gql(SAVE, { contractId, expectedVersion: -1, input: content('x') }, d.poster.token));
    expect(negative.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { expectedVersion: expect.any(String) } });
    expect(await save(d, contractId, 0, content('ok', { deliverables: '\u{1F600}'.repeat(20_000) }))).toMatchObject({ currentDetails: { version: 1 } });
    expect((await contractOf(contractId, d.poster.token)).events.map((event: { kind: string }) => event.kind)).toEqual(['CREATED', 'DETAILS_SAVED']);
  });

  it('refuses to sign a superseded, incomplete or missing version with CONFLICT', async () => {
    const d = await deal();
    const contractId = await draft(d);
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token))).toBe('CONFLICT');
    await save(d, contractId, 0, content('v1'));
    await save(d, contractId, 1, content('v2'));
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token))).toBe('CONFLICT');
    await save(d, contractId, 2, content('v3', { pricingAndRates: '   ' }));
    expect(codeOf(await t.gql(SIGN, { contractId, version: 2 }, d.worker.token))).toBe('CONFLICT');
    const incomplete = errorOf(await t.gql(SIGN, { contractId, version: 3 }, d.poster.token));
    expect(incomplete.extensions?.code).toBe('CONFLICT');
    expect(incomplete.message).toContain('pricingAndRates');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract).toMatchObject({ employerSignedVersion: null, workerSignedVersion: null });
  });

  it('refuses any edit after the contract locks, and the worker and members never edit', async () => {
    const d = await deal();
    const contractId = await draft(d);
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('w') }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('m') }, d.member.token))).toBe('FORBIDDEN');
    await save(d, contractId, 0, content('v1'));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.poster.token));
    ok(await t.gql(SIGN, { contractId, version: 1 }, d.worker.token));
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 1, input: content('late') }, d.poster.token))).toBe('CONFLICT');
    expect(codeOf(await t.gql(SIGN, { contractId, version: 2 }, d.poster.token))).toBe('CONFLICT');
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.versions).toHaveLength(1);
    expect(contract.currentDetails).toMatchObject({ version: 1, locked: true });
  });

  it('lets other members of the employer read but not sign', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await save(d, contractId, 0, content('v1'));
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, d.member.token))).toBe('FORBIDDEN');
    const contract = await contractOf(contractId, d.member.token);
    expect(contract).toMatchObject({ viewerRole: 'READER', employerSignedVersion: null, workerSignedVersion: null });
  });

  it('creates one contract per conversation, by its poster only', async () => {
    const d = await deal();
    const conversationId = toGlobalId('Conversation', d.conversationId);
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.worker.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.member.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CREATE, { conversationId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CREATE, { conversationId: toGlobalId('Contract', d.conversationId) }, d.poster.token))).toBe('BAD_USER_INPUT');
    ok(await t.gql(CREATE, { conversationId }, d.poster.token));
    expect(codeOf(await t.gql(CREATE, { conversationId }, d.poster.token))).toBe('CONFLICT');
  });

  it('creates exactly one contract when the poster creates twice at once', async () => {
    for (let round = 0; round < 5; round++) {
      const d = await deal();
      const conversationId = toGlobalId('Conversation', d.conversationId);
      const results = await Promise.all([1, 2, 3].map(() => t.gql(CREATE, { conversationId }, d.poster.token)));
      expect(results.filter((result) => !result.errors).length).toBe(1);
      expect(results.filter((result) => result.errors).map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
    }
  });

  it('refuses a poster who has left the employer', async () => {
    const d = await deal();
    const contractId = await draft(d);
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [d.employerId, d.poster.user.id]);
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 0, input: content('gone') }, d.poster.token))).toBe('FORBIDDEN');
    const other = await deal();
    await t.app.deps.ds.query('DELETE FROM employer_members WHERE employer_id = $1 AND user_id = $2', [other.employerId, other.poster.user.id]);
    expect(codeOf(await t.gql(CREATE, { conversationId: toGlobalId('Conversation', other.conversationId) }, other.poster.token))).toBe('FORBIDDEN');
  });
});

// ---- authorization -----------------------------------------------------------------------

describe('authorization', () => {
  it('shows a contract to the parties and employer members, and to nobody else', async () => {
    const d = await deal();
    const contractId = await draft(d);
    expect((await contractOf(contractId, d.poster.token)).viewerRole).toBe('EMPLOYER');
    expect((await contractOf(contractId, d.worker.token)).viewerRole).toBe('WORKER');
    expect((await contractOf(contractId, d.member.token)).viewerRole).toBe('READER');
    expect(codeOf(await t.gql(CONTRACT, { id: contractId }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CONTRACT, { id: toGlobalId('Contract', randomUUID()) }, d.stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CONTRACT, { id: contractId }))).toBe('UNAUTHENTICATED');

    for (const who of [d.poster, d.worker, d.member]) {
      expect(ok(await t.gql(CONTRACTS, {}, who.token)).contracts.map((c: { id: string }) => c.id)).toContain(contractId);
      expect(ok(await t.gql(NODE, { id: contractId }, who.token)).node).toEqual({ id: contractId });
    }
    expect(ok(await t.gql(CONTRACTS, {}, d.stranger.token)).contracts).toEqual([]);
    expect(ok(await t.gql(NODE, { id: contractId }, d.stranger.token)).node).toBeNull();
  });

  it('links the conversation and its contract both ways, and keeps the chat from other members', async () => {
    const d = await deal();
    const conversationId = toGlobalId('Conversation', d.conversationId);
    const LINKS = `query ($contract: ID!, $conversation: ID!) {
      contract(id: $contract) { conversation { id } }
      conversation(id: $conversation) { contract { id } } }`;
    const CONVERSATION = `query ($id: ID!) { conversation(id: $id) { contract { id } } }`;
    expect(ok(await t.gql(CONVERSATION, { id: conversationId }, d.worker.token)).conversation.contract).toBeNull();
    const contractId = await draft(d);
    for (const party of [d.poster, d.worker]) {
      expect(ok(await t.gql(LINKS, { contract: contractId, conversation: conversationId }, party.token))).toEqual({
        contract: { conversation: { id: conversationId } },
        conversation: { contract: { id: contractId } },
      });
    }
    expect(ok(await t.gql(`query ($id: ID!) { contract(id: $id) { conversation { id } } }`, { id: contractId }, d.member.token)).contract.conversation).toBeNull();
  });

  it('answers strangers NOT_FOUND for every mutation and changes nothing', async () => {
    const d = await deal();
    const contractId = await active(d);
    const changeOrderId = ok(await t.gql(SUBMIT, { contractId, changes: { description: 'More tests' } }, d.worker.token)).submitChangeOrder.id;
    const { token } = d.stranger;
    expect(codeOf(await t.gql(SAVE, { contractId, expectedVersion: 1, input: content('x') }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SIGN, { contractId, version: 1 }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SUBMIT, { contractId, changes: { description: 'x' } }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ACCEPT, { id: changeOrderId }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REJECT, { id: changeOrderId, reason: 'no' }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(WITHDRAW, { id: changeOrderId }, token))).toBe('NOT_FOUND');
    expect(ok(await t.gql(NODE, { id: changeOrderId }, token)).node).toBeNull();
    expect(ok(await t.gql(NODE, { id: changeOrderId }, d.member.token)).node).toEqual({ id: changeOrderId });
    const contract = await contractOf(contractId, d.poster.token);
    expect(contract.changeOrders).toMatchObject([{ status: 'PROPOSED' }]);
  });

  it('lets the parties and members subscribe, and refuses strangers and anonymous sockets', async () => {
    const d = await deal();
    const contractId = await draft(d);
    for (const who of [d.poster, d.worker, d.member]) {
      const live = await watch(t, who.token, contractId);
      live.dispose();
    }
    const [strangerError] = await refusedSubscription(t, d.stranger.token, contractId);
    expect(strangerError.extensions?.code).toBe('NOT_FOUND');
    const [anonymousError] = await refusedSubscription(t, undefined, contractId);
    expect(anonymousError.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ends the live events of a member removed from the employer with NOT_FOUND, and of nobody else', async () => {
    const d = await deal();
    const contractId = await draft(d);
    const member = await watch(t, d.member.token, contractId);
    const worker = await watch(t, d.worker.token, contractId);
    const poster = await watch(t, d.poster.token, contractId);

    const REMOVE = `mutation ($employerId: ID!, $userId: ID!) { removeEmployerMember(employerId: $employerId, userId: $userId) { id } }`;
    ok(await t.gql(REMOVE, { employerId: toGlobalId('Employer', d.employerId), userId: toGlobalId('User', d.member.user.id) }, d.poster.token));
    expect(await member.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    await save(d, contractId, 0, content('after the member left'));
    expect((await worker.next()).contract.currentDetails.version).toBe(1);
    expect((await poster.next()).contract.currentDetails.version).toBe(1);
  });
});
