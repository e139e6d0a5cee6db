import { randomUUID } from 'node:crypto';
import { errorOf, ok } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { employerGid, listingGid } from '../../../test/ids';
import { poster, publishedListings, t, uniqueWord, type Poster } from '../../../test/catalog';
import type { ListingTerms } from '../listings/listing-terms';
import { EXACT_COUNT_LIMIT, SAMPLE_SHARE } from './catalog.service';

const QUERY = `query ($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {
  listings(filter: $filter, first: $first, after: $after, sort: $sort) {
    edges { cursor node { id title budget { kind minCents maxCents currency } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

const FACETS = `query ($filter: ListingFilter) {
  listings(filter: $filter, first: 1) {
    totalCount
    facets {
      remote { count approximate }
      budget { currency approximate bands { kind minCents maxCents count } }
    }
  }
}`;

const fixed = (minCents: number, maxCents: number, currency = 'USD'): Partial<ListingTerms> => ({ budget: { kind: 'FIXED', minCents, maxCents, currency } });
const hourly = (minCents: number, maxCents: number, currency = 'USD'): Partial<ListingTerms> => ({ budget: { kind: 'HOURLY', minCents, maxCents, currency } });
const onsite: Partial<ListingTerms> = { location: { kind: 'ONSITE', city: 'Madrid', countryCode: 'ES', timeZoneWindow: null } };

/** An id in the catalogue's 1% sample (first 16 bits below 655). */
const sampledId = () => `0000${randomUUID().slice(4)}`;

interface Gig {
  name: string;
  terms: Partial<ListingTerms>;
}

/** Published gigs of a new employer, named by title, newest first in the order given. */
async function gigs(specs: Gig[], ids: Array<string | undefined> = []): Promise<{ owner: Poster; scope: { employerId: string }; byTitle: Map<string, string> }> {
  const owner = await poster();
  const listings = await publishedListings(
    owner,
    specs.map((spec, index) => ({ title: `${spec.name} gig`, terms: spec.terms, ...(ids[index] ? { id: ids[index] } : {}) })),
  );
  return { owner, scope: { employerId: employerGid(owner.employer) }, byTitle: new Map(listings.map((listing) => [listing.title, listingGid(listing)])) };
}

async function titles(filter: Record<string, unknown>, sort?: string): Promise<string[]> {
  const { listings } = ok(await t.gql(QUERY, { filter, first: 100, sort }));
  return listings.edges.map((edge: any) => edge.node.title.replace(/ gig$/, ''));
}

/** Every title of a sort, page by page (`first` per page), checking each cursor resumes after its edge. */
async function pagedTitles(filter: Record<string, unknown>, sort: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const { listings }: { listings: any } = ok(await t.gql(QUERY, { filter, first, after, sort }));
    seen.push(...listings.edges.map((edge: any) => edge.node.title.replace(/ gig$/, '')));
    if (!listings.pageInfo.hasNextPage) return seen;
    after = listings.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

describe('catalogue filters on terms', () => {
  const specs: Gig[] = [
    { name: 'small', terms: fixed(50_000, 90_000) },
    { name: 'edge', terms: fixed(90_000, 100_000) },
    { name: 'mid', terms: { ...fixed(200_000, 400_000), ...onsite } },
    { name: 'euro', terms: fixed(200_000, 400_000, 'EUR') },
    { name: 'rate', terms: hourly(5_000, 7_000) },
    { name: 'unstated', terms: { budget: null, location: null } },
  ];

  it('finds budgets overlapping a range in one currency, ends included, and none in another currency or unstated', async () => {
    const { scope } = await gigs(specs);
    expect(await titles({ ...scope, budget: { currency: 'USD', minCents: 100_000, maxCents: 300_000 } })).toEqual(['edge', 'mid']);
    expect(await titles({ ...scope, budget: { currency: 'USD', minCents: 100_001 } })).toEqual(['mid']);
    expect(await titles({ ...scope, budget: { currency: 'USD', maxCents: 6_000 } })).toEqual(['rate']);
    expect(await titles({ ...scope, budget: { currency: 'EUR' } })).toEqual(['euro']);
    expect(await titles({ ...scope, budget: { currency: 'JPY', minCents: 0 } })).toEqual([]);
    const { listings } = ok(await t.gql(QUERY, { filter: { ...scope, budget: { currency: 'USD', minCents: 100_000, maxCents: 300_000 } }, first: 1 }));
    expect(listings.totalCount).toBe(2);
  });

  it('filters by budget kind and remote only, with each other and the range', async () => {
    const { scope } = await gigs(specs);
    expect(await titles({ ...scope, budgetKind: 'HOURLY' })).toEqual(['rate']);
    expect(await titles({ ...scope, budgetKind: 'FIXED' })).toEqual(['small', 'edge', 'mid', 'euro']);
    expect(await titles({ ...scope, remoteOnly: true })).toEqual(['small', 'edge', 'euro', 'rate']);
    expect(await titles({ ...scope, remoteOnly: false })).toHaveLength(6);
    expect(await titles({ ...scope, remoteOnly: true, budgetKind: 'FIXED', budget: { currency: 'USD', minCents: 80_000 } })).toEqual(['small', 'edge']);
  });

  it('names a bad budget filter field', async () => {
    expectBadFields(await t.gql(QUERY, { filter: { budget: { currency: 'usd' } } }), ['budget.currency']);
    expectBadFields(await t.gql(QUERY, { filter: { budget: { currency: 'USD', minCents: -1 } } }), ['budget.minCents']);
    expectBadFields(await t.gql(QUERY, { filter: { budget: { currency: 'USD', minCents: 500, maxCents: 100 } } }), ['budget.maxCents']);
  });
});

describe('catalogue sort by budget', () => {
  const specs: Gig[] = [
    { name: 'a', terms: fixed(100_000, 300_000) },
    { name: 'b', terms: fixed(200_000, 200_000) },
    { name: 'none', terms: { budget: null } },
    { name: 'c', terms: fixed(50_000, 300_000) },
    { name: 'd', terms: hourly(4_000, 6_000) },
    { name: 'e', terms: fixed(200_000, 250_000) },
  ];

  it('orders one currency and pay kind high to low by the most, low to high by the least, newest first among equals, through every page', async () => {
    const { scope } = await gigs([...specs, { name: 'euro', terms: fixed(900_000, 900_000, 'EUR') }]);
    const usdFixed = { ...scope, budget: { currency: 'USD' }, budgetKind: 'FIXED' };
    const high = ['a', 'c', 'e', 'b'];
    const low = ['c', 'a', 'b', 'e'];
    expect(await titles(usdFixed, 'BUDGET_HIGH_TO_LOW')).toEqual(high);
    expect(await titles(usdFixed, 'BUDGET_LOW_TO_HIGH')).toEqual(low);
    for (const first of [1, 2, 3]) {
      expect(await pagedTitles(usdFixed, 'BUDGET_HIGH_TO_LOW', first)).toEqual(high);
      expect(await pagedTitles(usdFixed, 'BUDGET_LOW_TO_HIGH', first)).toEqual(low);
    }
    expect(await titles({ ...scope, budget: { currency: 'USD' }, budgetKind: 'HOURLY' }, 'BUDGET_HIGH_TO_LOW')).toEqual(['d']);
    expect(await titles(scope, 'NEWEST')).toEqual(['a', 'b', 'none', 'c', 'd', 'e', 'euro']);
    expect(await titles(scope)).toEqual(['a', 'b', 'none', 'c', 'd', 'e', 'euro']);
  });

  it.each([
    ['no currency and no pay kind', {}],
    ['a pay kind without a currency', { budgetKind: 'FIXED' }],
    ['a currency without a pay kind', { budget: { currency: 'USD' } }],
  ])('refuses a budget sort with %s (BAD_USER_INPUT naming sort, saying why)', async (_why, terms) => {
    const { scope } = await gigs(specs);
    for (const sort of ['BUDGET_HIGH_TO_LOW', 'BUDGET_LOW_TO_HIGH']) {
      const response = await t.gql(QUERY, { filter: { ...scope, ...terms }, first: 1, sort });
      expectBadFields(response, ['sort']);
      expect(errorOf(response).extensions?.fields?.sort).toMatch(/currency.*budgetKind.*do not compare/);
    }
  });

  it('names a budget sort without its filters together with a bad id of the filter', async () => {
    expectBadFields(await t.gql(QUERY, { filter: { budget: { currency: 'USD' }, technologyIds: ['nope'] }, first: 1, sort: 'BUDGET_LOW_TO_HIGH' }), ['sort', 'technologyIds']);
  });

  it('pages by budget within a search and a filter', async () => {
    const word = uniqueWord();
    const owner = await poster();
    await publishedListings(owner, [
      { title: `${word} one gig`, terms: fixed(10_000, 20_000) },
      { title: `other two gig`, terms: fixed(90_000, 95_000) },
      { title: `${word} three gig`, terms: fixed(30_000, 40_000) },
      { title: `${word} four gig`, terms: hourly(3_000, 3_000) },
    ]);
    const filter = { employerId: employerGid(owner.employer), search: word, budgetKind: 'FIXED', budget: { currency: 'USD' } };
    expect(await pagedTitles(filter, 'BUDGET_HIGH_TO_LOW', 1)).toEqual([`${word} three`, `${word} one`]);
    expect(await pagedTitles({ ...filter, budgetKind: null, budget: null }, 'NEWEST', 1)).toEqual([`${word} one`, `${word} three`, `${word} four`]);
  });

  it("refuses a cursor of another sort (BAD_USER_INPUT naming after)", async () => {
    const { scope: employer } = await gigs(specs);
    const scope = { ...employer, budget: { currency: 'USD' }, budgetKind: 'FIXED' };
    const { listings } = ok(await t.gql(QUERY, { filter: scope, first: 1, sort: 'BUDGET_HIGH_TO_LOW' }));
    const cursor = listings.pageInfo.endCursor;
    expectBadFields(await t.gql(QUERY, { filter: scope, first: 1, after: cursor, sort: 'BUDGET_LOW_TO_HIGH' }), ['after']);
    expectBadFields(await t.gql(QUERY, { filter: scope, first: 1, after: cursor, sort: 'NEWEST' }), ['after']);
    const newest = ok(await t.gql(QUERY, { filter: scope, first: 1, sort: 'NEWEST' })).listings.pageInfo.endCursor;
    expect(errorOf(await t.gql(QUERY, { filter: scope, first: 1, after: newest, sort: 'BUDGET_HIGH_TO_LOW' })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('catalogue facets on terms', () => {
  it('counts remote gigs and budget bands exactly, each ignoring its own filter, in the filter currency', async () => {
    const { scope } = await gigs([
      { name: 'tiny', terms: fixed(10_000, 50_000) },
      { name: 'spans', terms: { ...fixed(90_000, 150_000), ...onsite } },
      { name: 'big', terms: fixed(3_000_000, 5_000_000) },
      { name: 'rate', terms: { ...hourly(3_000, 6_000), ...onsite } },
      { name: 'euro', terms: fixed(10_000, 20_000, 'EUR') },
      { name: 'unstated', terms: { budget: null, location: null } },
    ]);
    const facets = async (filter: Record<string, unknown>) => ok(await t.gql(FACETS, { filter })).listings.facets;

    const all = await facets(scope);
    expect(all.remote).toEqual({ count: 3, approximate: false });
    expect(all.budget).toEqual({
      currency: 'USD',
      approximate: false,
      bands: [
        { kind: 'FIXED', minCents: 0, maxCents: 99_999, count: 2 },
        { kind: 'FIXED', minCents: 100_000, maxCents: 499_999, count: 1 },
        { kind: 'FIXED', minCents: 2_000_000, maxCents: null, count: 1 },
        { kind: 'HOURLY', minCents: 2_500, maxCents: 4_999, count: 1 },
        { kind: 'HOURLY', minCents: 5_000, maxCents: 9_999, count: 1 },
      ],
    });

    // Remote only: the remote facet ignores it, the bands count only remote gigs; the budget range narrows remote but not the bands.
    const remote = await facets({ ...scope, remoteOnly: true, budget: { currency: 'USD', minCents: 1_000_000 } });
    expect(remote.remote).toEqual({ count: 1, approximate: false });
    expect(remote.budget.bands).toEqual([
      { kind: 'FIXED', minCents: 0, maxCents: 99_999, count: 1 },
      { kind: 'FIXED', minCents: 2_000_000, maxCents: null, count: 1 },
    ]);
    expect(ok(await t.gql(FACETS, { filter: { ...scope, remoteOnly: true, budget: { currency: 'USD', minCents: 1_000_000 } } })).listings.totalCount).toBe(1);

    const euro = await facets({ ...scope, budget: { currency: 'EUR' } });
    expect(euro.budget).toEqual({ currency: 'EUR', approximate: false, bands: [{ kind: 'FIXED', minCents: 0, maxCents: 99_999, count: 1 }] });
    expect(euro.remote).toEqual({ count: 1, approximate: false });

    const hourlyOnly = await facets({ ...scope, budgetKind: 'HOURLY' });
    expect(hourlyOnly.budget.bands.map((band: any) => band.kind)).toEqual(['HOURLY', 'HOURLY']);
    expect(hourlyOnly.remote.count).toBe(0);
  });

  it("keeps the sample's copy of a sampled gig's terms as they change", async () => {
    const id = sampledId();
    const { owner, byTitle } = await gigs([{ name: 'changing', terms: fixed(10_000, 20_000) }], [id]);
    const sampled = async () =>
      (await t.app.deps.ds.query('SELECT budget_kind, budget_min_cents, budget_max_cents, budget_currency, location_kind FROM catalog_sample WHERE listing_id = $1', [id]))[0];
    expect(await sampled()).toEqual({ budget_kind: 'FIXED', budget_min_cents: 10_000, budget_max_cents: 20_000, budget_currency: 'USD', location_kind: 'REMOTE' });
    const UPDATE = `mutation ($input: UpdateListingInput!) { updateListing(input: $input) { id } }`;
    const input = { id: byTitle.get('changing gig'), budget: { kind: 'HOURLY', minCents: 7_000, maxCents: 9_000, currency: 'CHF' }, location: { kind: 'ONSITE', city: 'Basel', countryCode: 'CH' } };
    ok(await t.gql(UPDATE, { input }, owner.token));
    expect(await sampled()).toEqual({ budget_kind: 'HOURLY', budget_min_cents: 7_000, budget_max_cents: 9_000, budget_currency: 'CHF', location_kind: 'ONSITE' });
  });

  it('estimates from the sample above the exact-count limit, flagged approximate', async () => {
    const ids = Array.from({ length: 3 }, sampledId);
    const { scope } = await gigs(
      [
        { name: 's1', terms: fixed(10_000, 20_000) },
        { name: 's2', terms: fixed(10_000, 20_000) },
        { name: 's3', terms: { ...fixed(10_000, 20_000), ...onsite } },
      ],
      ids,
    );
    const catalog = t.app.deps.services.catalog;
    catalog.exactCountLimit = 2;
    try {
      const { facets } = ok(await t.gql(FACETS, { filter: scope })).listings;
      expect(facets.remote).toEqual({ count: Math.round(2 / SAMPLE_SHARE), approximate: true });
      expect(facets.budget).toEqual({ currency: 'USD', approximate: true, bands: [{ kind: 'FIXED', minCents: 0, maxCents: 99_999, count: Math.round(3 / SAMPLE_SHARE) }] });
    } finally {
      catalog.exactCountLimit = EXACT_COUNT_LIMIT;
    }
  });
});
