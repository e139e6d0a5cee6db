import { rng, searchPhrase, searchPrefix } from './corpus';

/* What the catalogue benchmark asks: each scenario a stream of GraphQL requests, drawn at random where the scenario has anything to draw. */

export const PAGE = 20;

export interface Taxonomy {
  technologies: Array<{ id: string; name: string }>;
  projectTypes: Array<{ id: string }>;
  projectSuperTypes: Array<{ id: string; name: string }>;
}

/** What the schema offers today, found by introspection (other work adds fields while this runs). */
export interface SchemaFeatures {
  /** `Query.searchSuggestions` and the scalar fields of what it returns, or null when it is not in the schema. */
  suggestionFields: string[] | null;
  /** `ListingConnection.totalCountIsApproximate` exists. */
  approximateTotal: boolean;
  /** `ListingFacets.approximate` exists. */
  approximateFacets: boolean;
}

export interface Scenario {
  name: string;
  description: string;
  query: string;
  /** The variables of one request; `random` is seeded, so a run draws the same requests every time. */
  variables: (random: () => number) => Record<string, unknown>;
  /** Whether requests differ from one another (false: the same request every time). */
  drawn: boolean;
  /** The p99 the issue asks for, in milliseconds. */
  targetP99Ms: number;
  /** Why it was not measured (for example a field not in the schema yet). */
  skipped?: string;
  note?: string;
}

const LISTING_FIELDS = `
  edges {
    cursor
    node {
      id title publishedAt
      projectType { id name }
      technologies { id name }
      employer { id name }
    }
  }
  pageInfo { hasNextPage endCursor }`;

const PAGE_QUERY = `query Page($filter: ListingFilter, $first: Int, $after: String) {
  listings(filter: $filter, first: $first, after: $after) { ${LISTING_FIELDS} }
}`;

function pageWithCountsQuery(features: SchemaFeatures): string {
  return `query PageWithCounts($filter: ListingFilter, $first: Int) {
  listings(filter: $filter, first: $first) {
    ${LISTING_FIELDS}
    totalCount${features.approximateTotal ? ' totalCountIsApproximate' : ''}
    facets {
      technologies { technology { id } count }
      projectTypes { projectType { id } count }${features.approximateFacets ? '\n      approximate' : ''}
    }
  }
}`;
}

export const SCHEMA_FEATURES_QUERY = `{
  query: __type(name: "Query") { fields { name type { ofType { ofType { ofType { name } } } } } }
  connection: __type(name: "ListingConnection") { fields { name } }
  facets: __type(name: "ListingFacets") { fields { name } }
}`;

export async function schemaFeatures(ask: (query: string) => Promise<any>): Promise<SchemaFeatures> {
  const data = await ask(SCHEMA_FEATURES_QUERY);
  const suggestions = data.query.fields.find((field: any) => field.name === 'searchSuggestions');
  let suggestionFields: string[] | null = null;
  if (suggestions) {
    // [SearchSuggestion!]! : NON_NULL → LIST → NON_NULL → the object type.
    const typeName: string | undefined = suggestions.type?.ofType?.ofType?.ofType?.name;
    const type = typeName ? (await ask(`{ __type(name: ${JSON.stringify(typeName)}) { fields { name type { kind ofType { kind } } } } }`)).__type : null;
    const scalar = (field: any) => [field.type.kind, field.type.ofType?.kind].some((kind) => kind === 'SCALAR' || kind === 'ENUM');
    suggestionFields = (type?.fields ?? []).filter(scalar).map((field: any) => field.name as string);
  }
  const has = (type: any, name: string) => Boolean(type?.fields?.some((field: any) => field.name === name));
  return { suggestionFields, approximateTotal: has(data.connection, 'totalCountIsApproximate'), approximateFacets: has(data.facets, 'approximate') };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** A filter as a visitor builds it with the facet checkboxes: one or two technologies, a project type or a super type, or both. */
function facetFilter(random: () => number, taxonomy: Taxonomy): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const roll = random();
  if (roll < 0.7) {
    const technologies = [pick(random, taxonomy.technologies).id];
    if (random() < 0.3) technologies.push(pick(random, taxonomy.technologies).id);
    filter.technologyIds = [...new Set(technologies)];
  }
  if (roll >= 0.4) {
    if (random() < 0.6) filter.projectTypeIds = [pick(random, taxonomy.projectTypes).id];
    else filter.projectSuperTypeIds = [pick(random, taxonomy.projectSuperTypes).id];
  }
  return filter;
}

const SORTED_PAGE_WITH_COUNTS = `query SortedPageWithCounts($filter: ListingFilter, $first: Int, $sort: ListingSort) {
  listings(filter: $filter, first: $first, sort: $sort) {
    ${LISTING_FIELDS}
    totalCount totalCountIsApproximate
    facets {
      approximate
      technologies { technology { id } count }
      projectTypes { projectType { id } count }
      remote { count }
      budget { currency bands { minCents maxCents count } }
    }
  }
}`;

/**
 * Terms filters as a visitor sets them (bench/corpus.ts `benchTerms` makes the catalogue's terms):
 * a budget range in a currency (USD, EUR or GBP mostly; one end or both, in the amounts of a fixed
 * price or an hourly rate), the budget kind, remote only, each now and then and at least one; with
 * a technology or project type a third of the time.
 */
function termsFilter(random: () => number, taxonomy: Taxonomy): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const roll = random();
  if (roll < 0.6) {
    const hourly = random() < 0.4;
    const currency = pick(random, ['USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'CAD', 'INR']);
    const unit = hourly ? pick(random, [20, 40, 60, 100]) : pick(random, [500, 2_000, 10_000, 40_000]);
    const range: Record<string, unknown> = { currency };
    const ends = random();
    if (ends < 0.7) range.minCents = unit * 100;
    if (ends >= 0.4) range.maxCents = unit * (2 + Math.floor(random() * 3)) * 100;
    filter.budget = range;
    if (random() < 0.5) filter.budgetKind = hourly ? 'HOURLY' : 'FIXED';
  } else if (roll < 0.8) {
    filter.budgetKind = random() < 0.5 ? 'HOURLY' : 'FIXED';
  }
  if (roll >= 0.6 || random() < 0.3) filter.remoteOnly = true;
  if (random() < 0.33) Object.assign(filter, facetFilter(random, taxonomy));
  return filter;
}

export function scenarios(taxonomy: Taxonomy, features: SchemaFeatures, deepCursors: string[]): Scenario[] {
  const withCounts = pageWithCountsQuery(features);
  const suggestionQuery = features.suggestionFields
    ? `query Suggest($prefix: String!) { searchSuggestions(prefix: $prefix) { ${features.suggestionFields.join(' ')} } }`
    : '';
  return [
    {
      name: 'first page',
      description: `listings(first: ${PAGE}) with project type, technologies, employer; no search, no counts`,
      query: PAGE_QUERY,
      variables: () => ({ first: PAGE }),
      drawn: false,
      targetP99Ms: 100,
      note: 'Nothing to draw at random: every request is the same (the app keeps no page cache).',
    },
    {
      name: 'first page + totalCount + facets',
      description: 'what the web app asks for on arrival: no search, no filter',
      query: withCounts,
      variables: () => ({ first: PAGE }),
      drawn: false,
      targetP99Ms: 100,
      note:
        'The same request every time, but nothing caches it: the count and the facets of the whole catalogue are read from the ' +
        'totals kept by triggers (`catalog_facet_totals`, exact) on every request, in the app and in the replay alike.',
    },
    {
      name: 'search + totalCount + facets',
      description: 'a phrase drawn at random per request (technology names and aliases, everyday words, pairs, rare words, quoted phrases)',
      query: withCounts,
      variables: (random) => ({ first: PAGE, filter: { search: searchPhrase(random) } }),
      drawn: true,
      targetP99Ms: 100,
    },
    {
      name: 'filters + totalCount + facets',
      description: 'technologies and/or a project type or super type drawn at random, no search',
      query: withCounts,
      variables: (random) => ({ first: PAGE, filter: facetFilter(random, taxonomy) }),
      drawn: true,
      targetP99Ms: 100,
    },
    {
      name: 'filters + search + totalCount + facets',
      description: 'a phrase and filters, both drawn at random',
      query: withCounts,
      variables: (random) => ({ first: PAGE, filter: { ...facetFilter(random, taxonomy), search: searchPhrase(random) } }),
      drawn: true,
      targetP99Ms: 100,
    },
    {
      name: 'filters, page only',
      description: 'filters drawn at random, without totalCount and facets',
      query: PAGE_QUERY,
      variables: (random) => ({ first: PAGE, filter: facetFilter(random, taxonomy) }),
      drawn: true,
      targetP99Ms: 100,
    },
    {
      name: 'terms filters + sort + totalCount + facets',
      description: 'budget range, budget kind and/or remote only (and now and then a technology or project type) drawn at random, sorted newest first or by budget either way, with every facet',
      query: SORTED_PAGE_WITH_COUNTS,
      variables: (random) => {
        const filter = termsFilter(random, taxonomy);
        // A budget sort needs a currency and a pay kind (the API refuses it otherwise).
        const sortable = Boolean((filter.budget as { currency?: string } | undefined)?.currency && filter.budgetKind);
        return { first: PAGE, filter, sort: pick(random, sortable ? ['RELEVANCE', 'BUDGET_HIGH_TO_LOW', 'BUDGET_LOW_TO_HIGH'] : ['RELEVANCE', 'NEWEST']) };
      },
      drawn: true,
      targetP99Ms: 100,
      note: 'Needs a seed with terms (seed version 3, or a version 2 database after --backfill-terms).',
    },
    {
      name: 'deep keyset page',
      description: `after a cursor drawn at random anywhere in the catalogue (${deepCursors.length.toLocaleString('en')} depths), no search`,
      query: PAGE_QUERY,
      variables: (random) => ({ first: PAGE, after: pick(random, deepCursors) }),
      drawn: true,
      targetP99Ms: 100,
    },
    {
      name: 'searchSuggestions',
      description: 'searchSuggestions(prefix) with a prefix of 1–5 characters of a technology or word, drawn at random',
      query: suggestionQuery,
      variables: (random) => ({ prefix: searchPrefix(random) }),
      drawn: true,
      targetP99Ms: 30,
      skipped: features.suggestionFields ? undefined : 'not in schema: Query.searchSuggestions does not exist yet (introspected at the start of the run)',
    },
  ];
}

/**
 * `size` request bodies of a scenario, distinct where it draws at random (so no cache, in the
 * app or in PostgreSQL's plans, answers one request with another's work). The pool of a scenario
 * with few possible requests may come out smaller; the report says when a run repeated bodies.
 */
export function requestBodies(scenario: Scenario, size: number, seed: number): string[] {
  const random = rng(seed);
  const bodies = new Set<string>();
  const attempts = scenario.drawn ? size * 20 : 1;
  for (let i = 0; i < attempts && bodies.size < size; i += 1) {
    bodies.add(JSON.stringify({ query: scenario.query, variables: scenario.variables(random) }));
  }
  return [...bodies];
}
