import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context';
import { parseUuidId } from '../../graphql/global-id';
import { registerNodeType } from '../../graphql/node';
import { ProjectSuperTypeType, ProjectTypeType, TechnologyType } from '../taxonomy/taxonomy.type';
import { SaveSearchInput, toStoredFilter } from './saved-search.inputs';
import { SavedSearchFilterType, SavedSearchType, toSavedSearchType } from './saved-search.type';

registerNodeType('SavedSearch', async (id, ctx) => {
  if (!ctx.viewer) return null;
  const searches = await ctx.services.savedSearches.listForUser(ctx.viewer.userId);
  const search = searches.find((item) => item.id === id);
  return search ? toSavedSearchType(search) : null;
});

@Resolver(() => SavedSearchType)
export class SavedSearchResolver {
  @Query(() => [SavedSearchType], { description: "The viewer's saved searches, newest first." })
  async savedSearches(@Ctx() ctx: Context): Promise<SavedSearchType[]> {
    const viewer = requireViewer(ctx);
    return (await ctx.services.savedSearches.listForUser(viewer.userId)).map(toSavedSearchType);
  }

  @Mutation(() => SavedSearchType, {
    description: 'Saves a catalogue filter (at most 50 per user): every listing published from now on that matches it sends you a SAVED_SEARCH_MATCH notification, live.',
  })
  async saveSearch(@Arg('input', () => SaveSearchInput, { description: 'Name and catalogue filter to save.' }) input: SaveSearchInput, @Ctx() ctx: Context): Promise<SavedSearchType> {
    const viewer = requireViewer(ctx);
    const filter = toStoredFilter(input.filter, await ctx.services.taxonomy.get());
    return toSavedSearchType(await ctx.services.savedSearches.save(viewer.userId, { name: input.name, filter }));
  }

  @Mutation(() => ID, { description: "Deletes one of the viewer's saved searches and returns its id; anyone else's is NOT_FOUND." })
  async deleteSavedSearch(@Arg('id', () => ID, { description: 'The saved search.' }) id: string, @Ctx() ctx: Context): Promise<string> {
    const viewer = requireViewer(ctx);
    await ctx.services.savedSearches.delete(viewer.userId, parseUuidId('SavedSearch', id, 'id'));
    return id;
  }
}

@Resolver(() => SavedSearchFilterType)
export class SavedSearchFilterResolver {
  @FieldResolver(() => [TechnologyType], { description: 'Technologies: the listing needs any of them (empty: any technology).' })
  async technologies(@Root() filter: SavedSearchFilterType, @Ctx() ctx: Context): Promise<TechnologyType[]> {
    const taxonomy = await ctx.services.taxonomy.get();
    return filter.stored.technologyIds.flatMap((id) => taxonomy.technology(id) ?? []);
  }

  @FieldResolver(() => [ProjectTypeType], { description: 'Project types: the listing is any of them (empty: any).' })
  async projectTypes(@Root() filter: SavedSearchFilterType, @Ctx() ctx: Context): Promise<ProjectTypeType[]> {
    const taxonomy = await ctx.services.taxonomy.get();
    return filter.stored.projectTypeIds.flatMap((id) => taxonomy.projectType(id) ?? []);
  }

  @FieldResolver(() => [ProjectSuperTypeType], { description: "Project super types: the listing's project type belongs to any of them (empty: any)." })
  async projectSuperTypes(@Root() filter: SavedSearchFilterType, @Ctx() ctx: Context): Promise<ProjectSuperTypeType[]> {
    const taxonomy = await ctx.services.taxonomy.get();
    return filter.stored.projectSuperTypeIds.flatMap((id) => taxonomy.projectSuperType(id) ?? []);
  }
}
