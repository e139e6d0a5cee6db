import { randomUUID } from 'node:crypto';
import { ok } from '../../../test/harness';
import { employerGid } from '../../../test/ids';
import { poster, publishedListings, t } from '../../../test/catalog';

/** An id in the catalogue's 1% sample (first 16 bits below 655), or one outside it. */
const sampledId = () => `0000${randomUUID().slice(4)}`;

const QUERY = `query ($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {
  listings(filter: $filter, first: $first, after: $after, sort: $sort) {
    edges { node { title } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function pagedTitles(filter: Record<string, unknown>, sort: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const { listings }: { listings: any } = ok(await t.gql(QUERY, { filter, first, after, sort }));
    seen.push(...listings.edges.map((edge: any) => edge.node.title));
    if (!listings.pageInfo.hasNextPage) return seen;
    after = listings.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

/** Whether the budget page's statement of the last request gathered its matches (a materialized CTE) rather than walk. */
const gathered = () => t.sql.statements.some((statement) => /sort_key/.test(statement) && /matches AS MATERIALIZED/.test(statement));

describe('budget pages, walked or gathered', () => {
  it('list the same gigs in the same order either way, and gather when the sample shows a walk passing many listings before the first match (high to low here)', async () => {
    const owner = await poster();
    const fixed = (minCents: number, maxCents: number) => ({ budget: { kind: 'FIXED' as const, minCents, maxCents, currency: 'USD' } });
    // Sampled gigs: four large budgets the range leaves out (they come first high to low), then the range's two.
    const budgets = [fixed(900_000, 990_000), fixed(800_000, 950_000), fixed(700_000, 900_000), fixed(600_000, 880_000), fixed(100_000, 300_000), fixed(150_000, 250_000)];
    await publishedListings(
      owner,
      budgets.map((terms, index) => ({ id: sampledId(), title: `gig ${index}`, terms })),
    );
    const filter = { employerId: employerGid(owner.employer), budget: { currency: 'USD', minCents: 100_000, maxCents: 400_000 }, budgetKind: 'FIXED' };
    const catalog = t.app.deps.services.catalog;
    for (const plan of ['walk', 'gather', null] as const) {
      catalog.pagePlan = plan;
      try {
        for (const first of [1, 2, 5]) {
          expect(await pagedTitles(filter, 'BUDGET_HIGH_TO_LOW', first)).toEqual(['gig 4', 'gig 5']);
          expect(await pagedTitles(filter, 'BUDGET_LOW_TO_HIGH', first)).toEqual(['gig 4', 'gig 5']);
        }
      } finally {
        catalog.pagePlan = null;
      }
    }
    // High to low, the sample shows four listings before the first of two matches (2 × 2 ≤ 4): gathered.
    t.sql.reset();
    await pagedTitles(filter, 'BUDGET_HIGH_TO_LOW', 5);
    expect(gathered()).toBe(true);
    // A forced walk is a walk, whatever the sample (tests run both plans through pagePlan).
    catalog.pagePlan = 'walk';
    try {
      t.sql.reset();
      await pagedTitles(filter, 'BUDGET_LOW_TO_HIGH', 5);
      expect(gathered()).toBe(false);
    } finally {
      catalog.pagePlan = null;
    }
  });

  it("walk when the listings before the first match are of another currency or kind: the sort's index holds only the filter's own (migration BudgetSortIndexesByGroup)", async () => {
    const owner = await poster();
    const budget = (kind: 'FIXED' | 'HOURLY', currency: string, minCents: number, maxCents: number) => ({ budget: { kind, minCents, maxCents, currency } });
    // Sampled gigs (NOK and SEK: no other test's): four budgets in SEK or hourly, each before the range's either way (a larger
    // most, a smaller least), then the range's two. Counted in the walk, the four would make it gather (2 × 2 ≤ 4, as above).
    const budgets = [
      budget('FIXED', 'SEK', 10_000, 990_000),
      budget('FIXED', 'SEK', 20_000, 950_000),
      budget('HOURLY', 'NOK', 30_000, 900_000),
      budget('HOURLY', 'NOK', 40_000, 880_000),
      budget('FIXED', 'NOK', 100_000, 300_000),
      budget('FIXED', 'NOK', 150_000, 250_000),
    ];
    await publishedListings(
      owner,
      budgets.map((terms, index) => ({ id: sampledId(), title: `gig ${index}`, terms })),
    );
    const filter = { employerId: employerGid(owner.employer), budget: { currency: 'NOK', minCents: 100_000, maxCents: 400_000 }, budgetKind: 'FIXED' };
    for (const sort of ['BUDGET_HIGH_TO_LOW', 'BUDGET_LOW_TO_HIGH']) {
      t.sql.reset();
      expect(await pagedTitles(filter, sort, 5)).toEqual(['gig 4', 'gig 5']);
      expect(gathered()).toBe(false);
    }
  });
});
