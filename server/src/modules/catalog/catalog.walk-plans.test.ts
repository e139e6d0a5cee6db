import { randomUUID } from 'node:crypto';
import { ok } from '../../../test/harness';
import { employerGid, listingGid, POSTGRESQL, technologyGid, TYPESCRIPT } from '../../../test/ids';
import { poster, publishedListings, t, uniqueWord } from '../../../test/catalog';
import { PHRASE_CANDIDATE_WINDOW, RANKED_SEARCH_WINDOW } from './catalog.service';

const QUERY = `query ($filter: ListingFilter, $first: Int, $after: String, $sort: ListingSort) {
  listings(filter: $filter, first: $first, after: $after, sort: $sort) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every id of a filter in a sort, page by page. */
async function pagedIds(filter: Record<string, unknown>, sort: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const { listings }: { listings: any } = ok(await t.gql(QUERY, { filter, first, after, sort }));
    seen.push(...listings.edges.map((edge: any) => edge.node.id));
    if (!listings.pageInfo.hasNextPage) return seen;
    after = listings.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

/** Runs `body` with the page plan forced (tests run both plans through pagePlan). */
async function withPlan<T>(plan: 'walk' | 'gather', body: () => Promise<T>): Promise<T> {
  const catalog = t.app.deps.services.catalog;
  catalog.pagePlan = plan;
  try {
    return await body();
  } finally {
    catalog.pagePlan = null;
  }
}

/** The statements (with their parameters) the catalogue sends while `body` runs. */
async function statementsOf(body: () => Promise<unknown>): Promise<Array<{ query: string; parameters: unknown[] }>> {
  const spy = jest.spyOn(t.app.deps.ds, 'query');
  try {
    await body();
    return spy.mock.calls.map(([query, parameters]) => ({ query, parameters: (parameters as unknown[] | undefined) ?? [] }));
  } finally {
    spy.mockRestore();
  }
}

/** A catalogue page's statement: it reads each listing's technology ids (prepare, counts and facets do not). */
const isPage = (query: string) => /AS technology_ids/.test(query);

/** The scans of a plan, as "node type [index]". */
function scansOf(plan: PlanNode, scans: string[] = []): string[] {
  if (/Scan/.test(plan['Node Type'])) scans.push(`${plan['Node Type']}${plan['Index Name'] ? ` ${plan['Index Name']}` : ''}`);
  for (const child of plan.Plans ?? []) scansOf(child, scans);
  return scans;
}

/**
 * The scans of each statement's plan in a catalogue grown by 6,000 published listings, 1,000 of
 * them with `word`, whose statistics were taken (ANALYZE) before those 1,000 came: the planner
 * takes a word of one listing in six for one that almost none has, as it takes 'next' & 'nextj'
 * (Next.js) at a million listings (746 matches estimated, 48,536 found). All rolled back, then the
 * statistics taken again of the listings as they are (ANALYZE sets the table's size in place).
 */
async function scansWithMisestimated(word: string, like: string, statements: Array<{ query: string; parameters: unknown[] }>): Promise<string[][]> {
  const runner = t.app.deps.ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const more = (count: number, description: string) =>
      runner.query(
        `INSERT INTO listings (employer_id, posted_by_user_id, title, description, status, project_type_id, published_at, expires_at,
                               budget_kind, budget_min_cents, budget_max_cents, budget_currency, duration_weeks, hours_per_week,
                               location_kind, location_city, location_country_code, utc_offset_from_minutes, utc_offset_to_minutes)
         SELECT employer_id, posted_by_user_id, 'A gig', $3, status, project_type_id, published_at - g * interval '1 second', expires_at,
                budget_kind, budget_min_cents, budget_max_cents, budget_currency, duration_weeks, hours_per_week,
                location_kind, location_city, location_country_code, utc_offset_from_minutes, utc_offset_to_minutes
           FROM listings, generate_series(1, $2::int) g WHERE id = $1`,
        [like, count, description],
      );
    await more(5_000, 'Plain work for a team.');
    await runner.query('ANALYZE listings');
    await more(1_000, `Plain ${word} work for a team.`);
    const plans: string[][] = [];
    for (const { query, parameters } of statements) {
      const [row] = (await runner.query(`EXPLAIN (FORMAT JSON) ${query}`, parameters)) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
      plans.push(scansOf(row['QUERY PLAN'][0].Plan));
    }
    return plans;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
    await t.app.deps.ds.query('ANALYZE listings');
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

describe('pages that walk', () => {
  it('list the same gigs in the same order as pages that gather, for words, phrases, alternatives, negations, technologies and budget sorts', async () => {
    const catalog = t.app.deps.services.catalog;
    const owner = await poster();
    const [first, second] = [uniqueWord(), uniqueWord()];
    // Twenty gigs, newest first, the two words in varied company: neither (0, 5, 10, 15), the phrase (1, 6, 11, 16), both
    // apart (2, 7, 12, 17), the first alone (3, 8, 13, 18), the second alone (4, 9, 14, 19); the first word also in the
    // titles of 0, 6, 12 and 18 (ranking them above newer ones); two technologies and budgets in varied order.
    const listings = await publishedListings(
      owner,
      Array.from({ length: 20 }, (_, i) => ({
        title: i % 6 === 0 ? `The ${first} gig ${i}` : `Gig ${i}`,
        description: [
          `Plain work ${i}.`,
          `Needs ${first} ${second} (${i}).`,
          `The ${second} before the ${first}, number ${i}.`,
          `Only ${first} here, ${i}.`,
          `Only ${second} here, ${i}.`,
        ][i % 5],
        technologyIds: i % 2 === 0 ? [TYPESCRIPT] : [POSTGRESQL, TYPESCRIPT],
        terms: { budget: { kind: 'FIXED' as const, minCents: 10_000 * ((i * 7) % 11) + 10_000, maxCents: 10_000 * ((i * 7) % 11) + 50_000, currency: 'USD' } },
      })),
    );
    const scope = { employerId: employerGid(owner.employer) };
    const searches = [first, `"${first} ${second}"`, `${first} or ${second}`, `${first} -${second}`];
    const cases: Array<{ filter: Record<string, unknown>; sort: string }> = [
      ...searches.map((search) => ({ filter: { ...scope, search }, sort: 'RELEVANCE' })),
      ...searches.map((search) => ({ filter: { ...scope, search }, sort: 'NEWEST' })),
      { filter: { ...scope, search: first, technologyIds: [technologyGid(POSTGRESQL)] }, sort: 'RELEVANCE' },
      { filter: { ...scope, search: `"${first} ${second}"`, technologyIds: [technologyGid(POSTGRESQL)] }, sort: 'NEWEST' },
      ...['BUDGET_HIGH_TO_LOW', 'BUDGET_LOW_TO_HIGH'].map((sort) => ({ filter: { ...scope, search: `${first} or ${second}`, budget: { currency: 'USD' }, budgetKind: 'FIXED' }, sort })),
      { filter: { ...scope, search: `"${first} ${second}"`, budget: { currency: 'USD', minCents: 40_000 }, budgetKind: 'FIXED' }, sort: 'BUDGET_LOW_TO_HIGH' },
    ];
    // A ranked window of four and a phrase window of six candidates: pages cross from the ranked tier to the tail, and
    // a phrase search reads only its window (its walk and its gathering both bounded by the window's oldest key).
    catalog.rankedSearchWindow = 4;
    catalog.phraseCandidateWindow = 6;
    try {
      for (const { filter, sort } of cases) {
        for (const size of [1, 3, 20]) {
          let walked: string[] = [];
          const walking = await statementsOf(async () => {
            walked = await withPlan('walk', () => pagedIds(filter, sort, size));
          });
          let gathered: string[] = [];
          const gathering = await statementsOf(async () => {
            gathered = await withPlan('gather', () => pagedIds(filter, sort, size));
          });
          expect(walked.length).toBeGreaterThan(0);
          expect({ filter, sort, size, ids: walked }).toEqual({ filter, sort, size, ids: gathered });
          // Walking tests the search per listing (the text index cannot serve it); gathering reads it through the index.
          expect(walking.filter(({ query }) => isPage(query) && /coalesce\(l\.search @@/.test(query)).length).toBeGreaterThan(0);
          expect(gathering.filter(({ query }) => /coalesce\(l\.search @@/.test(query))).toEqual([]);
        }
      }
      // And they find what they should, not the same nothing either way.
      const walked = (search: string) => withPlan('walk', () => pagedIds({ ...scope, search }, 'NEWEST', 2));
      const gids = (indexes: number[]) => indexes.map((i) => listingGid(listings[i]));
      expect(await walked(first)).toEqual(gids([0, 1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18]));
      expect(await walked(`${first} or ${second}`)).toEqual(gids([0, 1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19]));
      expect(await walked(`${first} -${second}`)).toEqual(gids([0, 3, 8, 13, 18]));
      // The phrase: its gigs among the window's six newest candidates (1, 2, 6, 7, 11, 12; not 16 and 17).
      expect(await walked(`"${first} ${second}"`)).toEqual(gids([1, 6, 11]));
    } finally {
      catalog.rankedSearchWindow = RANKED_SEARCH_WINDOW;
      catalog.phraseCandidateWindow = PHRASE_CANDIDATE_WINDOW;
    }
  });

  it("walk their index for a search PostgreSQL takes for rare where it is common, not the text index's bitmap of every match, which gathering still reads", async () => {
    const owner = await poster();
    const word = uniqueWord();
    const [like] = await publishedListings(
      owner,
      Array.from({ length: 6 }, (_, i) => ({
        description: `Needs ${word} work, number ${i}.`,
        terms: { budget: { kind: 'FIXED' as const, minCents: 100_000 + i, maxCents: 200_000 + i, currency: 'USD' } },
      })),
    );
    const pages = [
      { filter: { search: word }, sort: 'RELEVANCE', walks: 'IDX_listings_catalog' },
      { filter: { search: word }, sort: 'NEWEST', walks: 'IDX_listings_catalog' },
      { filter: { search: word, budget: { currency: 'USD' }, budgetKind: 'FIXED' }, sort: 'BUDGET_HIGH_TO_LOW', walks: 'IDX_listings_catalog_budget_high' },
    ];
    const pageStatements = async (plan: 'walk' | 'gather') => {
      const statements = [];
      for (const { filter, sort } of pages) {
        const page = (await statementsOf(() => withPlan(plan, () => pagedIds(filter, sort, 20)))).filter(({ query }) => isPage(query));
        expect(page).toHaveLength(1);
        statements.push(page[0]);
      }
      return statements;
    };
    const walking = await pageStatements('walk');
    const gathering = await pageStatements('gather');
    const plans = await scansWithMisestimated(word, like.id, [...walking, ...gathering]);
    pages.forEach(({ sort, walks }, i) => {
      // Walked (the sample says the word is common): through the sort's index, the word tested per listing.
      expect({ sort, walked: plans[i] }).toEqual({ sort, walked: expect.arrayContaining([`Index Scan ${walks}`]) });
      expect({ sort, walked: plans[i] }).toEqual({ sort, walked: expect.not.arrayContaining(['Bitmap Index Scan IDX_listings_search']) });
      // Gathered (the sample says it is rare): every match through the text index, as before.
      expect({ sort, gathered: plans[pages.length + i] }).toEqual({ sort, gathered: expect.arrayContaining(['Bitmap Index Scan IDX_listings_search']) });
    });
  });
});

/** An id inside the catalogue's 1% sample (first 16 bits below 655), so the sample holds each such listing. */
const sampledId = () => `0000${randomUUID().slice(4)}`;
/** An id outside the sample (first 16 bits 0xffff). */
const unsampledId = () => `ffff${randomUUID().slice(4)}`;

/** A phrase window's statement: the oldest candidate of the window, by OFFSET (no page or count has one). */
const isPhraseWindow = (query: string) => /\bOFFSET\b/.test(query);

describe('phrase windows', () => {
  it('walk the catalogue index when the sample says the phrase is common, read the text index when it says rare, and find the same window either way', async () => {
    const catalog = t.app.deps.services.catalog;
    const owner = await poster();
    const [sampleSize] = (await t.app.deps.ds.query('SELECT count(*)::int AS n FROM catalog_sample')) as Array<{ n: number }>;
    // Enough sampled listings with the phrase for `gathers` to walk a window of 7 (share² × sample / SAMPLE_SHARE ≥ 7):
    // k² ≥ 0.07 × (sample + k), with room.
    const k = Math.max(12, Math.ceil(Math.sqrt(0.07 * (sampleSize.n + 100))) + 2);
    const words = () => [uniqueWord(), uniqueWord()];
    const make = async (id: () => string, [first, second]: string[]) =>
      publishedListings(
        owner,
        // Newest first: the phrase (0, 3, 6 …), its words apart (1, 4, 7 …: candidates, not matches), neither (2, 5, 8 …).
        Array.from({ length: 3 * k }, (_, i) => ({
          id: id(),
          technologyIds: [TYPESCRIPT],
          description: [`Needs ${first} ${second}, ${i}.`, `The ${second} before the ${first}, ${i}.`, `Plain work, ${i}.`][i % 3],
        })),
      );
    const common = words();
    const rare = words();
    const commonListings = await make(sampledId, common);
    await make(unsampledId, rare);
    const phrase = ([first, second]: string[]) => `"${first} ${second}"`;
    const windowOf = async (search: string, plan: 'walk' | 'gather' | null) => {
      catalog.pagePlan = plan;
      try {
        const statements = await statementsOf(() => pagedIds({ search }, 'NEWEST', 5));
        const windows = statements.filter(({ query }) => isPhraseWindow(query));
        expect(windows).toHaveLength(1);
        return windows[0];
      } finally {
        catalog.pagePlan = null;
      }
    };
    catalog.phraseCandidateWindow = 6;
    try {
      // Chosen by the sample: the common phrase walks (its words tested per listing), the rare one reads the text index.
      expect(/coalesce\(l\.search @@/.test((await windowOf(phrase(common), null)).query)).toBe(true);
      expect(/coalesce\(l\.search @@/.test((await windowOf(phrase(rare), null)).query)).toBe(false);

      // Walked and gathered, the same window (its bound, the 7th newest candidate: listing 9), and the same pages in the same order.
      const walked = await windowOf(phrase(common), 'walk');
      const gathered = await windowOf(phrase(common), 'gather');
      const walkedRows = (await t.app.deps.ds.query(walked.query, walked.parameters)) as Array<{ id: string }>;
      const gatheredRows = (await t.app.deps.ds.query(gathered.query, gathered.parameters)) as Array<{ id: string }>;
      expect(walkedRows).toEqual(gatheredRows);
      expect(walkedRows.map((row) => row.id)).toEqual([commonListings[9].id]);
      for (const sort of ['NEWEST', 'RELEVANCE']) {
        const paged = (plan: 'walk' | 'gather') => withPlan(plan, () => pagedIds({ search: phrase(common) }, sort, 1));
        const walkedIds = await paged('walk');
        expect(walkedIds).toEqual(await paged('gather'));
        // The phrase's gigs among the window's six newest candidates (0, 1, 3, 4, 6, 7): 0, 3 and 6.
        expect(new Set(walkedIds)).toEqual(new Set([0, 3, 6].map((i) => listingGid(commonListings[i]))));
      }

      // Where PostgreSQL takes the words for rare (statistics taken before 1,000 more listings had them), the walked
      // window still walks the catalogue index; the gathered one reads the text index, as every window did before.
      const [walkedScans, gatheredScans] = await scansWithMisestimated(`${common[0]} ${common[1]}`, commonListings[0].id, [walked, gathered]);
      expect(walkedScans).toEqual(expect.arrayContaining(['Index Scan IDX_listings_catalog']));
      expect(walkedScans).toEqual(expect.not.arrayContaining(['Bitmap Index Scan IDX_listings_search']));
      expect(gatheredScans).toEqual(expect.arrayContaining(['Bitmap Index Scan IDX_listings_search']));
    } finally {
      catalog.phraseCandidateWindow = PHRASE_CANDIDATE_WINDOW;
    }
  });
});
