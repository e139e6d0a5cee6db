import { ok } from '../../../test/harness';
import { buildCredits, buildListing, type ListingOverrides } from '../../../test/factories';
import { EmployerEntity } from '../employers/employer.entity';
import type { ListingEntity } from '../listings/listing.entity';
import { RANKED_SEARCH_WINDOW } from './catalog.service';
import { employerGid, listingGid, POSTGRESQL, technologyGid, TYPESCRIPT } from '../../../test/ids';
import { ids, pageThrough, type Poster, poster, publishedListings, t, uniqueWord } from '../../../test/catalog';

describe('page plans', () => {
  it('finds the same pages walking the catalogue index as gathering every match, for searches, filters and both', async () => {
    const catalog = t.app.deps.services.catalog;
    const owner = await poster();
    const word = uniqueWord();
    await publishedListings(
      owner,
      Array.from({ length: 14 }, (_, i) => ({
        title: i % 4 === 0 ? `The ${word} gig ${i}` : `Gig ${i}`,
        description: i % 3 === 0 ? `Plain work ${i}.` : `Needs ${word} (${i}).`,
        technologyIds: i % 2 === 0 ? [TYPESCRIPT] : [POSTGRESQL, TYPESCRIPT],
      })),
    );
    const scope = { employerId: employerGid(owner.employer) };
    const filters = [scope, { ...scope, search: word }, { ...scope, technologyIds: [technologyGid(POSTGRESQL)] }, { ...scope, search: word, technologyIds: [technologyGid(POSTGRESQL)] }];
    const plan = async (pagePlan: 'walk' | 'gather', filter: Record<string, unknown>) => {
      catalog.pagePlan = pagePlan;
      try {
        return await pageThrough(filter, 3);
      } finally {
        catalog.pagePlan = null;
      }
    };
    catalog.rankedSearchWindow = 5;
    try {
      for (const filter of filters) {
        const walked = await plan('walk', filter);
        expect(walked.length).toBeGreaterThan(3);
        expect(await plan('gather', filter)).toEqual(walked);
      }
    } finally {
      catalog.rankedSearchWindow = RANKED_SEARCH_WINDOW;
    }
  });
});

describe('keyset pagination', () => {
  /** Publishes `count` new drafts of the employer through the API, each costing a credit. */
  async function publishMore(owner: Poster, count: number, spec: ListingOverrides = {}): Promise<void> {
    await buildCredits(t.app, owner.employer, owner.user, count);
    const drafts = await Promise.all(Array.from({ length: count }, () => buildListing(t.app, owner.employer, owner.user, { ...spec, status: 'DRAFT' })));
    const responses = await Promise.all(drafts.map((draft) => t.gql(`mutation ($id: ID!) { publishListing(id: $id) { id } }`, { id: listingGid(draft) }, owner.token)));
    for (const response of responses) ok(response);
  }

  function expectEachOnce(seen: string[], expected: ListingEntity[]): void {
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => expected.some((listing) => listingGid(listing) === id))).toHaveLength(expected.length);
  }

  it('pages newest first with no repeats or gaps while listings are published between and during page fetches', async () => {
    const owner = await poster();
    const initial = await publishedListings(owner, Array.from({ length: 13 }, () => ({})));
    const scope = { employerId: employerGid(owner.employer) };
    const seen = await pageThrough(scope, 4, () => publishMore(owner, 2));
    // Newly published listings are newer than every page already fetched, so exactly the initial ones follow.
    expect(seen).toEqual(initial.map(listingGid));
    expect(await ids(scope)).toHaveLength(13 + 2 * 3);
  });

  it('keeps pages apart when several listings share a publication time', async () => {
    const owner = await poster();
    const moment = new Date(Date.now() - 5_000);
    const initial = await publishedListings(owner, Array.from({ length: 7 }, () => ({ publishedAt: moment })));
    const seen = await pageThrough({ employerId: employerGid(owner.employer) }, 2);
    expect([...seen].sort()).toEqual(initial.map(listingGid).sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('pages a search by relevance with no repeats or gaps while matching listings are published between and during page fetches', async () => {
    const owner = await poster();
    const word = uniqueWord();
    const specs: ListingOverrides[] = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? { title: `The ${word} gig number ${i}`, description: `Plain description number ${i} of the gig.` }
        : { title: `Gig number ${i}`, description: i % 3 === 1 ? `Needs ${word}, and ${word} again.` : `Needs ${word} once.` },
    );
    const initial = await publishedListings(owner, specs);
    const seen = await pageThrough({ search: word }, 5, () =>
      Promise.all([publishMore(owner, 1, { title: `Fresh ${word} gig`, description: `Fresh description with ${word}.` }), publishMore(owner, 1, { description: `Also ${word}.` })]),
    );
    expectEachOnce(seen, initial);
    const titleMatches = initial.filter((_, i) => i % 3 === 0).map(listingGid);
    const initialOrder = seen.filter((id) => initial.some((listing) => listingGid(listing) === id));
    expect(initialOrder.slice(0, titleMatches.length).sort()).toEqual([...titleMatches].sort());
  });

  it('ranks only the newest matches of a very common search and lists older ones after them, newest first', async () => {
    const catalog = t.app.deps.services.catalog;
    const owner = await poster();
    const word = uniqueWord();
    // Newest first: a description match, then a title match, ... The window holds the newest 4.
    const initial = await publishedListings(
      owner,
      Array.from({ length: 11 }, (_, i) => (i % 2 === 1 ? { title: `A ${word} title, number ${i}` } : { description: `Description that names ${word}, number ${i}.` })),
    );
    catalog.rankedSearchWindow = 4;
    try {
      const firstPage = await ids({ search: word }, 11);
      const window = initial.slice(0, 4);
      expect(firstPage.slice(0, 4)).toEqual([window[1], window[3], window[0], window[2]].map(listingGid));
      expect(firstPage.slice(4)).toEqual(initial.slice(4).map(listingGid));

      const seen = await pageThrough({ search: word }, 3, () => publishMore(owner, 2, { title: `Newer ${word} title` }));
      expectEachOnce(seen, initial);
      const initialOrder = seen.filter((id) => initial.some((listing) => listingGid(listing) === id));
      expect(initialOrder).toEqual(firstPage);
    } finally {
      catalog.rankedSearchWindow = RANKED_SEARCH_WINDOW;
    }
  });

  it('issues the same few statements for 50 listings as for 5 (no N+1)', async () => {
    const owner = await poster();
    await publishedListings(
      owner,
      Array.from({ length: 55 }, (_, i) => ({ technologyIds: [TYPESCRIPT, POSTGRESQL, 30 + (i % 10)], projectTypeId: 1 + (i % 19) })),
    );
    const query = `query ($filter: ListingFilter, $first: Int) {
      listings(filter: $filter, first: $first) {
        edges { node {
          id title
          projectType { name superType { name } }
          technologies { name technologyClass { name } }
          employer { name }
        } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const filter = { employerId: employerGid(owner.employer) };
    ok(await t.gql(query, { filter, first: 1 }));

    t.sql.reset();
    const fifty = ok(await t.gql(query, { filter, first: 50 }));
    const statementsFor50 = t.sql.count;
    t.sql.reset();
    const five = ok(await t.gql(query, { filter, first: 5 }));
    const statementsFor5 = t.sql.count;

    expect(fifty.listings.edges).toHaveLength(50);
    expect(five.listings.edges).toHaveLength(5);
    expect(fifty.listings.edges[0].node.technologies).toHaveLength(3);
    expect(fifty.listings.edges[0].node.employer.name).toBe(owner.employer.name);
    expect(statementsFor50).toBe(statementsFor5);
    // The filter's sampled share and the page (with each listing's technology ids and employer): the taxonomy is in memory.
    expect(statementsFor50).toBe(2);
  });

  it('issues the same statements for a search with counts and facets whatever the page size', async () => {
    const owner = await poster();
    const word = uniqueWord();
    await publishedListings(
      owner,
      Array.from({ length: 55 }, (_, i) => ({ description: `Needs ${word} number ${i}.`, technologyIds: [TYPESCRIPT, 30 + (i % 10)], projectTypeId: 1 + (i % 19) })),
    );
    const query = `query ($filter: ListingFilter, $first: Int) {
      listings(filter: $filter, first: $first) {
        edges { node { id technologies { name } employer { name } } textMatches { fragment } }
        totalCount totalCountIsApproximate
        facets { approximate technologies { count } projectTypes { count } }
      }
    }`;
    const statements = async (first: number) => {
      t.sql.reset();
      const { listings } = ok(await t.gql(query, { filter: { search: word, employerId: employerGid(owner.employer) }, first }));
      expect(listings.edges).toHaveLength(first);
      expect(listings.totalCount).toBe(55);
      return t.sql.count;
    };
    await statements(1);
    // The tsquery with the sampled share, the page (with the employers), the text matches, and the count with the two facets (one statement: no technology or project type filter).
    expect(await statements(5)).toBe(4);
    expect(await statements(50)).toBe(4);
  });

  it("reads each listing's employer with the page, whole, in every order and on later pages", async () => {
    const owner = await poster();
    const employers = t.app.deps.ds.getRepository(EmployerEntity);
    await employers.update(owner.employer.id, { aboutUs: 'We build things.', logoUrl: 'https://example.com/logo.png' });
    const employer = await employers.findOneByOrFail({ id: owner.employer.id });
    const word = uniqueWord();
    await publishedListings(
      owner,
      Array.from({ length: 7 }, (_, i) => ({
        description: i % 2 === 0 ? `Needs ${word} ${word} (${i}).` : `Needs ${word} (${i}).`,
        terms: { budget: { kind: 'FIXED', minCents: 100_000 + i * 1000, maxCents: 200_000 + i * 1000, currency: 'USD' } },
      })),
    );
    const query = `query ($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {
      listings(filter: $filter, first: $first, after: $after, sort: $sort) {
        edges { node { id employer { id name aboutUs logoUrl createdAt } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const expected = { id: employerGid(owner.employer), name: employer.name, aboutUs: 'We build things.', logoUrl: 'https://example.com/logo.png', createdAt: employer.createdAt.toISOString() };
    const catalog = t.app.deps.services.catalog;
    catalog.rankedSearchWindow = 3;
    try {
      for (const [filter, sort] of [
        [{ employerId: expected.id }, 'NEWEST'],
        [{ employerId: expected.id, search: word }, 'RELEVANCE'],
        [{ employerId: expected.id, budget: { currency: 'USD' }, budgetKind: 'FIXED' }, 'BUDGET_HIGH_TO_LOW'],
        [{ employerId: expected.id, budget: { currency: 'USD' }, budgetKind: 'FIXED' }, 'BUDGET_LOW_TO_HIGH'],
      ] as const) {
        let after: string | null = null;
        let seen = 0;
        do {
          const { listings }: { listings: any } = ok(await t.gql(query, { filter, first: 2, after, sort }));
          for (const edge of listings.edges) expect(edge.node.employer).toEqual(expected);
          seen += listings.edges.length;
          after = listings.pageInfo.hasNextPage ? listings.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toBe(7);
      }
    } finally {
      catalog.rankedSearchWindow = RANKED_SEARCH_WINDOW;
    }
  });
});
