import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { registerNodeType, type Node } from '../../graphql/node';
import type { Taxonomy } from './taxonomy.service';
import { ProjectSuperTypeType, ProjectTypeType, TechnologyClassType, TechnologyType } from './taxonomy.type';

function registerTaxonomyNode(typeName: string, find: (taxonomy: Taxonomy, id: number) => Node | undefined): void {
  registerNodeType(typeName, async (localId, ctx) => find(await ctx.services.taxonomy.get(), Number(localId)) ?? null, 'int');
}
registerTaxonomyNode('ProjectSuperType', (taxonomy, id) => taxonomy.projectSuperType(id));
registerTaxonomyNode('ProjectType', (taxonomy, id) => taxonomy.projectType(id));
registerTaxonomyNode('TechnologyClass', (taxonomy, id) => taxonomy.technologyClass(id));
registerTaxonomyNode('Technology', (taxonomy, id) => taxonomy.technology(id));

@Resolver()
export class TaxonomyResolver {
  @Query(() => [ProjectSuperTypeType], { description: 'Every project super type, in a stable order.' })
  async projectSuperTypes(@Ctx() ctx: Context): Promise<readonly ProjectSuperTypeType[]> {
    return (await ctx.services.taxonomy.get()).projectSuperTypes;
  }

  @Query(() => [ProjectTypeType], { description: 'Every project type, in a stable order (grouped by super type).' })
  async projectTypes(@Ctx() ctx: Context): Promise<readonly ProjectTypeType[]> {
    return (await ctx.services.taxonomy.get()).projectTypes;
  }

  @Query(() => [TechnologyClassType], { description: 'Every technology class, in a stable order.' })
  async technologyClasses(@Ctx() ctx: Context): Promise<readonly TechnologyClassType[]> {
    return (await ctx.services.taxonomy.get()).technologyClasses;
  }

  @Query(() => [TechnologyType], { description: 'Every technology, in a stable order (grouped by class).' })
  async technologies(@Ctx() ctx: Context): Promise<readonly TechnologyType[]> {
    return (await ctx.services.taxonomy.get()).technologies;
  }
}
