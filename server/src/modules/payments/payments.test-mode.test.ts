import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../graphql/global-id';
import { errorOf, ok, useTestApp } from '../../../test/harness';
import { buildCredits, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { employerGid } from '../../../test/ids';
import { CONFIRM, creditCount, LEDGER, localIdOf, paymentRows, poster, PUBLIC_URL, START } from '../../../test/payments';

describe('test mode (no Stripe key)', () => {
  const t = useTestApp({ env: { PUBLIC_URL } });

  it('records a pending payment and points at the test checkout page; confirming grants the credits once', async () => {
    const { token, employer } = await poster(t);
    const started = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 5 }, token)).startCreditCheckout;
    expect(started.url).toBe(`${PUBLIC_URL}/checkout/test?payment=${started.id}`);
    expect(started.payment).toEqual({ id: started.id, status: 'PENDING', quantity: 5, amountCents: 12_500, currency: 'usd', provider: 'TEST', paidAt: null });
    expect(await paymentRows(t, employer)).toEqual([expect.objectContaining({ id: localIdOf(started.id), status: 'PENDING', provider: 'test' })]);
    expect(ok(await t.gql(LEDGER, { id: employerGid(employer) }, token)).employer.credits).toBe(0);

    const confirmed = ok(await t.gql(CONFIRM, { id: started.id }, token)).confirmTestCheckout;
    expect(confirmed).toMatchObject({ id: started.id, status: 'PAID', quantity: 5, employer: { id: employerGid(employer) } });
    expect(confirmed.paidAt).toEqual(expect.any(String));
    expect(ok(await t.gql(LEDGER, { id: employerGid(employer) }, token)).employer.credits).toBe(5);

    const again = ok(await t.gql(CONFIRM, { id: started.id }, token)).confirmTestCheckout;
    expect(again).toMatchObject({ status: 'PAID', paidAt: confirmed.paidAt });
    expect(ok(await t.gql(LEDGER, { id: employerGid(employer) }, token)).employer.credits).toBe(5);
    expect(await creditCount(t, employer)).toBe(5);
  });

  it('grants once when the same checkout is confirmed many times at once', async () => {
    const { token, employer } = await poster(t);
    const { id } = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 3 }, token)).startCreditCheckout;
    const results = await Promise.all(Array.from({ length: 6 }, () => t.gql(CONFIRM, { id }, token)));
    for (const result of results) expect(ok(result).confirmTestCheckout.status).toBe('PAID');
    expect(await creditCount(t, employer)).toBe(3);
  });

  it('lets any member buy and confirm, not only the owner', async () => {
    const owner = await buildUser(t.app);
    const member = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user, { members: [{ user: member.user }] });
    const { id } = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 1 }, member.token)).startCreditCheckout;
    ok(await t.gql(CONFIRM, { id }, owner.token));
    expect(ok(await t.gql(LEDGER, { id: employerGid(employer) }, member.token)).employer.credits).toBe(1);
  });

  it.each([0, 51, -3])('refuses quantity %i with a field error and stores nothing', async (quantity) => {
    const { token, employer } = await poster(t);
    const error = errorOf(await t.gql(START, { employerId: employerGid(employer), quantity }, token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { quantity: 'must be a whole number from 1 to 50' } });
    expect(await paymentRows(t, employer)).toEqual([]);
  });

  it('names a malformed employer id and answers NOT_FOUND for an unknown one', async () => {
    const { token } = await buildUser(t.app);
    const malformed = errorOf(await t.gql(START, { employerId: 'nope', quantity: 1 }, token));
    expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { employerId: expect.any(String) } });
    const unknown = errorOf(await t.gql(START, { employerId: toGlobalId('Employer', randomUUID()), quantity: 1 }, token));
    expect(unknown.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps strangers out: no buying, no confirming, no reading credits or the ledger', async () => {
    const { token, employer } = await poster(t);
    const stranger = await buildUser(t.app);
    const { id } = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 2 }, token)).startCreditCheckout;

    // The employer is public, so refusing to sell its credits reveals nothing.
    const buy = errorOf(await t.gql(START, { employerId: employerGid(employer), quantity: 1 }, stranger.token));
    expect(buy.extensions?.code).toBe('FORBIDDEN');
    // A payment is not: another employer's payment answers exactly like an unknown one.
    const confirm = errorOf(await t.gql(CONFIRM, { id }, stranger.token));
    const unknown = errorOf(await t.gql(CONFIRM, { id: toGlobalId('Payment', randomUUID()) }, stranger.token));
    expect(confirm).toEqual(unknown);
    expect(confirm.extensions?.code).toBe('NOT_FOUND');
    const otherPoster = await poster(t);
    expect(errorOf(await t.gql(CONFIRM, { id }, otherPoster.token))).toEqual(unknown);
    expect(await paymentRows(t, employer)).toEqual([expect.objectContaining({ id: localIdOf(id), status: 'PENDING' })]);
    expect(await creditCount(t, employer)).toBe(0);

    expect(ok(await t.gql(LEDGER, { id: employerGid(employer) }, stranger.token)).employer).toEqual({ credits: null, creditLedger: null });
    expect(ok(await t.gql('query ($id: ID!) { node(id: $id) { id } }', { id }, stranger.token)).node).toBeNull();
    expect(ok(await t.gql('query ($id: ID!) { node(id: $id) { ... on Payment { status } } }', { id }, token)).node).toEqual({ status: 'PENDING' });
    expect(ok(await t.gql('query ($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Payment', 'not-a-uuid') }, token)).node).toBeNull();
  });

  it('needs a session to buy or confirm, and shows anonymous readers nothing', async () => {
    const { token, employer } = await poster(t);
    const { id } = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 1 }, token)).startCreditCheckout;
    expect(errorOf(await t.gql(START, { employerId: employerGid(employer), quantity: 1 })).extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await t.gql(CONFIRM, { id })).extensions?.code).toBe('UNAUTHENTICATED');
    expect(ok(await t.gql(LEDGER, { id: employerGid(employer) })).employer).toEqual({ credits: null, creditLedger: null });
    expect(await paymentRows(t, employer)).toHaveLength(1);
  });

  it('lists purchases and spends in the ledger', async () => {
    const { user, token, employer } = await poster(t);
    const bought = await buildCredits(t.app, employer, user, 2);
    const { id: pendingId } = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 10 }, token)).startCreditCheckout;
    const listing = await buildListing(t.app, employer, user);
    await t.app.deps.ds.transaction((manager) => t.app.deps.services.credits.spendOne(manager, employer.id, listing.id));

    const { credits, creditLedger } = ok(await t.gql(LEDGER, { id: employerGid(employer) }, token)).employer;
    expect(credits).toBe(1);
    expect(creditLedger.purchases).toEqual([
      expect.objectContaining({ id: pendingId, quantity: 10, amountCents: 25_000, status: 'PENDING', paidAt: null }),
      expect.objectContaining({ id: toGlobalId('Payment', bought.id), quantity: 2, amountCents: 5_000, currency: 'usd', status: 'PAID' }),
    ]);
    expect(creditLedger.spends).toEqual([
      { listingId: toGlobalId('Listing', listing.id), spentAt: expect.any(String), listing: { id: toGlobalId('Listing', listing.id), title: listing.title, status: 'PUBLISHED' } },
    ]);
  });

  it('reads credits and ledgers of many employers in a constant number of statements', async () => {
    const { user, token } = await buildUser(t.app);
    const query = `{ me { employers { credits creditLedger { purchases { id status } spends { listingId listing { title } } } } } }`;
    const countFor = async () => {
      t.sql.reset();
      ok(await t.gql(query, {}, token));
      // The session is left out: once confirmed, it is answered from the instance's cache (accounts/session-cache.ts).
      return t.sql.statements.filter((sql) => !/\bFROM sessions\b/.test(sql)).length;
    };
    const employerWithSpend = async () => {
      const employer = await buildEmployer(t.app, user);
      await buildCredits(t.app, employer, user, 2);
      const listing = await buildListing(t.app, employer, user);
      await t.app.deps.ds.transaction((manager) => t.app.deps.services.credits.spendOne(manager, employer.id, listing.id));
    };
    await employerWithSpend();
    const one = await countFor();
    for (let i = 0; i < 4; i += 1) await employerWithSpend();
    const many = ok(await t.gql(query, {}, token)).me.employers;
    expect(many).toHaveLength(5);
    expect(await countFor()).toBe(one);
  });

  it('tells the web app the price and the mode', async () => {
    expect(ok(await t.gql('{ creditPricing { unitAmountCents currency minQuantity maxQuantity mode } }')).creditPricing).toEqual({
      unitAmountCents: 2500,
      currency: 'usd',
      minQuantity: 1,
      maxQuantity: 50,
      mode: 'TEST',
    });
  });

  it('has no webhook endpoint without Stripe', async () => {
    const response = await fetch(`${t.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });

  describe('with NODE_ENV=production', () => {
    const prod = useTestApp({ env: { NODE_ENV: 'production', LOG_LEVEL: 'silent', PUBLIC_URL } });

    it('refuses test checkouts and their confirmation', async () => {
      const { token, employer } = await poster(t);
      const { id } = ok(await t.gql(START, { employerId: employerGid(employer), quantity: 2 }, token)).startCreditCheckout;

      const start = errorOf(await prod.gql(START, { employerId: employerGid(employer), quantity: 2 }, token));
      expect(start).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('production') });
      const confirm = errorOf(await prod.gql(CONFIRM, { id }, token));
      expect(confirm).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('production') });
      expect(await paymentRows(t, employer)).toEqual([expect.objectContaining({ status: 'PENDING' })]);
      expect(await creditCount(t, employer)).toBe(0);
    });
  });
});
