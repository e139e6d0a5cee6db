import { ArrayMaxSize, IsOptional, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { badInput, type FieldErrors } from '../../errors';
import { TextLength, type CrossFieldRules } from '../../graphql/text';
import { budgetRangeErrors, BudgetRangeFilterInput, toTaxonomyFilter, toTermsFilter } from '../catalog/catalog.inputs';
import { BudgetKindEnum } from '../listings/listing.type';
import type { Taxonomy } from '../taxonomy/taxonomy.service';
import type { StoredFilter } from './saved-search.entity';

const MAX_IDS = 50;
export const NAME_LENGTH = { min: 1, max: 80 } as const;

@InputType({
  description: 'A catalogue filter, as ListingFilter: any of the ids within a facet, all facets and terms together; omitted or empty facets and terms do not narrow.',
})
export class SavedSearchFilterInput {
  @Field(() => String, { nullable: true, description: 'Full-text search, as in the catalogue (web-search syntax: "quoted phrases", -exclusions, or); up to 200 characters.' })
  @IsOptional()
  @TextLength(0, 200)
  search?: string | null;

  @Field(() => [ID], { nullable: true, description: `Technology ids (at most ${MAX_IDS}): the listing needs any of them.` })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must be at most ${MAX_IDS} ids` })
  technologyIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `ProjectType ids (at most ${MAX_IDS}): the listing is any of them.` })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must be at most ${MAX_IDS} ids` })
  projectTypeIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `ProjectSuperType ids (at most ${MAX_IDS}): the listing's project type belongs to any of them.` })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must be at most ${MAX_IDS} ids` })
  projectSuperTypeIds?: string[] | null;

  @Field(() => BudgetRangeFilterInput, { nullable: true, description: 'Gigs whose budget overlaps a range in one currency (no conversion between currencies), as ListingFilter.budget.' })
  @IsOptional()
  @ValidateNested()
  budget?: BudgetRangeFilterInput | null;

  @Field(() => BudgetKindEnum, { nullable: true, description: 'Only fixed-price or only hourly gigs.' })
  budgetKind?: BudgetKindEnum | null;

  @Field(() => Boolean, { nullable: true, description: 'Only remote gigs (true); false or left out: any location.' })
  remoteOnly?: boolean | null;
}

@InputType({ description: 'A catalogue filter to be alerted about: each newly published listing that matches it notifies you.' })
export class SaveSearchInput implements CrossFieldRules {
  @Field({ description: 'Your name for it, 1 to 80 characters after trimming.' })
  @TextLength(NAME_LENGTH.min, NAME_LENGTH.max)
  name: string;

  @Field(() => SavedSearchFilterInput, { description: 'What to match.' })
  @ValidateNested()
  filter: SavedSearchFilterInput;

  /** The filter's budget range in order, in the same pass as each field's own rules. */
  crossFieldErrors(): FieldErrors {
    return budgetRangeErrors(this.filter?.budget, 'filter.');
  }
}

/** The filter to store, read as the catalogue reads a ListingFilter: taxonomy ids resolved to local ones; a bad id or range names its field (`filter.…`). */
export function toStoredFilter(input: SavedSearchFilterInput, taxonomy: Taxonomy): StoredFilter {
  const errors: FieldErrors = {};
  const filter = { ...toTaxonomyFilter(input, taxonomy, errors, 'filter.'), ...toTermsFilter(input, errors, 'filter.') };
  if (Object.keys(errors).length) throw badInput(errors);
  return filter;
}
