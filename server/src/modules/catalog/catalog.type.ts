import { Field, Int, ObjectType } from 'type-graphql';
import { ListingConnectionBase } from '../listings/listing.type';
import type { CatalogFilter } from './catalog.service';
import { ProjectTypeType, TechnologyType } from '../taxonomy/taxonomy.type';

@ObjectType('ListingConnection', {
  description: 'A page of the public catalogue. `totalCount` and `facets` are computed only when selected.',
})
export class ListingConnection extends ListingConnectionBase {
  /** The filter of the page, for the lazily computed `totalCount` and `facets`. */
  filter: CatalogFilter;
}

@ObjectType('ListingFacets', {
  description: 'How many matching listings each value of a facet has. Each facet applies every filter except its own, so selected values keep showing their alternatives.',
})
export class ListingFacets {
  filter: CatalogFilter;
}

@ObjectType('TechnologyFacet', { description: 'A technology and how many matching listings need it.' })
export class TechnologyFacetType {
  @Field(() => TechnologyType, { description: 'The technology.' })
  technology: TechnologyType;

  @Field(() => Int, { description: 'Matching listings that need it (0 for a selected technology that none has).' })
  count: number;
}

@ObjectType('ProjectTypeFacet', { description: 'A project type and how many matching listings are of it.' })
export class ProjectTypeFacetType {
  @Field(() => ProjectTypeType, { description: 'The project type.' })
  projectType: ProjectTypeType;

  @Field(() => Int, { description: 'Matching listings of this type (0 for a selected type that none has).' })
  count: number;
}
