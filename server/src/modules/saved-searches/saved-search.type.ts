import { Field, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node-interface';
import { BudgetKindEnum } from '../listings/listing.type';
import type { SavedSearchEntity, StoredFilter } from './saved-search.entity';

@ObjectType('SavedSearchBudgetRange', {
  description: "A saved search's budget range: gigs whose budget, in this currency, overlaps it (no conversion between currencies), as ListingFilter.budget.",
})
export class SavedSearchBudgetRangeType {
  @Field({ description: 'ISO 4217 currency code, e.g. USD.' })
  currency: string;

  @Field(() => Int, { nullable: true, description: "The least wanted, in cents (hundredths of the currency's main unit); null: no lower end." })
  minCents: number | null;

  @Field(() => Int, { nullable: true, description: 'The most wanted, in cents; null: no upper end.' })
  maxCents: number | null;
}

@ObjectType('SavedSearchFilter', { description: 'A catalogue filter: any of the items within a facet, all facets and terms together; empty facets and null terms do not narrow.' })
export class SavedSearchFilterType {
  stored: StoredFilter;

  @Field(() => String, { nullable: true, description: 'Full-text search (web-search syntax), or null.' })
  search: string | null;

  @Field(() => SavedSearchBudgetRangeType, { nullable: true, description: 'The budget range in one currency, or null: any budget.' })
  budget: SavedSearchBudgetRangeType | null;

  @Field(() => BudgetKindEnum, { nullable: true, description: 'Only fixed-price or only hourly gigs; null: either.' })
  budgetKind: BudgetKindEnum | null;

  @Field({ description: 'Only remote gigs (true), or any location (false).' })
  remoteOnly: boolean;
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
    filter: Object.assign(new SavedSearchFilterType(), {
      stored,
      search: stored.search,
      budget: stored.budget && Object.assign(new SavedSearchBudgetRangeType(), stored.budget),
      budgetKind: stored.budgetKind as BudgetKindEnum | null,
      remoteOnly: stored.remoteOnly,
    }),
    createdAt: entity.createdAt,
  });
}
