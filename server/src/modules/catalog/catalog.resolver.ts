import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { pageSize, toPage } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { toListingType } from '../listings/listing.type';
import { ListingFilterInput, toCatalogFilter } from './catalog.inputs';
import type { FacetCount } from './catalog.service';
import { ListingConnection, ListingFacets, ProjectTypeFacetType, TechnologyFacetType } from './catalog.type';

@Resolver(() => ListingConnection)
export class CatalogResolver {
  @Query(() => ListingConnection, {
    description:
      'The public catalogue: published listings matching the filter, newest first, or by relevance with a search. Pages with `first` and `after` (keyset: no repeats or gaps while listings are published).',
  })
  async listings(
    @Ctx() ctx: Context,
    @Arg('filter', () => ListingFilterInput, { nullable: true, description: 'What to look for; everything published when omitted.' })
    filter: ListingFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after: string | null,
  ): Promise<ListingConnection> {
    const limit = pageSize(first);
    const resolved = toCatalogFilter(filter, await ctx.services.taxonomy.get());
    const page = await ctx.services.catalog.page(resolved, limit, after ?? null);
    return Object.assign(new ListingConnection(), { ...toPage(page.rows, limit, page.cursorOf, toListingType), filter: resolved });
  }

  @FieldResolver(() => Int, { description: 'How many published listings match the filter in all (its own query: select it only when needed).' })
  async totalCount(@Root() connection: ListingConnection, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.catalog.count(connection.filter);
  }

  @FieldResolver(() => ListingFacets, { description: 'Counts of matching listings per technology and per project type, for facet filters.' })
  facets(@Root() connection: ListingConnection): ListingFacets {
    return Object.assign(new ListingFacets(), { filter: connection.filter });
  }
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
  @FieldResolver(() => [TechnologyFacetType], { description: 'Technologies of matching listings, ignoring the technology filter itself.' })
  async technologies(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<TechnologyFacetType[]> {
    const [taxonomy, counts] = await Promise.all([ctx.services.taxonomy.get(), ctx.services.catalog.technologyCounts(facets.filter)]);
    return facetValues(counts, facets.filter.technologyIds, (id) => taxonomy.technology(id)).map(({ item, count }) =>
      Object.assign(new TechnologyFacetType(), { technology: item, count }),
    );
  }

  @FieldResolver(() => [ProjectTypeFacetType], { description: 'Project types of matching listings, ignoring the project type filter itself.' })
  async projectTypes(@Root() facets: ListingFacets, @Ctx() ctx: Context): Promise<ProjectTypeFacetType[]> {
    const [taxonomy, counts] = await Promise.all([ctx.services.taxonomy.get(), ctx.services.catalog.projectTypeCounts(facets.filter)]);
    return facetValues(counts, facets.filter.projectTypeIds, (id) => taxonomy.projectType(id)).map(({ item, count }) =>
      Object.assign(new ProjectTypeFacetType(), { projectType: item, count }),
    );
  }
}
