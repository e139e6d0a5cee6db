import { cursorFormat, cursorParts, timestampKey, type CursorPart } from '../../db/cursors';
import { badInput } from '../../errors';
import type { Infrastructure } from '../../infrastructure';
import { employerColumns, employerFromRow, listingColumns, listingFromRow, type ListingEmployerRow, type ListingRow, type ReadWithListing } from '../listings/listing.sql';
import { countedAsListedSql, listedSql } from '../listings/listings.policy';
import type { ListingPage } from '../listings/listings.service';
import type { BudgetKind } from '../listings/listing-terms';
import type { Taxonomy, TaxonomyService } from '../taxonomy/taxonomy.service';
import { budgetInCurrencySql, budgetKindIsSql, budgetReachesSql, budgetWithinSql, hasAnyTechnologyNamedSql, hasAnyTechnologySql, isRemoteSql, matchesSearchSql, matchesSearchUnindexedSql, projectTypeInSql, searchTsquerySql } from './catalog.sql';
import { distinctWords, textMatchesOf, type TextMatch } from './text-matches';

/**
 * How many of the newest matches a search ranks by relevance. Ranking needs `ts_rank` over every
 * candidate, and a very common word matches a large part of the catalogue: ranking them all would
 * cost one `ts_rank` per matching listing (seconds at a million listings). So a search ranks only
 * its newest RANKED_SEARCH_WINDOW matches (the ranked tier, most relevant first) and lists older
 * matches after them, newest first (the tail tier), which the catalogue index serves by keyset
 * like the unranked list. A search with fewer matches is fully ranked. Finding the window walks
 * the catalogue index newest first until that many match (for a technology named in 5–10% of
 * gigs, 10 to 20 listings per match), so the window is kept to what a reader pages through: ten
 * pages of 20 (it was 1,000: five times the walk).
 */
export const RANKED_SEARCH_WINDOW = 200;

/**
 * Counts are exact up to EXACT_COUNT_LIMIT matches and estimated above it. Counting is linear in
 * what it counts: the whole catalogue, or a common word, is hundreds of thousands of listings at a
 * million (seconds), so a count first counts matches up to EXACT_COUNT_LIMIT + 1 (a bounded
 * statement, whatever the catalogue's size). At or below the limit that is the exact count; above
 * it the count is estimated from the catalogue's fixed sample (`catalog_sample`, migration
 * CatalogSample: every published listing whose id falls in the first SAMPLE_SHARE of the id
 * space) and flagged as approximate (`totalCountIsApproximate`, `ListingFacets.approximate`). A
 * count above the limit is never reported at or below it, whatever the sample says. "Exact" is
 * of the listings PUBLISHED: counts and facets may still count a posting past its end for up to
 * a minute, until the expiry job flips it to EXPIRED (`countedAsListedSql`), like the kept totals
 * and the sample; a page never shows it (`listedSql`).
 */
export const EXACT_COUNT_LIMIT = 1_000;
/**
 * Sampled matches from which a count is taken to be above the limit without counting (an estimate
 * of about 3,000). With 1,000 matches the sample holds about 10 of them, and 30 or more with a
 * probability below one in a million (Poisson tail, 2.5 × 10⁻⁷): counts of 1,000 or fewer stay exact.
 */
export const SURELY_ABOVE_LIMIT = 30;
/** The share of published listings in `catalog_sample`: ids whose first 16 bits are below 655 (migration CatalogSample). */
export const SAMPLE_SHARE = 655 / 65_536;

/**
 * How many listings with every word of a quoted phrase a search reads at most to find the phrase.
 * A phrase (`"deployment customers"`) is found through the index by its words (all of them, in any
 * order: the candidates) and then checked in each candidate's text; two common words are in
 * hundreds of thousands of listings at a million, and checking them all took up to 1.5 s. So a
 * phrase search looks only among the newest PHRASE_CANDIDATE_WINDOW candidates (with its filters):
 * its pages list the phrase's matches among them, newest first or by relevance as any search,
 * and older matches are NOT listed at all (a user paging a phrase sees those of the window only;
 * searching the words without quotes finds the rest). With fewer candidates every one is checked
 * and nothing is missed. Its count and facets are then estimates, flagged approximate: the
 * sample's when it holds SURELY_ABOVE_LIMIT matches, else the window's matches scaled to every
 * candidate (matches × candidates / window, candidates from the sample, at least the window).
 * A search with a negated term (`-word`) is not bounded: relaxing its phrases would not find a
 * superset of its matches.
 */
export const PHRASE_CANDIDATE_WINDOW = 300;

/** A count, and whether it is an estimate (more than the exact-count limit matched). */
export interface Counted {
  count: number;
  approximate: boolean;
}

/** A facet's counts, and whether they are estimates (more than the exact-count limit matched every filter but the facet's own). */
export interface FacetCounts {
  counts: FacetCount[];
  approximate: boolean;
}

/**
 * A search "finds little" below this many matches (with its filters): only then is a near
 * spelling looked for (`suggestedQuery`), and it is offered only when it finds more.
 */
export const FINDS_LITTLE = 5;
/** How many matches of a corrected search are counted, at most, to compare it with the original. */
const SUGGESTION_COUNT_CAP = 100;
/** pg_trgm similarity a near spelling needs (0 to 1) to replace a word of the search. */
export const NEAR_SPELLING_SIMILARITY = 0.4;

export type SuggestionKind = 'TECHNOLOGY' | 'PROJECT_TYPE' | 'TERM';

export interface Suggestion {
  text: string;
  kind: SuggestionKind;
  /** The technology's or project type's local id. */
  id: number | null;
  count: number;
}

/** A catalogue filter with taxonomy ids resolved; empty lists do not filter, nor do absent terms. */
export interface CatalogFilter {
  search: string | null;
  technologyIds: number[];
  projectTypeIds: number[];
  projectSuperTypeIds: number[];
  employerId: string | null;
  /** Budgets in this currency overlapping the range (cents; a null end is open). No conversion between currencies. */
  budget?: BudgetRange | null;
  budgetKind?: BudgetKind | null;
  /** Only remote gigs. */
  remoteOnly?: boolean;
}

export interface BudgetRange {
  currency: string;
  minCents: number | null;
  maxCents: number | null;
}

/** How the catalogue orders a page (see `CatalogService.page`). */
export type CatalogSort = 'RELEVANCE' | 'NEWEST' | 'BUDGET_HIGH' | 'BUDGET_LOW';

/**
 * Budget sort keys over `listings l`, as the indexes of migration ListingTerms spell them: high to
 * low by the budget's maximum, low to high by its minimum (negated, so both pages run DESC with
 * newest first among equal budgets). Listings without a budget come last either way. Amounts
 * compare as numbers whatever their currency (no conversion): filter by a currency for an order
 * that means something.
 */
const BUDGET_SORT_KEYS = {
  BUDGET_HIGH: 'coalesce(l.budget_max_cents, -1)',
  BUDGET_LOW: '(-coalesce(l.budget_min_cents, 2147483647))',
} as const;

/** A budget sort key over another alias (`catalog_sample s`, which has the same budget columns). */
function budgetSortKey(sort: keyof typeof BUDGET_SORT_KEYS, alias: string): string {
  return BUDGET_SORT_KEYS[sort].replace(/\bl\./g, `${alias}.`);
}

/** The currency of the budget bands when the filter names none. */
export const DEFAULT_BAND_CURRENCY = 'USD';

/**
 * The budget facet's bands, in cents of the currency (both ends included), by kind: fixed prices
 * under 1,000, 1,000 to 5,000, 5,000 to 20,000 and above; hourly rates under 25, 25 to 50, 50 to
 * 100 and above. A listing counts in every band its range overlaps (as the budget filter matches).
 */
export const BUDGET_BANDS: ReadonlyArray<{ kind: BudgetKind; minCents: number; maxCents: number | null }> = [
  { kind: 'FIXED', minCents: 0, maxCents: 99_999 },
  { kind: 'FIXED', minCents: 100_000, maxCents: 499_999 },
  { kind: 'FIXED', minCents: 500_000, maxCents: 1_999_999 },
  { kind: 'FIXED', minCents: 2_000_000, maxCents: null },
  { kind: 'HOURLY', minCents: 0, maxCents: 2_499 },
  { kind: 'HOURLY', minCents: 2_500, maxCents: 4_999 },
  { kind: 'HOURLY', minCents: 5_000, maxCents: 9_999 },
  { kind: 'HOURLY', minCents: 10_000, maxCents: null },
];

/** The bands as an SQL VALUES list (constants only), joined to `rows` (capped matches or the sample) by overlap. */
function bandCountsSql(rows: string): string {
  const values = BUDGET_BANDS.map((band, index) => `(${index}, '${band.kind}', ${band.minCents}, ${band.maxCents ?? 2147483647})`).join(', ');
  return `SELECT b.id, count(*)::int AS count FROM ${rows} JOIN (VALUES ${values}) AS b(id, kind, lo, hi)
            ON ${rows}.budget_kind = b.kind AND ${rows}.budget_max_cents >= b.lo AND ${rows}.budget_min_cents <= b.hi
          GROUP BY b.id`;
}

export interface FacetCount {
  id: number;
  count: number;
}

/**
 * How a statement reads its matches, which decides how `CatalogService.where` writes its conditions:
 * `gather`, every match through the indexes (a count, a facet, a gathered page); `walk`, a page
 * walking an index in its order until it has enough, as the sample chose (`gathers`,
 * `budgetGathers`, and a phrase window the sample says is common: `phraseWindow`); `planned`, as
 * the planner chooses (ranked pages within the window, other phrase windows, capped counts).
 */
type Reading = 'gather' | 'walk' | 'planned';

/** What a filter's statements need, computed once per filter (see `CatalogService.prepare`). */
interface Prepared {
  taxonomy: Taxonomy;
  /** The search as tsquery text; null without a search. */
  tsquery: string | null;
  /** Listings of the sample matching the whole filter, and listings in the sample. */
  sampled: number;
  sampleSize: number;
  /** A phrase search with more candidates than the window (see PHRASE_CANDIDATE_WINDOW): its words' query, the window's oldest key, and the candidates (estimated). */
  phrase?: { relaxed: string; boundary: Key; candidates: number } | null;
}

/**
 * The facet whose own filter a facet count leaves out. `budget` leaves out the budget range but
 * keeps its currency (the filter's, else DEFAULT_BAND_CURRENCY): bands are in one currency.
 */
type Facet = 'technologies' | 'projectTypes' | 'remote' | 'budget';

/**
 * What `countsAndFacets` read: whether the counts are estimates, the matches counted (exact ones
 * only) and the facets' counts (of the sample when approximate, to be estimated by the caller).
 */
interface SharedCounts {
  approximate: boolean;
  counted: number;
  technologies: FacetCount[];
  projectTypes: FacetCount[];
}

/** Collects bind parameters: input only ever reaches SQL as `$n`. */
class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

interface Key {
  publishedKey: string;
  id: string;
}

type CatalogRow = ListingRow & ListingEmployerRow & { published_key: string; rank_key?: string; technology_ids: number[] };

/** A page of the catalogue, with each listing's technology ids and employer read in the same statement (by listing id). */
export interface CatalogPage extends ListingPage {
  readWith: Map<string, ReadWithListing>;
}

/** The listing's employer, joined to a page's statement as `e` (no loader statement for it): select `employerColumns('e')`. */
function employerJoinSql(listing: string): string {
  return `JOIN employers e ON e.id = ${listing}.employer_id`;
}

/** The listing's technology ids in id order, as a column of the page's own statement (no loader statement for them). */
function technologyIdsSql(listing: string): string {
  return `ARRAY(SELECT lt.technology_id FROM listing_technologies lt WHERE lt.listing_id = ${listing}.id ORDER BY lt.technology_id) AS technology_ids`;
}

/** Cursor of a search: tier, the ranked window's oldest key (null: everything is ranked), rank, key. */
type SearchCursor = ['R' | 'T', string | null, string | null, string | null, string, string];

/**
 * The public catalogue: published listings only, keyset-paged (never OFFSET), so a page deep in
 * the catalogue costs what the first does and listings published between page fetches neither
 * repeat nor push others out of sight.
 */
export class CatalogService {
  /** Lower it to exercise the tail tier with few listings (tests). */
  rankedSearchWindow = RANKED_SEARCH_WINDOW;
  /** Lower it to see counts flagged approximate with few listings (tests). */
  exactCountLimit = EXACT_COUNT_LIMIT;
  /** Lower it to see a count taken from the sample alone with few listings (tests). */
  surelyAboveLimit = SURELY_ABOVE_LIMIT;
  /** Lower it to bound a phrase search with few listings (tests). */
  phraseCandidateWindow = PHRASE_CANDIDATE_WINDOW;
  /** Force how pages and phrase windows find their matches (tests run both plans); null: chosen per filter (see `gathers`). */
  pagePlan: 'walk' | 'gather' | null = null;
  /** Each filter's taxonomy, tsquery and sampled matches (see `prepare`), while the filter object lives. */
  private readonly prepared = new WeakMap<CatalogFilter, Promise<Prepared>>();
  /** Each filter's count and technology and project type facets when they share its matches (see `countsAndFacets`). */
  private readonly shared = new WeakMap<CatalogFilter, Promise<SharedCounts>>();
  /** Alias spellings by technology id; like the taxonomy, changed only by migration. */
  private aliases: Promise<Map<number, string[]>> | undefined;

  constructor(
    private readonly deps: Infrastructure,
    private readonly taxonomy: TaxonomyService,
  ) {}

  /**
   * `first + 1` listings after the cursor: by relevance when searching (RELEVANCE, the default),
   * newest first (NEWEST, and RELEVANCE without a search), or by budget (BUDGET_HIGH,
   * BUDGET_LOW: see BUDGET_SORT_KEYS). A cursor belongs to its sort: another sort's is BAD_USER_INPUT.
   */
  async page(filter: CatalogFilter, first: number, after: string | null, sort: CatalogSort = 'RELEVANCE'): Promise<CatalogPage> {
    // Everything published: the catalogue index serves it as it is, nothing to prepare.
    const prepared = isEverything(filter) ? { taxonomy: await this.taxonomy.get(), tsquery: null, sampled: 0, sampleSize: 0 } : await this.prepare(filter);
    if (sort === 'BUDGET_HIGH' || sort === 'BUDGET_LOW') return this.budgetPage(filter, prepared, first, after, sort);
    return filter.search && sort === 'RELEVANCE' ? this.searchPage(filter, prepared, first, after) : this.newestPage(filter, prepared, first, after);
  }

  /**
   * A page by budget, keyset-paged on (budget key, published_at, id), the key in the cursor: walks
   * the sort's index within the filter's currency and kind (migration BudgetSortIndexesByGroup) or
   * gathers the matches and sorts them (see `budgetGathers`).
   */
  private async budgetPage(filter: CatalogFilter, prepared: Prepared, first: number, after: string | null, sort: 'BUDGET_HIGH' | 'BUDGET_LOW'): Promise<CatalogPage> {
    const key = BUDGET_SORT_KEYS[sort];
    const cursor = after ? budgetCursor.decode(after) : null;
    if (cursor && cursor[0] !== sort) throw badInput({ after: 'is not a cursor of this list' });
    const gather = await this.budgetGathers(filter, prepared, sort, cursor ? cursor[1] : null);
    const params = new SqlParams();
    // Gathering tests technologies through their index on listings, walking tests them and the search per listing (see `where`).
    const { sql: where } = this.where(filter, prepared, params, undefined, gather ? 'gather' : 'walk');
    const keyset = cursor
      ? `AND (${key}, l.published_at, l.id) < (${params.add(cursor[1], 'int')}, ${params.add(cursor[2], 'timestamptz')}, ${params.add(cursor[3], 'uuid')})`
      : '';
    const limit = params.add(first + 1, 'int');
    // Gathered: every match through the indexes (a materialized CTE, planned for all of them), sorted, the first `limit`.
    const matching = gather
      ? `l.id IN (WITH matches AS MATERIALIZED (SELECT l.id, ${key} AS sort_key, l.published_at FROM listings l WHERE ${where} ${keyset})
                  SELECT id FROM matches ORDER BY sort_key DESC, published_at DESC, id DESC LIMIT ${limit})`
      : `${where} ${keyset}`;
    const rows = (await this.deps.ds.query(
      `SELECT ${listingColumns('l')}, ${technologyIdsSql('l')}, ${employerColumns('e')}, ${key} AS sort_key, ${timestampKey('l.published_at')} AS published_key
         FROM listings l ${employerJoinSql('l')}
        WHERE ${matching}
        ORDER BY ${key} DESC, l.published_at DESC, l.id DESC
        LIMIT ${limit}`,
      params.values,
    )) as Array<CatalogRow & { sort_key: number }>;
    const cursors = new Map(rows.map((row) => [row.id, budgetCursor.encode([sort, row.sort_key, row.published_key, row.id])]));
    return pageOf(rows, cursors);
  }

  /**
   * Whether a budget page gathers every match and sorts them rather than walk the sort's index
   * (see `gathers` for the newest-first pages). The sort's index (migration
   * BudgetSortIndexesByGroup) is led by the currency and the kind, which a budget sort requires
   * (`BUDGET_SORT_NEEDS`), so a walk reads only listings of the filter's currency and kind; but a
   * budget range goes with the sort key (a range from 60 USD an hour, sorted low to high, walks
   * past every lower rate first), so the share of matches does not say how far a walk goes: the
   * sample does. In one statement over `catalog_sample`, the sampled listings of the currency and
   * kind sorted by the key below the cursor's: those before the first sampled match (what a walk
   * reads, scaled) against the sampled matches (what gathering reads, scaled), a gathered match
   * weighing two. Without a currency and a kind (never through the API) no index orders the
   * matches: they are gathered.
   */
  private async budgetGathers(filter: CatalogFilter, prepared: Prepared, sort: 'BUDGET_HIGH' | 'BUDGET_LOW', belowKey: number | null): Promise<boolean> {
    if (this.pagePlan) return this.pagePlan === 'gather';
    if (!filter.budget?.currency || !filter.budgetKind) return true;
    const params = new SqlParams();
    const key = budgetSortKey(sort, 's');
    const hit = this.sampleWhere(filter, prepared, params);
    // What the walk reads: the sort's index holds the currency and the kind before the key.
    const group = `${budgetInCurrencySql('s', params.add(filter.budget.currency, 'text'))} AND ${budgetKindIsSql('s', params.add(filter.budgetKind, 'text'))}`;
    const below = belowKey === null ? group : `${group} AND ${key} <= ${params.add(belowKey, 'int')}`;
    const [{ hits, before_first }] = (await this.deps.ds.query(
      `WITH keyed AS MATERIALIZED (SELECT ${key} AS key, (${hit}) AS hit FROM catalog_sample s WHERE ${below})
       SELECT count(*) FILTER (WHERE hit)::int AS hits,
              count(*) FILTER (WHERE key > coalesce((SELECT max(key) FROM keyed WHERE hit), -2147483648))::int AS before_first
         FROM keyed`,
      params.values,
    )) as Array<{ hits: number; before_first: number }>;
    // A gathered match costs about two walked listings (materialized, then sorted): at a million,
    // before the walk kept to its currency and kind, a range of 2,000 to 8,000 USD high to low walked
    // 130,000 listings in 470 ms where gathering its 94,000 matches took 1.2 s.
    return 2 * hits <= before_first;
  }

  /**
   * How many published listings match: exact up to `exactCountLimit`, estimated above it (see
   * EXACT_COUNT_LIMIT); the whole catalogue's is exact at any size (the totals kept by triggers).
   */
  async count(filter: CatalogFilter): Promise<Counted> {
    if (isEverything(filter)) {
      // Every published listing has a project type: their kept totals add up to the catalogue.
      const [{ count }] = (await this.deps.ds.query(
        `SELECT coalesce(sum(listings), 0)::int AS count FROM catalog_facet_totals WHERE facet = 'PROJECT_TYPE'`,
      )) as Array<{ count: number }>;
      return { count, approximate: false };
    }
    const prepared = await this.prepare(filter);
    const estimate = { count: Math.max(estimated(prepared.sampled), this.exactCountLimit + 1), approximate: true };
    if (prepared.sampled >= this.surelyAboveLimit) return estimate;
    if (sharesMatches(filter)) {
      const shared = await this.countsAndFacets(filter);
      if (prepared.phrase) return { count: phraseEstimate(shared.counted, prepared.phrase.candidates, this.phraseCandidateWindow), approximate: true };
      return shared.approximate ? estimate : { count: shared.counted, approximate: false };
    }
    const params = new SqlParams();
    const { sql: where } = this.where(filter, prepared, params, undefined, 'gather', true);
    const limit = params.add(this.exactCountLimit, 'int');
    // Counted only when the sample holds few matches (a rare filter): planned for all of them (a
    // materialized CTE, read only up to the limit), the text or technology index finds them; with
    // a LIMIT in sight the planner would walk the catalogue index hoping to meet 1,001 soon.
    const [{ counted }] = (await this.deps.ds.query(
      `WITH matches AS MATERIALIZED (SELECT 1 FROM listings l WHERE ${where})
       SELECT count(*)::int AS counted FROM (SELECT 1 FROM matches LIMIT ${limit} + 1) capped`,
      params.values,
    )) as Array<{ counted: number }>;
    if (prepared.phrase && counted <= this.exactCountLimit) return { count: phraseEstimate(counted, prepared.phrase.candidates, this.phraseCandidateWindow), approximate: true };
    return counted <= this.exactCountLimit ? { count: counted, approximate: false } : estimate;
  }


  /** Matching listings per technology, with every filter but the technology one (standard faceting). */
  async technologyCounts(filter: CatalogFilter): Promise<FacetCounts> {
    return this.facetCounts(
      filter,
      'technologies',
      'SELECT lt.technology_id AS id, count(*)::int AS count FROM capped JOIN listing_technologies lt ON lt.listing_id = capped.id GROUP BY lt.technology_id',
      'SELECT t.id, count(*)::int AS count FROM sample, unnest(sample.technology_ids) AS t(id) GROUP BY t.id',
    );
  }

  /** Matching listings per project type, with every filter but the project type one. */
  async projectTypeCounts(filter: CatalogFilter): Promise<FacetCounts> {
    return this.facetCounts(
      filter,
      'projectTypes',
      'SELECT project_type_id AS id, count(*)::int AS count FROM capped GROUP BY project_type_id',
      'SELECT project_type_id AS id, count(*)::int AS count FROM sample GROUP BY project_type_id',
    );
  }

  /** Matching remote listings (one count, id 1), with every filter but "remote only". */
  async remoteCounts(filter: CatalogFilter): Promise<FacetCounts> {
    return this.facetCounts(
      filter,
      'remote',
      `SELECT 1 AS id, count(*)::int AS count FROM capped WHERE capped.location_kind = 'REMOTE'`,
      `SELECT 1 AS id, count(*)::int AS count FROM sample WHERE sample.location_kind = 'REMOTE'`,
    );
  }

  /**
   * Matching listings per budget band (ids index BUDGET_BANDS), in the filter's budget currency
   * (else DEFAULT_BAND_CURRENCY), with every filter but the budget range; bands with none are left out.
   */
  async budgetBandCounts(filter: CatalogFilter): Promise<FacetCounts> {
    return this.facetCounts(filter, 'budget', bandCountsSql('capped'), bandCountsSql('sample'));
  }

  /**
   * One facet's counts in one statement, over the listings matching every filter but the facet's
   * own: their sampled copies (`sample`: technology ids and project type) and, unless the sample
   * already shows SURELY_ABOVE_LIMIT of them, the listings themselves up to `exactCountLimit` + 1
   * (`capped`: id and project type). At most the limit, `exact` counts `capped`; else `sampled`
   * counts `sample`. Only what the decision needs runs (a CTE is read only when referenced).
   * A facet whose universe is the whole catalogue (no filter but its own) reads the totals kept
   * by triggers instead (`catalog_facet_totals`, migration CatalogFacetTotals): exact, a few rows.
   */
  private async facetCounts(filter: CatalogFilter, facet: Facet, exact: string, sampled: string): Promise<FacetCounts> {
    const kept = facet === 'technologies' || facet === 'projectTypes';
    if (kept && isEverything(facet === 'technologies' ? { ...filter, technologyIds: [] } : { ...filter, projectTypeIds: [] })) {
      // The facet's universe is the whole catalogue: its kept totals, exact, whatever its size.
      const counts = (await this.deps.ds.query(`SELECT id, listings AS count FROM catalog_facet_totals WHERE facet = $1 AND listings > 0`, [
        facet === 'technologies' ? 'TECHNOLOGY' : 'PROJECT_TYPE',
      ])) as FacetCount[];
      return { counts, approximate: false };
    }
    if (kept && sharesMatches(filter)) {
      const shared = await this.countsAndFacets(filter);
      const counts = facet === 'technologies' ? shared.technologies : shared.projectTypes;
      const phrase = shared.approximate ? null : (await this.prepare(filter)).phrase;
      if (phrase) return { counts: counts.map(({ id, count }) => ({ id, count: phraseEstimate(count, phrase.candidates, this.phraseCandidateWindow) })), approximate: true };
      return shared.approximate ? { counts: counts.map(({ id, count }) => ({ id, count: estimated(count) })), approximate: true } : { counts, approximate: false };
    }
    const prepared = await this.prepare(filter);
    const params = new SqlParams();
    const { sql: where } = this.where(filter, prepared, params, facet, 'gather', true);
    const sampleWhere = this.sampleWhere(filter, prepared, params, facet);
    const limit = params.add(this.exactCountLimit, 'int');
    const asJson = (counts: string) => `(SELECT coalesce(json_agg(json_build_object('id', c.id, 'count', c.count)), '[]') FROM (${counts}) c)`;
    const [row] = (await this.deps.ds.query(
      `WITH sample AS MATERIALIZED (SELECT s.technology_ids, s.project_type_id, ${FACET_TERMS('s')} FROM catalog_sample s WHERE ${sampleWhere}),
            matches AS MATERIALIZED (SELECT l.id, l.project_type_id, ${FACET_TERMS('l')} FROM listings l WHERE ${where}),
            capped AS MATERIALIZED (SELECT * FROM matches LIMIT ${limit} + 1),
            decided AS (
              SELECT (SELECT count(*) FROM sample) >= ${params.add(this.surelyAboveLimit, 'int')} OR (SELECT count(*) FROM capped) > ${limit} AS approximate
            )
       SELECT approximate, CASE WHEN approximate THEN ${asJson(sampled)} ELSE ${asJson(exact)} END AS counts
         FROM decided`,
      params.values,
    )) as Array<{ approximate: boolean; counts: FacetCount[] }>;
    if (!row.approximate && prepared.phrase) {
      const { candidates } = prepared.phrase;
      return { counts: row.counts.map(({ id, count }) => ({ id, count: phraseEstimate(count, candidates, this.phraseCandidateWindow) })), approximate: true };
    }
    if (!row.approximate) return { counts: row.counts, approximate: false };
    return { counts: row.counts.map(({ id, count }) => ({ id, count: estimated(count) })), approximate: true };
  }

  /**
   * `totalCount` and the technology and project type facets of a filter naming no technology and
   * no project type, in one statement: each facet leaves out only its own filter, which is absent,
   * so all three count the same matches, read once (it was a statement each, reading them three
   * times). The same rule as `count` and `facetCounts`: the listings themselves up to
   * `exactCountLimit` + 1 when the sample holds fewer than SURELY_ABOVE_LIMIT matches, else the
   * sample; `counted` and the facets' counts are of what was read (the caller estimates from the
   * sample's). Once per filter object (a request's count and facets share it), whichever asks first.
   */
  private countsAndFacets(filter: CatalogFilter): Promise<SharedCounts> {
    let shared = this.shared.get(filter);
    if (!shared) {
      shared = (async () => {
        const prepared = await this.prepare(filter);
        const params = new SqlParams();
        const { sql: where } = this.where(filter, prepared, params, undefined, 'gather', true);
        const sampleWhere = this.sampleWhere(filter, prepared, params);
        const limit = params.add(this.exactCountLimit, 'int');
        const asJson = (counts: string) => `(SELECT coalesce(json_agg(json_build_object('id', c.id, 'count', c.count)), '[]') FROM (${counts}) c)`;
        const [row] = (await this.deps.ds.query(
          `WITH sample AS MATERIALIZED (SELECT s.technology_ids, s.project_type_id FROM catalog_sample s WHERE ${sampleWhere}),
                matches AS MATERIALIZED (SELECT l.id, l.project_type_id FROM listings l WHERE ${where}),
                capped AS MATERIALIZED (SELECT * FROM matches LIMIT ${limit} + 1),
                decided AS (
                  SELECT (SELECT count(*) FROM sample) >= ${params.add(this.surelyAboveLimit, 'int')} OR (SELECT count(*) FROM capped) > ${limit} AS approximate
                )
           SELECT approximate,
                  CASE WHEN approximate THEN NULL ELSE (SELECT count(*)::int FROM capped) END AS counted,
                  CASE WHEN approximate
                       THEN ${asJson('SELECT t.id, count(*)::int AS count FROM sample, unnest(sample.technology_ids) AS t(id) GROUP BY t.id')}
                       ELSE ${asJson('SELECT lt.technology_id AS id, count(*)::int AS count FROM capped JOIN listing_technologies lt ON lt.listing_id = capped.id GROUP BY lt.technology_id')}
                  END AS technologies,
                  CASE WHEN approximate
                       THEN ${asJson('SELECT project_type_id AS id, count(*)::int AS count FROM sample GROUP BY project_type_id')}
                       ELSE ${asJson('SELECT project_type_id AS id, count(*)::int AS count FROM capped GROUP BY project_type_id')}
                  END AS project_types
             FROM decided`,
          params.values,
        )) as Array<{ approximate: boolean; counted: number | null; technologies: FacetCount[]; project_types: FacetCount[] }>;
        return { approximate: row.approximate, counted: row.counted ?? 0, technologies: row.technologies, projectTypes: row.project_types };
      })();
      this.shared.set(filter, shared);
      shared.catch(() => this.shared.delete(filter));
    }
    return shared;
  }

  private async newestPage(filter: CatalogFilter, prepared: Prepared, first: number, after: string | null): Promise<CatalogPage> {
    let below: Key | null = null;
    if (after) {
      const [publishedKey, id] = newestCursor.decode(after);
      below = { publishedKey, id };
    }
    const rows = await this.newestRows(filter, prepared, below, first + 1);
    const cursors = new Map(rows.map((row) => [row.id, newestCursor.encode([row.published_key, row.id])]));
    return pageOf(rows, cursors);
  }

  private async searchPage(filter: CatalogFilter, prepared: Prepared, first: number, after: string | null): Promise<CatalogPage> {
    const wanted = first + 1;
    let boundary: Key | null;
    let ranked: CatalogRow[] = [];
    let tail: CatalogRow[] = [];

    if (!after) {
      const firstPage = await this.firstRankedRows(filter, prepared, wanted);
      ranked = firstPage.rows;
      boundary = firstPage.boundary;
      if (ranked.length < wanted && boundary) tail = await this.newestRows(filter, prepared, boundary, wanted - ranked.length);
    } else {
      const [tier, boundaryKey, boundaryId, rankKey, publishedKey, id] = decodeSearchCursor(after);
      boundary = boundaryKey && boundaryId ? { publishedKey: boundaryKey, id: boundaryId } : null;
      if (tier === 'R') {
        ranked = await this.rankedRows(filter, prepared, boundary, { rankKey: rankKey as string, publishedKey, id }, wanted);
        if (ranked.length < wanted && boundary) tail = await this.newestRows(filter, prepared, boundary, wanted - ranked.length);
      } else {
        tail = await this.newestRows(filter, prepared, { publishedKey, id }, wanted);
      }
    }

    const boundaryPart = [boundary?.publishedKey ?? null, boundary?.id ?? null] as const;
    const cursors = new Map<string, string>([
      ...ranked.map((row): [string, string] => [row.id, searchCursor.encode(['R', ...boundaryPart, row.rank_key ?? null, row.published_key, row.id])]),
      ...tail.map((row): [string, string] => [row.id, searchCursor.encode(['T', ...boundaryPart, null, row.published_key, row.id])]),
    ]);
    return pageOf([...ranked, ...tail], cursors);
  }

  /**
   * The first page of a search: ranks the newest `rankedSearchWindow` matches and reports the
   * oldest of them as the boundary between the tiers (null when the window holds every match).
   * Later pages carry that boundary in their cursor, so the tiers stay the same while listings
   * are published: new ones fall above the boundary and never displace older ones.
   */
  private async firstRankedRows(filter: CatalogFilter, prepared: Prepared, limit: number): Promise<{ rows: CatalogRow[]; boundary: Key | null }> {
    const params = new SqlParams();
    const gather = this.gathers(prepared, this.rankedSearchWindow);
    const { sql: where, tsquery: query } = this.where(filter, prepared, params, undefined, gather ? 'gather' : 'walk');
    const rows = (await this.deps.ds.query(
      `WITH recent AS (
         SELECT ${listingColumns('l')}, l.search FROM listings l
          WHERE l.id IN ${newestMatchesSql(where, params.add(this.rankedSearchWindow, 'int'), gather)}
       ), oldest AS (
         SELECT published_at, id, (SELECT count(*) FROM recent)::int AS matches FROM recent ORDER BY published_at, id LIMIT 1
       )
       SELECT ${listingColumns('r')}, ${technologyIdsSql('r')}, ${employerColumns('e')}, ts_rank(r.search, ${query})::text AS rank_key, ${timestampKey('r.published_at')} AS published_key,
              (SELECT matches FROM oldest) AS window_matches,
              (SELECT ${timestampKey('published_at')} FROM oldest) AS boundary_key,
              (SELECT id FROM oldest) AS boundary_id
         FROM recent r ${employerJoinSql('r')}
        ORDER BY ts_rank(r.search, ${query}) DESC, r.published_at DESC, r.id DESC
        LIMIT ${params.add(limit, 'int')}`,
      params.values,
    )) as Array<CatalogRow & { window_matches: number; boundary_key: string; boundary_id: string }>;
    const full = rows.length > 0 && rows[0].window_matches >= this.rankedSearchWindow;
    return { rows, boundary: full ? { publishedKey: rows[0].boundary_key, id: rows[0].boundary_id } : null };
  }

  /** Ranked-tier rows after a cursor: matches at or above the boundary, most relevant first. */
  private async rankedRows(
    filter: CatalogFilter,
    prepared: Prepared,
    boundary: Key | null,
    after: Key & { rankKey: string },
    limit: number,
  ): Promise<CatalogRow[]> {
    const params = new SqlParams();
    const { sql: where, tsquery: query } = this.where(filter, prepared, params);
    const rank = `ts_rank(l.search, ${query})`;
    const inWindow = boundary
      ? `AND (l.published_at, l.id) >= (${params.add(boundary.publishedKey, 'timestamptz')}, ${params.add(boundary.id, 'uuid')})`
      : '';
    return (await this.deps.ds.query(
      `SELECT ${listingColumns('l')}, ${technologyIdsSql('l')}, ${employerColumns('e')}, ${rank}::text AS rank_key, ${timestampKey('l.published_at')} AS published_key
         FROM listings l ${employerJoinSql('l')}
        WHERE ${where} ${inWindow}
          AND (${rank}, l.published_at, l.id) < (${params.add(after.rankKey, 'real')}, ${params.add(after.publishedKey, 'timestamptz')}, ${params.add(after.id, 'uuid')})
        ORDER BY ${rank} DESC, l.published_at DESC, l.id DESC
        LIMIT ${params.add(limit, 'int')}`,
      params.values,
    )) as CatalogRow[];
  }

  /** Matching listings newest first, strictly below `below` when given (served by IDX_listings_catalog). */
  private async newestRows(filter: CatalogFilter, prepared: Prepared, below: Key | null, limit: number): Promise<CatalogRow[]> {
    const params = new SqlParams();
    const gather = this.gathers(prepared, limit);
    const { sql: where } = this.where(filter, prepared, params, undefined, gather ? 'gather' : 'walk');
    const keyset = below ? `AND (l.published_at, l.id) < (${params.add(below.publishedKey, 'timestamptz')}, ${params.add(below.id, 'uuid')})` : '';
    return (await this.deps.ds.query(
      `SELECT ${listingColumns('l')}, ${technologyIdsSql('l')}, ${employerColumns('e')}, ${timestampKey('l.published_at')} AS published_key
         FROM listings l ${employerJoinSql('l')}
        WHERE l.id IN ${newestMatchesSql(`${where} ${keyset}`, params.add(limit, 'int'), gather)}
        ORDER BY l.published_at DESC, l.id DESC`,
      params.values,
    )) as CatalogRow[];
  }

  /**
   * Completions of `prefix` (already normalised, not blank) for search as you type, at most
   * `first`. Ranking: technologies whose name, a word of it or an alias starts with the prefix,
   * then project types whose name has a word starting with it, each by published gigs tagged
   * with them (most first) then name; then words of published titles starting with it, by how
   * many published titles have them. Words that spell a suggested technology are left out.
   * Counts are exact (kept by triggers, not estimated); one statement whatever the prefix.
   */
  async suggestions(prefix: string, first: number): Promise<Suggestion[]> {
    const needle = prefix.toLowerCase();
    const [taxonomy, aliases] = await Promise.all([this.taxonomy.get(), this.aliasesByTechnology()]);
    const startsAWord = (name: string) => {
      const lower = name.toLowerCase();
      return lower.startsWith(needle) || lower.split(/[\s·/]+/u).some((word) => word.startsWith(needle));
    };
    const technologies = taxonomy.technologies.filter(
      (technology) => startsAWord(technology.name) || (aliases.get(technology.localId) ?? []).some((alias) => alias.startsWith(needle)),
    );
    const projectTypes = taxonomy.projectTypes.filter((projectType) => startsAWord(projectType.name));
    const spelled = new Set(technologies.flatMap((technology) => [technology.name.toLowerCase(), ...(aliases.get(technology.localId) ?? [])]));

    // One statement: the matching technologies' and project types' published listings, kept by
    // triggers (`catalog_facet_totals`, migration CatalogFacetTotals), and the title words by prefix.
    const rows = (await this.deps.ds.query(
      `SELECT facet AS kind, id, NULL AS term, listings FROM catalog_facet_totals
        WHERE (facet = 'TECHNOLOGY' AND id = ANY($1::int[])) OR (facet = 'PROJECT_TYPE' AND id = ANY($2::int[]))
       UNION ALL
       (SELECT 'TERM', NULL, term, listings FROM search_terms WHERE term LIKE $3 ESCAPE '\\' AND listings > 0 ORDER BY listings DESC, term LIMIT $4)`,
      [
        technologies.map((technology) => technology.localId),
        projectTypes.map((projectType) => projectType.localId),
        `${needle.replace(/[\\%_]/gu, (character) => `\\${character}`)}%`,
        first + spelled.size,
      ],
    )) as Array<{ kind: SuggestionKind; id: number | null; term: string | null; listings: number }>;
    const technologyCount = new Map(rows.filter((row) => row.kind === 'TECHNOLOGY').map((row) => [row.id, row.listings]));
    const projectTypeCount = new Map(rows.filter((row) => row.kind === 'PROJECT_TYPE').map((row) => [row.id, row.listings]));
    const terms = rows.filter((row) => row.kind === 'TERM').map((row) => ({ term: row.term as string, listings: row.listings }));
    const byCount = (a: Suggestion, b: Suggestion) => b.count - a.count || a.text.localeCompare(b.text);
    return [
      ...technologies
        .map((technology): Suggestion => ({ text: technology.name, kind: 'TECHNOLOGY', id: technology.localId, count: technologyCount.get(technology.localId) ?? 0 }))
        .sort(byCount),
      ...projectTypes
        .map((projectType): Suggestion => ({ text: projectType.name, kind: 'PROJECT_TYPE', id: projectType.localId, count: projectTypeCount.get(projectType.localId) ?? 0 }))
        .sort(byCount),
      ...terms.filter(({ term }) => !spelled.has(term)).map(({ term, listings }): Suggestion => ({ text: term, kind: 'TERM', id: null, count: listings })),
    ].slice(0, first);
  }

  /**
   * A near spelling of the search when it finds little (fewer than FINDS_LITTLE matches with
   * its filters) and the near spelling finds more; null otherwise. Each word of the search that
   * is not an operator, quoted or negated may be replaced by the most similar (pg_trgm, at least
   * NEAR_SPELLING_SIMILARITY) word of published titles, technology name or alias, preferring
   * words in more titles. At most three statements whatever the search.
   */
  async suggestedQuery(filter: CatalogFilter): Promise<string | null> {
    if (!filter.search) return null;
    const search = filter.search;
    const found = await this.cappedCount(filter, FINDS_LITTLE);
    if (found >= FINDS_LITTLE) return null;
    const words = correctableWords(search);
    if (!words.length) return null;
    const rows = (await this.deps.ds.query(
      `WITH candidates AS (
         SELECT term, listings FROM search_terms
         UNION ALL SELECT lower(name), 0 FROM technologies
         UNION ALL SELECT spelling, 0 FROM search_aliases
       )
       SELECT DISTINCT ON (w.word) w.word, c.term
         FROM unnest($1::text[]) AS w(word)
         JOIN LATERAL (
           SELECT term, listings, similarity(term, w.word) AS similarity FROM candidates
            WHERE term % w.word AND term <> w.word AND similarity(term, w.word) >= $2
         ) c ON true
        ORDER BY w.word, c.similarity DESC, c.listings DESC, c.term`,
      [[...new Set(words.map((word) => word.lower))], NEAR_SPELLING_SIMILARITY],
    )) as Array<{ word: string; term: string }>;
    if (!rows.length) return null;
    const replacement = new Map(rows.map(({ word, term }) => [word, term]));
    let corrected = '';
    let at = 0;
    for (const word of words) {
      const term = replacement.get(word.lower);
      if (!term) continue;
      corrected += search.slice(at, word.index) + term;
      at = word.index + word.text.length;
    }
    corrected += search.slice(at);
    const better = await this.cappedCount({ ...filter, search: corrected }, SUGGESTION_COUNT_CAP);
    return better > found ? corrected : null;
  }

  /**
   * The text matches of a page's listings for `search`: one statement, which asks PostgreSQL
   * which of the page's distinct words match the search's positive (not negated) lexemes, after
   * the same normalisation as the index; the fragments are then cut in memory.
   */
  async textMatches(search: string, listings: ReadonlyArray<{ id: string; title: string; description: string }>): Promise<Map<string, TextMatch[]>> {
    const words = distinctWords(listings.flatMap((listing) => [listing.title, listing.description]));
    const matching = new Set<string>();
    if (words.length) {
      const rows = (await this.deps.ds.query(
        `WITH positive AS (
           SELECT array_agg(DISTINCT replace(m[1], '''''', '''')) AS lexemes
             FROM regexp_matches(querytree(catalog_search_query($1))::text, '''((?:[^'']|'''')+)''', 'g') AS m
         )
         SELECT word FROM unnest($2::text[]) AS word, positive
          WHERE tsvector_to_array(to_tsvector('english', catalog_search_text(word))) && positive.lexemes`,
        [search, words],
      )) as Array<{ word: string }>;
      for (const { word } of rows) matching.add(word);
    }
    return new Map(listings.map((listing) => [listing.id, textMatchesOf(listing, matching)]));
  }

  /** Matches of a filter, counted up to `cap`. */
  private async cappedCount(filter: CatalogFilter, cap: number): Promise<number> {
    const prepared = await this.prepare(filter);
    const params = new SqlParams();
    const { sql: where } = this.where(filter, prepared, params, undefined, 'planned', true);
    const [{ count }] = (await this.deps.ds.query(
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM listings l WHERE ${where} LIMIT ${params.add(cap, 'int')}) capped`,
      params.values,
    )) as Array<{ count: number }>;
    return count;
  }

  private aliasesByTechnology(): Promise<Map<number, string[]>> {
    this.aliases ??= (async () => {
      const rows = (await this.deps.ds.query('SELECT spelling, technology_id FROM search_aliases WHERE technology_id IS NOT NULL ORDER BY spelling')) as Array<{
        spelling: string;
        technology_id: number;
      }>;
      const byTechnology = new Map<number, string[]>();
      for (const row of rows) byTechnology.set(row.technology_id, [...(byTechnology.get(row.technology_id) ?? []), row.spelling]);
      return byTechnology;
    })();
    this.aliases.catch(() => {
      this.aliases = undefined;
    });
    return this.aliases;
  }

  /**
   * What every statement of a filter needs, in one statement per filter (a request's page, count
   * and facets share its filter): the taxonomy, the search as a tsquery, computed by PostgreSQL
   * (`searchTsquerySql`) and bound to each later statement as a value, and how many listings of
   * the sample match the filter (the share that decides page plans and counts). Bound as a value rather than computed inside
   * the statement, the planner sees the actual query and its lexemes' frequencies: it walks the
   * catalogue index for a common word and reads the text index for a rare one. (Inside, it is an
   * unknown value the planner takes for a rare one, and reads every match of "remote".)
   */
  private prepare(filter: CatalogFilter): Promise<Prepared> {
    let prepared = this.prepared.get(filter);
    if (!prepared) {
      prepared = (async () => {
        const taxonomy = await this.taxonomy.get();
        const params = new SqlParams();
        const search = filter.search ? `${searchTsquerySql(params.add(filter.search, 'text'))}` : 'NULL::tsquery';
        const sampleWhere = this.sampleWhere(filter, { taxonomy, tsquery: null, sampled: 0, sampleSize: 0 }, params);
        const [row] = (await this.deps.ds.query(
          `WITH q AS (SELECT ${search} AS tsquery)
           SELECT q.tsquery::text AS tsquery,
                  ${isEverything(filter) ? 'NULL::int' : `(SELECT count(*)::int FROM catalog_sample s WHERE ${sampleWhere}${filter.search ? ' AND s.search @@ q.tsquery' : ''})`} AS sampled,
                  (SELECT count(*)::int FROM catalog_sample) AS sample_size
             FROM q`,
          params.values,
        )) as Array<{ tsquery: string | null; sampled: number | null; sample_size: number }>;
        const prepared: Prepared = { taxonomy, tsquery: row.tsquery, sampled: row.sampled ?? row.sample_size, sampleSize: row.sample_size };
        const relaxed = row.tsquery === null ? null : relaxedPhrases(row.tsquery);
        if (relaxed) prepared.phrase = await this.phraseWindow(filter, prepared, relaxed);
        return prepared;
      })();
      this.prepared.set(filter, prepared);
      prepared.catch(() => this.prepared.delete(filter));
    }
    return prepared;
  }

  /**
   * The window of a phrase search (see PHRASE_CANDIDATE_WINDOW), in one statement: the oldest of
   * the newest `phraseCandidateWindow` candidates (listings matching the filter with the phrase's
   * words in any order, `relaxed`) and the candidates of the sample; null when there are no more
   * candidates than the window (every one is checked: nothing to bound).
   *
   * Found by walking the catalogue index newest first until the window's last candidate, the
   * words tested per listing (`where`'s `walk`), when the sample says the phrase is common, as a
   * page would walk (`gathers`, for the window and one); else as the planner chooses, as before.
   * Left to the planner, a common phrase it misjudged read every candidate through the text index
   * (GitLab CI, 28,712 of them at a million: 126–360 ms warm, where the walk reads 10,240 listings
   * in 15–24 ms). The sample's matches of the phrase itself
   * (`prepared.sampled`, from the planning statement) decide: the candidates are a superset, so
   * a walk chosen from them reads no more than the phrase's share promises. Either way the same
   * listing: the same conditions, the same total order.
   */
  private async phraseWindow(filter: CatalogFilter, prepared: Prepared, relaxed: string): Promise<Prepared['phrase']> {
    const params = new SqlParams();
    const candidates = { ...prepared, tsquery: relaxed, phrase: null };
    const walk = !this.gathers(prepared, this.phraseCandidateWindow + 1);
    const { sql: where } = this.where(filter, candidates, params, undefined, walk ? 'walk' : 'planned');
    const sampleWhere = this.sampleWhere(filter, candidates, params);
    const [row] = (await this.deps.ds.query(
      `SELECT b.published_key, b.id, (SELECT count(*)::int FROM catalog_sample s WHERE ${sampleWhere}) AS sampled
         FROM (SELECT ${timestampKey('l.published_at')} AS published_key, l.id FROM listings l WHERE ${where}
                ORDER BY l.published_at DESC, l.id DESC OFFSET ${params.add(this.phraseCandidateWindow, 'int')} LIMIT 1) b`,
      params.values,
    )) as Array<{ published_key: string; id: string; sampled: number }>;
    if (!row) return null;
    return { relaxed, boundary: { publishedKey: row.published_key, id: row.id }, candidates: Math.max(this.phraseCandidateWindow + 1, estimated(row.sampled)) };
  }

  /**
   * Whether a page reads every match through the indexes and sorts them (gather) rather than walk
   * the catalogue index newest first until `limit` match. Walking reads about limit / p listings
   * for a filter matching a share p of the catalogue, gathering about p × N: the sample says p
   * (and N), so a rare filter gathers and a common one walks, whatever the planner guesses (it
   * cannot know how often two words, or a technology and a project type, go together).
   */
  private gathers(prepared: Prepared, limit: number): boolean {
    if (this.pagePlan) return this.pagePlan === 'gather';
    if (prepared.sampleSize === 0) return false;
    const share = prepared.sampled / prepared.sampleSize;
    return share * share * (prepared.sampleSize / SAMPLE_SHARE) < limit;
  }


  /**
   * The conditions of a filter over `listings l`: listed only; OR within a facet (`= ANY`),
   * AND across facets. `except` leaves one facet's own condition out, for that facet's counts.
   * An empty facet's condition is left out, not tested, so the statement holds only conditions
   * its indexes serve; saved searches share the conditions (catalog.sql.ts, which says why they
   * test emptiness in SQL instead). `reading` (see `Reading`): for a statement that reads every
   * match (`gather`: a count, a facet, a gathered page), technologies are tested through their
   * index on `listings` (`hasAnyTechnologyNamedSql`), which PostgreSQL ANDs with the text and
   * project type indexes; otherwise per listing (`hasAnyTechnologySql`). A page that walks
   * (`walk`) also tests the search per listing (`matchesSearchUnindexedSql`), so that the planner
   * keeps the walk the sample chose even where it takes a common search for a rare one.
   * `counting`: for counts and facets, which may count a posting past its end until the expiry
   * job flips it (within a minute: `countedAsListedSql`); pages test the time exactly (`listedSql`).
   */
  private where(
    filter: CatalogFilter,
    prepared: Prepared,
    params: SqlParams,
    except?: Facet,
    reading: Reading = 'planned',
    counting = false,
  ): { sql: string; tsquery: string | null } {
    const conditions = [counting ? countedAsListedSql('l') : listedSql('l')];
    const matches = reading === 'walk' ? matchesSearchUnindexedSql : matchesSearchSql;
    const tsquery = prepared.tsquery === null ? null : params.add(prepared.tsquery, 'tsquery');
    if (tsquery) conditions.push(matches('l', tsquery));
    if (prepared.phrase) {
      // Only the window's candidates: their words (through the text index unless walking), their keys newer than its oldest.
      const { relaxed, boundary } = prepared.phrase;
      conditions.push(matches('l', params.add(relaxed, 'tsquery')));
      conditions.push(`(l.published_at, l.id) > (${params.add(boundary.publishedKey, 'timestamptz')}, ${params.add(boundary.id, 'uuid')})`);
    }
    if (filter.technologyIds.length && except !== 'technologies') {
      conditions.push(
        reading === 'gather'
          ? hasAnyTechnologyNamedSql('l', params.add(technologyNames(filter, prepared.taxonomy), 'text[]'))
          : hasAnyTechnologySql('l', params.add(filter.technologyIds, 'int[]')),
      );
    }
    if (filter.projectTypeIds.length && except !== 'projectTypes') {
      conditions.push(projectTypeInSql('l', params.add(filter.projectTypeIds, 'int[]')));
    }
    if (filter.projectSuperTypeIds.length) {
      conditions.push(projectTypeInSql('l', params.add(superTypesProjectTypeIds(filter, prepared.taxonomy), 'int[]')));
    }
    if (filter.employerId) conditions.push(`l.employer_id = ${params.add(filter.employerId, 'uuid')}`);
    conditions.push(...termsConditions('l', filter, params, except));
    return { sql: conditions.join(' AND '), tsquery };
  }
  /**
   * The same conditions over the sample (`catalog_sample s`, which holds published listings only),
   * for estimates: the same search document and query, the listing's technology ids as an array.
   */
  private sampleWhere(filter: CatalogFilter, prepared: Prepared, params: SqlParams, except?: Facet): string {
    const conditions = ['true'];
    if (prepared.tsquery !== null) conditions.push(matchesSearchSql('s', params.add(prepared.tsquery, 'tsquery')));
    if (filter.technologyIds.length && except !== 'technologies') conditions.push(`s.technology_ids && ${params.add(filter.technologyIds, 'int[]')}`);
    if (filter.projectTypeIds.length && except !== 'projectTypes') {
      conditions.push(projectTypeInSql('s', params.add(filter.projectTypeIds, 'int[]')));
    }
    if (filter.projectSuperTypeIds.length) conditions.push(projectTypeInSql('s', params.add(superTypesProjectTypeIds(filter, prepared.taxonomy), 'int[]')));
    if (filter.employerId) conditions.push(`s.employer_id = ${params.add(filter.employerId, 'uuid')}`);
    conditions.push(...termsConditions('s', filter, params, except));
    return conditions.join(' AND ');
  }

}

/** Newest first: (published key, id). */
const newestCursor = cursorFormat(cursorParts.timestamp, cursorParts.uuid);

/** A budget sort key (BUDGET_SORT_KEYS): an int4. */
const budgetKeyPart: CursorPart<number> = {
  accepts: (value: unknown): value is number => Number.isInteger(value) && (value as number) >= -2_147_483_647 && (value as number) <= 2_147_483_647,
};

/** By budget: the sort, its key, then newest first. */
const budgetCursor = cursorFormat(cursorParts.oneOf('BUDGET_HIGH', 'BUDGET_LOW'), budgetKeyPart, cursorParts.timestamp, cursorParts.uuid);

/** Ranked search: tier (R ranked, T the newest-first tail), the tiers' boundary, rank, then the newest-first key. */
const searchCursor = cursorFormat(
  cursorParts.oneOf('R', 'T'),
  cursorParts.nullable(cursorParts.timestamp),
  cursorParts.nullable(cursorParts.uuid),
  cursorParts.nullable(cursorParts.rank),
  cursorParts.timestamp,
  cursorParts.uuid,
);

function decodeSearchCursor(after: string): SearchCursor {
  const cursor = searchCursor.decode(after);
  const [tier, boundaryKey, boundaryId, rankKey] = cursor;
  const boundaryOk = (boundaryKey === null) === (boundaryId === null);
  const rankOk = tier === 'T' ? rankKey === null : rankKey !== null;
  if (!boundaryOk || !rankOk) throw badInput({ after: 'is not a cursor of this list' });
  return cursor;
}

/** The project types of the filter's super types. */
function superTypesProjectTypeIds(filter: CatalogFilter, taxonomy: Taxonomy): number[] {
  return filter.projectSuperTypeIds.flatMap((id) => taxonomy.projectSuperType(id)?.projectTypes.map((projectType) => projectType.localId) ?? []);
}

/** The names of the filter's technologies (as `listings.technology_names` spells them). */
function technologyNames(filter: CatalogFilter, taxonomy: Taxonomy): string[] {
  return filter.technologyIds.flatMap((id) => taxonomy.technology(id)?.name ?? []);
}

/**
 * Whether the filter's count and its technology and project type facets count the same matches:
 * it names no technology and no project type (each facet leaves out only its own filter), and it
 * is not the whole catalogue (whose counts are the kept totals).
 */
function sharesMatches(filter: CatalogFilter): boolean {
  return !filter.technologyIds.length && !filter.projectTypeIds.length && !isEverything(filter);
}

/** Whether a filter is the whole catalogue. */
function isEverything(filter: CatalogFilter): boolean {
  return (
    !filter.search &&
    !filter.technologyIds.length &&
    !filter.projectTypeIds.length &&
    !filter.projectSuperTypeIds.length &&
    !filter.employerId &&
    !filter.budget &&
    !filter.budgetKind &&
    !filter.remoteOnly
  );
}

/** The terms columns the term facets count, of `listings` or `catalog_sample` (the same names in both). */
const FACET_TERMS = (alias: string) => ['budget_kind', 'budget_min_cents', 'budget_max_cents', 'location_kind'].map((column) => `${alias}.${column}`).join(', ');

/**
 * The terms filters over `alias` (`listings l` or `catalog_sample s`): a budget in the currency
 * overlapping the range, the budget kind, remote only. `except` as in `where`.
 */
function termsConditions(alias: string, filter: CatalogFilter, params: SqlParams, except?: Facet): string[] {
  const conditions: string[] = [];
  if (except === 'budget') {
    conditions.push(budgetInCurrencySql(alias, params.add(filter.budget?.currency ?? DEFAULT_BAND_CURRENCY, 'text')));
  } else if (filter.budget) {
    conditions.push(budgetInCurrencySql(alias, params.add(filter.budget.currency, 'text')));
    if (filter.budget.minCents !== null) conditions.push(budgetReachesSql(alias, params.add(filter.budget.minCents, 'int')));
    if (filter.budget.maxCents !== null) conditions.push(budgetWithinSql(alias, params.add(filter.budget.maxCents, 'int')));
  }
  if (filter.budgetKind) conditions.push(budgetKindIsSql(alias, params.add(filter.budgetKind, 'text')));
  if (filter.remoteOnly && except !== 'remote') conditions.push(isRemoteSql(alias));
  return conditions;
}

/**
 * The ids of the newest `limit` listings of `l` meeting `where`, as a subquery: walking the
 * catalogue index newest first (`where` written for a walk: no condition the text index serves),
 * or gathering every match (a materialized CTE, planned for all of them: the text, technology or
 * employer index) and sorting them (see `CatalogService.gathers`).
 */
function newestMatchesSql(where: string, limit: string, gather: boolean): string {
  return gather
    ? `(WITH matches AS MATERIALIZED (SELECT l.id, l.published_at FROM listings l WHERE ${where})
        SELECT id FROM matches ORDER BY published_at DESC, id DESC LIMIT ${limit})`
    : `(SELECT l.id FROM listings l WHERE ${where} ORDER BY l.published_at DESC, l.id DESC LIMIT ${limit})`;
}

/**
 * A tsquery's text with each phrase operator (`<->`, `<N>`) made an AND: the phrase's words in any
 * order, a superset of its matches that the text index finds without reading the texts; null when
 * the query has no phrase, or has a negation (relaxing a negated phrase would narrow, not widen).
 * Lexemes are quoted in the text, so only operators are replaced.
 */
export function relaxedPhrases(tsquery: string): string | null {
  const operators = tsquery.replace(/'(?:[^']|'')*'/g, "''");
  if (!/<(?:-|\d+)>/.test(operators) || operators.includes('!')) return null;
  return tsquery.replace(/('(?:[^']|'')*')|<(?:-|\d+)>/g, (_match: string, lexeme: string | undefined) => lexeme ?? '&');
}

/** The catalogue-wide estimate of a phrase's `matches` among the window's candidates: scaled to every candidate. */
function phraseEstimate(matches: number, candidates: number, window: number): number {
  return Math.round((matches * candidates) / window);
}

/** The catalogue-wide estimate of `sampled` matches in the sample (see SAMPLE_SHARE). */
function estimated(sampled: number): number {
  return Math.round(sampled / SAMPLE_SHARE);
}

function pageOf(rows: CatalogRow[], cursors: Map<string, string>): CatalogPage {
  return {
    rows: rows.map(listingFromRow),
    cursorOf: (listing) => cursors.get(listing.id) ?? '',
    readWith: new Map(rows.map((row) => [row.id, { technologyIds: row.technology_ids, employer: employerFromRow(row) }])),
  };
}

/**
 * The words of a search a near spelling may replace, with where they are: words of a letter then
 * letters or digits, 3 or more characters, outside quotes, not negated, not part of a longer
 * token (node.js, c++) and not the `or` operator.
 */
export function correctableWords(search: string): Array<{ text: string; lower: string; index: number }> {
  const words: Array<{ text: string; lower: string; index: number }> = [];
  let quoted = false;
  for (const found of search.matchAll(/"|[\p{L}\p{N}_][\p{L}\p{N}_.+#&-]*/gu)) {
    const text = found[0];
    if (text === '"') {
      quoted = !quoted;
      continue;
    }
    const index = found.index ?? 0;
    const negated = search[index - 1] === '-';
    if (quoted || negated || !/^\p{L}[\p{L}\p{N}]{2,}$/u.test(text) || text.toLowerCase() === 'or') continue;
    words.push({ text, lower: text.toLowerCase(), index });
  }
  return words;
}
