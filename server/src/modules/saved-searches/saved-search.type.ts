import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import type { SavedSearchEntity, StoredFilter } from './saved-search.entity';

@ObjectType('SavedSearchFilter', { description: 'A catalogue filter: any of the items within a facet, all facets together; empty facets do not narrow.' })
export class SavedSearchFilterType {
  stored: StoredFilter;

  @Field(() => String, { nullable: true, description: 'Full-text search (web-search syntax), or null.' })
  search: string | null;
}

@ObjectType('SavedSearch', { implements: Node, description: 'A catalogue filter the user is alerted about when a matching listing is published.' })
export class SavedSearchType extends Node {
  localId: string;

  @Field({ description: 'The name the user gave it.' })
  name: string;

  @Field(() => SavedSearchFilterType, { description: 'What it matches.' })
  filter: SavedSearchFilterType;

  @Field({ description: 'When it was saved.' })
  createdAt: Date;
}

export function toSavedSearchType(entity: SavedSearchEntity): SavedSearchType {
  const stored = entity.filter as unknown as StoredFilter;
  return Object.assign(new SavedSearchType(), {
    id: toGlobalId('SavedSearch', entity.id),
    localId: entity.id,
    name: entity.name,
    filter: Object.assign(new SavedSearchFilterType(), { stored, search: stored.search }),
    createdAt: entity.createdAt,
  });
}
