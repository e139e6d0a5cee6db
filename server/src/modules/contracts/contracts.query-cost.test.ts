import { ok } from '../../../test/harness';
import { buildConversation, buildUser } from '../../../test/factories';
import { webAppOperation } from '../../../test/web-app';
import { active, content, CONTRACTS, deal, type Deal, draft, save, SIGN, SUBMIT, t, WITHDRAW } from '../../../test/contracts';

/** Statements of one request as `token`. */
async function statements(query: string, variables: Record<string, unknown>, token: string): Promise<number> {
  t.sql.reset();
  ok(await t.gql(query, variables, token));
  return t.sql.count;
}

describe('query cost', () => {
  it('lists contracts with their relations in a constant number of statements', async () => {
    const d = await deal();
    const LIST = `{ contracts { id listing { id } employer { id } employerUser { profile { displayName } } worker { id }
      currentDetails { version createdBy { id } } versions { version } changeOrders { id } events { kind actor { id } } acceptedPriceChangeCents viewerRole } }`;
    await active(d);
    const forOne = await statements(LIST, {}, d.poster.token);
    for (let i = 0; i < 3; i++) {
      const conversation = await buildConversation(t.app, d.listing, (await buildUser(t.app)).user);
      const contractId = await draft({ ...d, conversationId: conversation.id });
      await save(d, contractId, 0, content(`extra ${i}`));
    }
    expect(ok(await t.gql(CONTRACTS, {}, d.poster.token)).contracts).toHaveLength(4);
    expect(await statements(LIST, {}, d.poster.token)).toBe(forOne);
  });

  /** An ACTIVE contract with `n` versions of its details and `n` change orders (each submitted and withdrawn). */
  async function contractWith(n: number): Promise<{ d: Deal; contractId: string }> {
    const d = await deal();
    const contractId = await draft(d);
    for (let version = 0; version < n; version++) await save(d, contractId, version, content(`v${version + 1}`));
    ok(await t.gql(SIGN, { contractId, version: n }, d.worker.token));
    ok(await t.gql(SIGN, { contractId, version: n }, d.poster.token));
    for (let i = 0; i < n; i++) {
      const order = ok(await t.gql(SUBMIT, { contractId, changes: { description: `Change ${i}`, priceChangeCents: 100 } }, d.worker.token)).submitChangeOrder;
      ok(await t.gql(WITHDRAW, { id: order.id }, d.worker.token));
    }
    return { d, contractId };
  }

  it('answers the web app’s contract page in the same few statements for 2 versions and change orders as for 20', async () => {
    const PAGE = webAppOperation('ContractPageDocument');
    const small = await contractWith(2);
    const large = await contractWith(20);
    const page = async ({ d, contractId }: { d: Deal; contractId: string }) => {
      const contract = ok(await t.gql(PAGE, { id: contractId }, d.worker.token)).contract;
      return { versions: contract.versions.length, changeOrders: contract.changeOrders.length, count: await statements(PAGE, { id: contractId }, d.worker.token) };
    };
    const forSmall = await page(small);
    const forLarge = await page(large);
    expect(forSmall).toMatchObject({ versions: 2, changeOrders: 2 });
    expect(forLarge).toMatchObject({ versions: 20, changeOrders: 20 });
    expect(forLarge.count).toBe(forSmall.count);
    // Ten for the contract and its lists, and one for the freelancer's reputation beside their name.
    expect(forLarge.count).toBeLessThanOrEqual(11);
  });
});
