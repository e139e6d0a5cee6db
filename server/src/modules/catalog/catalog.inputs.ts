import { ArrayMaxSize, IsInt, IsOptional, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { badInput, type FieldErrors } from '../../errors';
import { parseUuidId } from '../../graphql/global-id';
import { TextLength, type CrossFieldRules } from '../../graphql/text';
import type { Taxonomy } from '../taxonomy/taxonomy.service';
import { BudgetKindEnum } from '../listings/listing.type';
import { isCurrencyCode, TERMS_LIMITS } from '../listings/listing-terms';
import type { CatalogFilter, CatalogSort } from './catalog.service';
import { searchQuery } from './search-query';

export const SEARCH_MAX_LENGTH = 200;
const MAX_IDS = 50;

const MAX_FILTER_CENTS = TERMS_LIMITS.fixedMaxCents;

@InputType('BudgetRangeFilter', {
  description:
    "Gigs whose budget, in this currency, overlaps the range (its most is at least `minCents` and its least at most `maxCents`). Amounts are hundredths of the currency's main unit. Only budgets stated in this currency match: there is no conversion between currencies.",
})
export class BudgetRangeFilterInput {
  @Field({ description: 'ISO 4217 currency code in upper case, e.g. USD or EUR.' })
  @ValidateBy({ name: 'currencyCode', validator: { validate: isCurrencyCode } }, { message: 'must be an ISO 4217 currency code such as USD or EUR' })
  currency: string;

  @Field(() => Int, { nullable: true, description: `The least wanted, in cents, 0 to ${MAX_FILTER_CENTS.toLocaleString('en-US')}; left out: no lower end.` })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_FILTER_CENTS, { message: `must be at most ${MAX_FILTER_CENTS.toLocaleString('en-US')} cents` })
  minCents?: number | null;

  @Field(() => Int, { nullable: true, description: `The most wanted, in cents, at least minCents, up to ${MAX_FILTER_CENTS.toLocaleString('en-US')}; left out: no upper end.` })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(0, { message: 'must not be negative' })
  @Max(MAX_FILTER_CENTS, { message: `must be at most ${MAX_FILTER_CENTS.toLocaleString('en-US')} cents` })
  maxCents?: number | null;
}

export enum ListingSortEnum {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  BUDGET_HIGH_TO_LOW = 'BUDGET_HIGH_TO_LOW',
  BUDGET_LOW_TO_HIGH = 'BUDGET_LOW_TO_HIGH',
}
registerEnumType(ListingSortEnum, {
  name: 'ListingSort',
  description: 'The order of the catalogue. Each sort has its own cursors: an `after` from another sort is BAD_USER_INPUT.',
  valuesConfig: {
    RELEVANCE: { description: 'Most relevant first with a search (the default); newest first without one.' },
    NEWEST: { description: 'Most recently published first.' },
    BUDGET_HIGH_TO_LOW: {
      description:
        "By the budget's most (maxCents), highest first; equal budgets newest first. Requires `filter.budget.currency` and `filter.budgetKind` (else BAD_USER_INPUT naming `sort`): amounts are not converted between currencies and an hourly rate does not compare with a fixed price, so only budgets of one currency and one kind are ordered.",
    },
    BUDGET_LOW_TO_HIGH: {
      description: "By the budget's least (minCents), lowest first; equal budgets newest first. Requires `filter.budget.currency` and `filter.budgetKind`, as BUDGET_HIGH_TO_LOW.",
    },
  },
});

/** Why a budget sort needs a currency and a pay kind, said to whoever asks for one without them. */
export const BUDGET_SORT_NEEDS =
  'sorting by budget needs filter.budget.currency and filter.budgetKind: amounts in different currencies, or an hourly rate and a fixed price, do not compare';

export const CATALOG_SORTS: Record<ListingSortEnum, CatalogSort> = {
  RELEVANCE: 'RELEVANCE',
  NEWEST: 'NEWEST',
  BUDGET_HIGH_TO_LOW: 'BUDGET_HIGH',
  BUDGET_LOW_TO_HIGH: 'BUDGET_LOW',
};

@InputType('ListingFilter', {
  description: 'What to look for in the catalogue. Several ids of one kind match any of them (OR); different kinds must all match (AND).',
})
export class ListingFilterInput implements CrossFieldRules {
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

  @Field(() => BudgetRangeFilterInput, { nullable: true, description: 'Gigs whose budget overlaps a range in one currency (no conversion between currencies).' })
  @IsOptional()
  @ValidateNested()
  budget?: BudgetRangeFilterInput | null;

  @Field(() => BudgetKindEnum, { nullable: true, description: 'Only fixed-price or only hourly gigs.' })
  budgetKind?: BudgetKindEnum | null;

  @Field(() => Boolean, { nullable: true, description: 'Only remote gigs (true); false or left out: any location.' })
  remoteOnly?: boolean | null;

  /** The budget range in order, in the same pass as each field's own rules. */
  crossFieldErrors(): FieldErrors {
    return budgetRangeErrors(this.budget);
  }
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

/** What a catalogue filter input and a saved search's filter input have in common on the terms. */
export interface TermsFilterInput {
  budget?: BudgetRangeFilterInput | null;
  budgetKind?: BudgetKindEnum | null;
  remoteOnly?: boolean | null;
}

export type TermsFilter = Required<Pick<CatalogFilter, 'budget' | 'budgetKind' | 'remoteOnly'>>;

const validCents = (value: number | null | undefined): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_FILTER_CENTS;

/**
 * A budget range whose least exceeds its most names `budget.maxCents` (after `fieldPrefix`); checked
 * only when both ends are valid on their own, so it can run in the same pass as their own rules.
 */
export function budgetRangeErrors(range: Pick<BudgetRangeFilterInput, 'minCents' | 'maxCents'> | null | undefined, fieldPrefix = ''): FieldErrors {
  if (!range || !validCents(range.minCents) || !validCents(range.maxCents) || range.minCents <= range.maxCents) return {};
  return { [`${fieldPrefix}budget.maxCents`]: 'must be at least minCents' };
}

/** The terms filters, every one present (null or false: does not narrow). A range whose least exceeds its most names `budget.maxCents` (after `fieldPrefix`) in `errors`. */
export function toTermsFilter(input: TermsFilterInput | null | undefined, errors: FieldErrors, fieldPrefix = ''): TermsFilter {
  const range = input?.budget ? { currency: input.budget.currency, minCents: input.budget.minCents ?? null, maxCents: input.budget.maxCents ?? null } : null;
  Object.assign(errors, budgetRangeErrors(input?.budget, fieldPrefix));
  return { budget: range, budgetKind: input?.budgetKind ?? null, remoteOnly: input?.remoteOnly === true };
}

/**
 * The catalogue filter of a `ListingFilter`, its ids checked against the taxonomy, and whether
 * `sort` may order it (a budget sort needs a currency and a pay kind: `BUDGET_SORT_NEEDS`); every
 * bad field is reported at once.
 */
export function toCatalogFilter(input: ListingFilterInput | null | undefined, taxonomy: Taxonomy, sort: ListingSortEnum | null = null): CatalogFilter {
  const errors: FieldErrors = {};
  const bySort = sort === ListingSortEnum.BUDGET_HIGH_TO_LOW || sort === ListingSortEnum.BUDGET_LOW_TO_HIGH;
  if (bySort && (!input?.budget?.currency || !input.budgetKind)) errors.sort = BUDGET_SORT_NEEDS;
  const filter: CatalogFilter = {
    ...toTaxonomyFilter(input, taxonomy, errors),
    employerId: null,
    ...toTermsFilter(input, errors),
  };
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
