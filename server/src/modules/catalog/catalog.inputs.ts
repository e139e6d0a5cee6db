import { ArrayMaxSize, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { badInput, type FieldErrors } from '../../errors';
import { parseUuidId } from '../../graphql/global-id';
import { TextLength } from '../../graphql/text';
import type { Taxonomy } from '../taxonomy/taxonomy.service';
import type { CatalogFilter } from './catalog.service';
import { searchQuery } from './search-query';

export const SEARCH_MAX_LENGTH = 200;
const MAX_IDS = 50;

@InputType('ListingFilter', {
  description: 'What to look for in the catalogue. Several ids of one kind match any of them (OR); different kinds must all match (AND).',
})
export class ListingFilterInput {
  @Field(() => String, {
    nullable: true,
    description: `Full-text search of title and description, web-search syntax ("exact phrase", -exclude, or); up to ${SEARCH_MAX_LENGTH} characters. Results are ordered by relevance when given.`,
  })
  @IsOptional()
  @TextLength(0, SEARCH_MAX_LENGTH)
  search?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Listings needing any of these technologies.' })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must name at most ${MAX_IDS} technologies` })
  technologyIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Listings of any of these project types.' })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must name at most ${MAX_IDS} project types` })
  projectTypeIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Listings of any project type of these super types.' })
  @IsOptional()
  @ArrayMaxSize(MAX_IDS, { message: `must name at most ${MAX_IDS} project super types` })
  projectSuperTypeIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: "Only this employer's listings." })
  employerId?: string | null;
}

/** What a catalogue filter input and a saved search's filter input have in common. */
export interface TaxonomyFilterInput {
  search?: string | null;
  technologyIds?: string[] | null;
  projectTypeIds?: string[] | null;
  projectSuperTypeIds?: string[] | null;
}

export type TaxonomyFilter = Pick<CatalogFilter, 'search' | 'technologyIds' | 'projectTypeIds' | 'projectSuperTypeIds'>;

/**
 * The search normalised and the global taxonomy ids as local ones, each once, in order. An id
 * that is not of its facet's kind names its field (after `fieldPrefix`) in `errors`.
 */
export function toTaxonomyFilter(input: TaxonomyFilterInput | null | undefined, taxonomy: Taxonomy, errors: FieldErrors, fieldPrefix = ''): TaxonomyFilter {
  const ids = (field: keyof TaxonomyFilterInput, globalIds: string[] | null | undefined, localIdOf: (globalId: string) => number | undefined, noun: string): number[] => {
    const found = (globalIds ?? []).map(localIdOf);
    if (found.some((id) => id === undefined)) errors[fieldPrefix + field] = `must all be ${noun}`;
    return [...new Set(found.filter((id): id is number => id !== undefined))].sort((a, b) => a - b);
  };
  return {
    search: searchQuery(input?.search),
    technologyIds: ids('technologyIds', input?.technologyIds, (id) => taxonomy.technologyIdOf(id), 'technologies'),
    projectTypeIds: ids('projectTypeIds', input?.projectTypeIds, (id) => taxonomy.projectTypeIdOf(id), 'project types'),
    projectSuperTypeIds: ids('projectSuperTypeIds', input?.projectSuperTypeIds, (id) => taxonomy.projectSuperTypeIdOf(id), 'project super types'),
  };
}

/** The catalogue filter of a `ListingFilter`, its ids checked against the taxonomy; every bad field is reported at once. */
export function toCatalogFilter(input: ListingFilterInput | null | undefined, taxonomy: Taxonomy): CatalogFilter {
  const errors: FieldErrors = {};
  const filter: CatalogFilter = { ...toTaxonomyFilter(input, taxonomy, errors), employerId: null };
  if (input?.employerId) {
    try {
      filter.employerId = parseUuidId('Employer', input.employerId, 'employerId');
    } catch {
      errors.employerId = 'is not an Employer id';
    }
  }
  if (Object.keys(errors).length) throw badInput(errors);
  return filter;
}

export const SUGGESTION_PREFIX_MAX_LENGTH = 100;
export const MAX_SUGGESTIONS = 20;

@ArgsType()
export class SearchSuggestionsArgs {
  @Field({ description: `What has been typed so far, 1 to ${SUGGESTION_PREFIX_MAX_LENGTH} characters (not blank); case does not matter.` })
  @TextLength(1, SUGGESTION_PREFIX_MAX_LENGTH)
  prefix: string;

  @Field(() => Int, { defaultValue: 8, description: `How many suggestions at most, 1 to ${MAX_SUGGESTIONS}.` })
  @Min(1, { message: `must be from 1 to ${MAX_SUGGESTIONS}` })
  @Max(MAX_SUGGESTIONS, { message: `must be from 1 to ${MAX_SUGGESTIONS}` })
  first: number;
}
