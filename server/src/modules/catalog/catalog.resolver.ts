import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { pageSize, toPage } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { ListingConnectionBase, type ListingType, toListingType } from '../listings/listing.type';
import type { ListingEntity } from '../listings/listing.entity';
import { CATALOG_SORTS, ListingFilterInput, ListingSortEnum, SearchSuggestionsArgs, toCatalogFilter } from './catalog.inputs';
import {
  BUDGET_BANDS,
  DEFAULT_BAND_CURRENCY,
  EXACT_COUNT_LIMIT,
  FINDS_LITTLE,
  NEAR_SPELLING_SIMILARITY,
  type Counted,
  type FacetCount,
  type FacetCounts,
} from './catalog.service';
import {
  BudgetBandType,
  BudgetFacetType,
  RemoteFacetType,
  ListingConnection,
  ListingFacets,
  ProjectTypeFacetType,
  SearchSuggestionKind,
  SearchSuggestionType,
  TechnologyFacetType,
  TextMatchType,
} from './catalog.type';
import type { TextMatch } from './text-matches';

/**
 * The text matches of a catalogue page's edges, computed once for the whole page (one statement)
 * when the first edge asks: edges of other lists (an employer's listings) have none.
 */
const edgeTextMatches = new WeakMap<object, { listingId: string; page: () => Promise<Map<string, TextMatch[]>> }>();

function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= compute());
}

@Resolver(() => ListingConnection)
export class CatalogResolver {
  @Query(() => ListingConnection, {
    description:
      'The public catalogue: published listings matching the filter, in the order of `sort` (by relevance with a search, else newest first, by default; or by budget). Pages with `first` and `after` (keyset: no repeats or gaps while listings are published; the cursor holds the sort key).',
  })
  async listings(
    @Ctx() ctx: Context,
    @Arg('filter', () => ListingFilterInput, { nullable: true, description: 'What to look for; everything published when omitted.' })
    filter: ListingFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page (of the same sort).' }) after: string | null,
    @Arg('sort', () => ListingSortEnum, { nullable: true, description: 'The order; RELEVANCE when left out (newest first without a search).' }) sort: ListingSortEnum | null,
  ): Promise<ListingConnection> {
    const limit = pageSize(first);
    const resolved = toCatalogFilter(filter, await ctx.services.taxonomy.get(), sort);
    const page = await ctx.services.catalog.page(resolved, limit, after ?? null, CATALOG_SORTS[sort ?? ListingSortEnum.RELEVANCE]);
    // The page's statement read each listing's technologies and employer: neither needs a statement of its own.
    const present = (listing: ListingEntity) => Object.assign(toListingType(listing), { readWith: page.readWith.get(listing.id) });
    const connection = Object.assign(new ListingConnection(), { ...toPage(page.rows, limit, page.cursorOf, present), filter: resolved });
    const search = resolved.search;
    if (search) {
      const rows = page.rows.slice(0, limit);
      const matches = once(() => ctx.services.catalog.textMatches(search, rows));
      connection.edges.forEach((edge, index) => edgeTextMatches.set(edge, { listingId: rows[index].id, page: matches }));
    }
    return connection;
  }

  @Query(() => [SearchSuggestionType], {
    description:
      'Suggestions for search as you type: technologies (by name, a word of the name or an alias such as "k8s"), then project types (by a word of the name), each ordered by published gigs tagged with them, then words of published gig titles starting with `prefix`, ordered by how many titles have them. Errors: BAD_USER_INPUT naming `prefix` (blank or too long) or `first` (out of range).',
  })
  async searchSuggestions(@Args(() => SearchSuggestionsArgs) { prefix, first }: SearchSuggestionsArgs, @Ctx() ctx: Context): Promise<SearchSuggestionType[]> {
    const [taxonomy, suggestions] = await Promise.all([ctx.services.taxonomy.get(), ctx.services.catalog.suggestions(prefix, first)]);
    return suggestions.map((suggestion) =>
      Object.assign(new SearchSuggestionType(), {
        text: suggestion.text,
        kind: SearchSuggestionKind[suggestion.kind],
        technology: suggestion.kind === 'TECHNOLOGY' && suggestion.id !== null ? (taxonomy.technology(suggestion.id) ?? null) : null,
        projectType: suggestion.kind === 'PROJECT_TYPE' && suggestion.id !== null ? (taxonomy.projectType(suggestion.id) ?? null) : null,
        count: suggestion.count,
      }),
    );
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `A near spelling of \`filter.search\` to offer as "Did you mean …": set when the search finds fewer than ${FINDS_LITTLE} listings (with the other filters) and the near spelling finds more. Each word of the search (not quoted, negated or an operator) may be replaced by the most similar word of published gig titles or technology name or alias (trigram similarity at least ${NEAR_SPELLING_SIMILARITY}). Null without a search. Its own queries: select it only when needed.`,
  })
  async suggestedQuery(@Root() connection: ListingConnection, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.services.catalog.suggestedQuery(connection.filter);
  }

  @FieldResolver(() => Int, {
    description: `How many published listings match the filter in all: exact up to ${EXACT_COUNT_LIMIT.toLocaleString('en')}, an estimate above (see \`totalCountIsApproximate\`). Its own query: select it only when needed.`,
  })
  async totalCount(@Root() connection: ListingConnection, @Ctx() ctx: Context): Promise<number> {
    return (await counted(connection, ctx)).count;
  }

  @FieldResolver(() => Boolean, {
    description: `Whether \`totalCount\` is an estimate. Counts are exact up to ${EXACT_COUNT_LIMIT.toLocaleString('en')} matches; above that they are estimated from a fixed 1% sample of the published listings (within a few percent for large counts; never ${EXACT_COUNT_LIMIT.toLocaleString('en')} or less), so show them as "about …". Computed with \`totalCount\` (one query for both).`,
  })
  async totalCountIsApproximate(@Root() connection: ListingConnection, @Ctx() ctx: Context): Promise<boolean> {
    return (await counted(connection, ctx)).approximate;
  }

  @FieldResolver(() => ListingFacets, { description: 'Counts of matching listings per technology and per project type, for facet filters.' })
  facets(@Root() connection: ListingConnection): ListingFacets {
    return Object.assign(new ListingFacets(), { filter: connection.filter });
  }
}

function counted(connection: ListingConnection, ctx: Context): Promise<Counted> {
  return (connection.counted ??= ctx.services.catalog.count(connection.filter));
}

function technologyCounts(facets: ListingFacets, ctx: Context): Promise<FacetCounts> {
  return (facets.technologyCounts ??= ctx.services.catalog.technologyCounts(facets.filter));
}

function projectTypeCounts(facets: ListingFacets, ctx: Context): Promise<FacetCounts> {
  return (facets.projectTypeCounts ??= ctx.services.catalog.projectTypeCounts(facets.filter));
}

/** Facet values by count (most first), then by name; selected values with no match are kept with 0. */
function facetValues<T extends { localId: number; name: string }>(
  counts: FacetCount[],
  selected: number[],
  find: (id: number) => T | undefined,
): Array<{ item: T; count: number }> {
  const byId = new Map(counts.map(({ id, count }) => [id, count]));
  for (const id of selected) if (!byId.has(id)) byId.set(id, 0);
  return [...byId]
    .map(([id, count]) => ({ item: find(id), count }))
    .filter((value): value is { item: T; count: number } => value.item !== undefined)
    .sort((a, b) => b.count - a.count || a.item.name.localeCompare(b.item.name));
}

@Resolver(() => ListingFacets)
export class ListingFacetsResolver {
  @FieldResolver(() => RemoteFacetType, { description: 'How many matching gigs are remote, ignoring the "remote only" filter itself. Its own query.' })
  async remote(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<RemoteFacetType> {
    const { counts, approximate } = await ctx.services.catalog.remoteCounts(facets.filter);
    return Object.assign(new RemoteFacetType(), { count: counts[0]?.count ?? 0, approximate });
  }

  @FieldResolver(() => BudgetFacetType, { description: 'Matching gigs per budget band, ignoring the budget range filter itself (its currency stays). Its own query.' })
  async budget(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<BudgetFacetType> {
    const { counts, approximate } = await ctx.services.catalog.budgetBandCounts(facets.filter);
    const byBand = new Map(counts.map(({ id, count }) => [id, count]));
    const bands = BUDGET_BANDS.flatMap((band, index) => {
      const count = byBand.get(index) ?? 0;
      return count > 0 ? [Object.assign(new BudgetBandType(), { ...band, count })] : [];
    });
    return Object.assign(new BudgetFacetType(), { currency: facets.filter.budget?.currency ?? DEFAULT_BAND_CURRENCY, bands, approximate });
  }

  @FieldResolver(() => [TechnologyFacetType], { description: 'Technologies of matching listings, ignoring the technology filter itself.' })
  async technologies(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<TechnologyFacetType[]> {
    const [taxonomy, counts] = await Promise.all([ctx.services.taxonomy.get(), technologyCounts(facets, ctx)]);
    return facetValues(counts.counts, facets.filter.technologyIds, (id) => taxonomy.technology(id)).map(({ item, count }) =>
      Object.assign(new TechnologyFacetType(), { technology: item, count }),
    );
  }

  @FieldResolver(() => [ProjectTypeFacetType], { description: 'Project types of matching listings, ignoring the project type filter itself.' })
  async projectTypes(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<ProjectTypeFacetType[]> {
    const [taxonomy, counts] = await Promise.all([ctx.services.taxonomy.get(), projectTypeCounts(facets, ctx)]);
    return facetValues(counts.counts, facets.filter.projectTypeIds, (id) => taxonomy.projectType(id)).map(({ item, count }) =>
      Object.assign(new ProjectTypeFacetType(), { projectType: item, count }),
    );
  }

  @FieldResolver(() => Boolean, {
    description: `Whether the facets' counts are estimates: a facet counts exactly while at most ${EXACT_COUNT_LIMIT.toLocaleString('en')} listings match every filter but its own, and estimates from a fixed 1% sample of the published listings above that (the same rule as \`ListingConnection.totalCountIsApproximate\`). True when either facet's are. Selecting it computes both facets.`,
  })
  async approximate(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<boolean> {
    const [technologies, projectTypes] = await Promise.all([technologyCounts(facets, ctx), projectTypeCounts(facets, ctx)]);
    return technologies.approximate || projectTypes.approximate;
  }
}

@Resolver(() => ListingConnectionBase.Edge)
export class ListingEdgeResolver {
  @FieldResolver(() => [TextMatchType], {
    description:
      "Why the listing matched the catalogue's search, in GitHub's shape: at most one match for `title` and one for `description`, each a fragment with the matched words' UTF-16 offsets. A word matches when it matches a word of the search as the search does (technology names, word parts, aliases, stemming); negated words do not. Empty without a search, for a listing matched only by its technology tags, and outside the catalogue. Computed once per page.",
  })
  async textMatches(@Root() edge: { node: ListingType }): Promise<TextMatchType[]> {
    const entry = edgeTextMatches.get(edge);
    if (!entry) return [];
    return ((await entry.page()).get(entry.listingId) ?? []).map((match) => Object.assign(new TextMatchType(), match));
  }
}
