import { ArrayMaxSize, ArrayUnique, IsInt, IsOptional, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { localIntIdOf } from '../../graphql/global-id';
import { MultilineText, OmitOrValue, TextLength, type CrossFieldRules } from '../../graphql/text';
import type { FieldErrors } from '../../errors';
import { technologyCountMessage, TECHNOLOGY_COUNT, type ListingContent, type NewListing } from './listings.service';
import { BudgetKindEnum, LocationKindEnum } from './listing.type';
import { isCountryCode, isCurrencyCode, termsErrors, TERMS_LIMITS, type ListingBudget, type ListingDuration, type ListingLocation } from './listing-terms';

export const TITLE_LENGTH = { min: 5, max: 120 } as const;
export const DESCRIPTION_LENGTH = { min: 20, max: 10_000 } as const;

const CENTS = "hundredths of the currency's main unit, for every currency (JPY too: ¥1,000 is 100000)";
const { fixedMaxCents, hourlyMaxCents, weeks, hoursPerWeek, cityLength, utcOffsetMinutes } = TERMS_LIMITS;
const centsRange = `1 to ${fixedMaxCents.toLocaleString('en-US')} for a fixed price, 1 to ${hourlyMaxCents.toLocaleString('en-US')} per hour`;
const offsetRule = `minutes east of UTC, ${utcOffsetMinutes.min} to ${utcOffsetMinutes.max} in steps of ${utcOffsetMinutes.step}`;
const offsetMessage = `must be a UTC offset in minutes from ${utcOffsetMinutes.min} to ${utcOffsetMinutes.max}, in steps of ${utcOffsetMinutes.step}`;

@InputType({ description: 'What a gig pays: a range in one currency (minCents = maxCents for a single figure).' })
export class ListingBudgetInput {
  @Field(() => BudgetKindEnum, { description: 'Fixed price or hourly.' })
  kind: BudgetKindEnum;

  @Field(() => Int, { description: `The least it pays, in ${CENTS}: ${centsRange}.` })
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(1, { message: 'must be at least 1 cent' })
  @Max(fixedMaxCents, { message: `must be at most ${fixedMaxCents.toLocaleString('en-US')} cents` })
  minCents: number;

  @Field(() => Int, { description: `The most it pays, in ${CENTS}: at least minCents, ${centsRange}.` })
  @IsInt({ message: 'must be a whole number of cents' })
  @Min(1, { message: 'must be at least 1 cent' })
  @Max(fixedMaxCents, { message: `must be at most ${fixedMaxCents.toLocaleString('en-US')} cents` })
  maxCents: number;

  @Field({ description: 'ISO 4217 currency code in upper case, e.g. USD or EUR.' })
  @ValidateBy({ name: 'currencyCode', validator: { validate: isCurrencyCode } }, { message: 'must be an ISO 4217 currency code such as USD or EUR' })
  currency: string;
}

@InputType({ description: 'How long a gig is expected to take.' })
export class ListingDurationInput {
  @Field(() => Int, { description: `Estimated length in weeks, ${weeks.min} to ${weeks.max}.` })
  @IsInt({ message: 'must be a whole number of weeks' })
  @Min(weeks.min, { message: `must be ${weeks.min} to ${weeks.max} weeks` })
  @Max(weeks.max, { message: `must be ${weeks.min} to ${weeks.max} weeks` })
  weeks: number;

  @Field(() => Int, { description: `Estimated hours of work per week, ${hoursPerWeek.min} to ${hoursPerWeek.max}.` })
  @IsInt({ message: 'must be a whole number of hours' })
  @Min(hoursPerWeek.min, { message: `must be ${hoursPerWeek.min} to ${hoursPerWeek.max} hours` })
  @Max(hoursPerWeek.max, { message: `must be ${hoursPerWeek.min} to ${hoursPerWeek.max} hours` })
  hoursPerWeek: number;
}

@InputType({ description: 'The UTC offsets a remote worker should be at, both ends included.' })
export class TimeZoneWindowInput {
  @Field(() => Int, { description: `The westernmost offset, ${offsetRule} (UTC−05:00 is -300).` })
  @IsInt({ message: offsetMessage })
  @Min(utcOffsetMinutes.min, { message: offsetMessage })
  @Max(utcOffsetMinutes.max, { message: offsetMessage })
  fromUtcOffsetMinutes: number;

  @Field(() => Int, { description: `The easternmost offset, ${offsetRule}; at least fromUtcOffsetMinutes.` })
  @IsInt({ message: offsetMessage })
  @Min(utcOffsetMinutes.min, { message: offsetMessage })
  @Max(utcOffsetMinutes.max, { message: offsetMessage })
  toUtcOffsetMinutes: number;
}

@InputType({ description: 'Where a gig is worked: remote (with an optional time-zone window), or hybrid or on site at a city and country.' })
export class ListingLocationInput {
  @Field(() => LocationKindEnum, { description: 'Remote, hybrid or on site.' })
  kind: LocationKindEnum;

  @Field(() => String, { nullable: true, description: `The city, ${cityLength.min} to ${cityLength.max} characters: required for HYBRID and ONSITE, left out for REMOTE.` })
  @IsOptional()
  @TextLength(cityLength.min, cityLength.max)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code in upper case (DE, US): required for HYBRID and ONSITE, left out for REMOTE.' })
  @IsOptional()
  @ValidateBy({ name: 'countryCode', validator: { validate: isCountryCode } }, { message: 'must be an ISO 3166-1 alpha-2 country code such as DE or US' })
  countryCode?: string | null;

  @Field(() => TimeZoneWindowInput, { nullable: true, description: 'REMOTE only: the time zones wanted; left out for any.' })
  @IsOptional()
  @ValidateNested()
  timeZoneWindow?: TimeZoneWindowInput | null;
}

const TERMS_RULES =
  'Each of budget, duration and location is given whole; a draft may leave any out, publishing requires all three. Cross-field rules (maxCents at least minCents, the hourly cap, a city and country exactly when not remote, a window only when remote) are BAD_USER_INPUT naming the field, e.g. `budget.maxCents` or `location.city`.';

@InputType({
  description:
    'A new gig, saved as a draft of the employer. Only the title and description are needed to save it; the project type, technologies and terms (budget, duration, location) can follow with `updateListing` and are required to publish.',
})
export class CreateListingInput implements CrossFieldRules {
  @Field(() => ID, { description: 'The employer posting it; the viewer must be a member.' })
  employerId: string;

  @Field({ description: `${TITLE_LENGTH.min} to ${TITLE_LENGTH.max} characters; surrounding spaces are dropped.` })
  @TextLength(TITLE_LENGTH.min, TITLE_LENGTH.max)
  title: string;

  @Field({ description: `${DESCRIPTION_LENGTH.min} to 10,000 characters of plain text; surrounding spaces are dropped.` })
  @MultilineText()
  @TextLength(DESCRIPTION_LENGTH.min, DESCRIPTION_LENGTH.max)
  description: string;

  @Field(() => ID, { nullable: true, description: 'A ProjectType id; may be left out while drafting (publishing requires one).' })
  projectTypeId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Up to ${TECHNOLOGY_COUNT.max} distinct Technology ids; may be left out (or empty) while drafting, publishing requires ${TECHNOLOGY_COUNT.min} to ${TECHNOLOGY_COUNT.max}.`,
  })
  @IsOptional()
  @ArrayMaxSize(TECHNOLOGY_COUNT.max, { message: technologyCountMessage })
  @ArrayUnique({ message: 'must not repeat a technology' })
  technologyIds?: string[] | null;

  @Field(() => ListingBudgetInput, { nullable: true, description: `What it pays; may be left out while drafting. ${TERMS_RULES}` })
  @IsOptional()
  @ValidateNested()
  budget?: ListingBudgetInput | null;

  @Field(() => ListingDurationInput, { nullable: true, description: 'How long it takes; may be left out while drafting.' })
  @IsOptional()
  @ValidateNested()
  duration?: ListingDurationInput | null;

  @Field(() => ListingLocationInput, { nullable: true, description: 'Where it is worked; may be left out while drafting.' })
  @IsOptional()
  @ValidateNested()
  location?: ListingLocationInput | null;

  /** The terms' rules across fields (`termsErrors`), in the same pass as each field's own. */
  crossFieldErrors(): FieldErrors {
    return termsCrossFieldErrors(this);
  }
}

@InputType({ description: 'Changes to a listing; omitted fields stay as they are (null for the title or description is BAD_USER_INPUT: they cannot be cleared). A closed listing cannot change.' })
export class UpdateListingInput implements CrossFieldRules {
  @Field(() => ID, { description: 'The listing.' })
  id: string;

  @Field(() => String, { nullable: true, description: `${TITLE_LENGTH.min} to ${TITLE_LENGTH.max} characters.` })
  @OmitOrValue()
  @TextLength(TITLE_LENGTH.min, TITLE_LENGTH.max)
  title?: string | null;

  @Field(() => String, { nullable: true, description: `${DESCRIPTION_LENGTH.min} to 10,000 characters.` })
  @OmitOrValue()
  @MultilineText()
  @TextLength(DESCRIPTION_LENGTH.min, DESCRIPTION_LENGTH.max)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'A ProjectType id.' })
  projectTypeId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `${TECHNOLOGY_COUNT.min} to ${TECHNOLOGY_COUNT.max} distinct Technology ids; replaces the current ones. An empty list is accepted only for a draft.`,
  })
  @IsOptional()
  @ArrayMaxSize(TECHNOLOGY_COUNT.max, { message: technologyCountMessage })
  @ArrayUnique({ message: 'must not repeat a technology' })
  technologyIds?: string[] | null;

  @Field(() => ListingBudgetInput, { nullable: true, description: `Replaces what it pays; null clears it, for a draft only (BAD_USER_INPUT once published). ${TERMS_RULES}` })
  @IsOptional()
  @ValidateNested()
  budget?: ListingBudgetInput | null;

  @Field(() => ListingDurationInput, { nullable: true, description: 'Replaces how long it takes; null clears it, for a draft only.' })
  @IsOptional()
  @ValidateNested()
  duration?: ListingDurationInput | null;

  @Field(() => ListingLocationInput, { nullable: true, description: 'Replaces where it is worked; null clears it, for a draft only.' })
  @IsOptional()
  @ValidateNested()
  location?: ListingLocationInput | null;

  /** The terms' rules across fields (`termsErrors`), in the same pass as each field's own. */
  crossFieldErrors(): FieldErrors {
    return termsCrossFieldErrors(this);
  }
}

function toBudget(input: ListingBudgetInput): ListingBudget {
  return { kind: input.kind, minCents: input.minCents, maxCents: input.maxCents, currency: input.currency };
}

function toDuration(input: ListingDurationInput): ListingDuration {
  return { weeks: input.weeks, hoursPerWeek: input.hoursPerWeek };
}

function toLocation(input: ListingLocationInput): ListingLocation {
  const window = input.timeZoneWindow;
  return {
    kind: input.kind,
    city: input.city ?? null,
    countryCode: input.countryCode ?? null,
    timeZoneWindow: window ? { fromUtcOffsetMinutes: window.fromUtcOffsetMinutes, toUtcOffsetMinutes: window.toUtcOffsetMinutes } : null,
  };
}

/** What `termsErrors` finds in the terms an input gives, whatever else is wrong with it (each rule skips a field whose own rules fail). */
function termsCrossFieldErrors(input: Pick<UpdateListingInput, 'budget' | 'duration' | 'location'>): FieldErrors {
  return termsErrors({
    budget: input.budget ? toBudget(input.budget) : null,
    duration: input.duration ? toDuration(input.duration) : null,
    location: input.location ? toLocation(input.location) : null,
  });
}

/** A part of the terms as given: left out stays undefined, null clears, a value is converted. */
function termPart<I, T>(value: I | null | undefined, convert: (input: I) => T): T | null | undefined {
  return value === undefined ? undefined : value === null ? null : convert(value);
}

/**
 * The content of a create or update input, taxonomy ids local; a null or omitted one is not
 * given. An id that is not of its kind becomes null: the service reports it after checking access.
 */
export function toListingContent(input: Omit<UpdateListingInput, 'id'>): ListingContent {
  const content: ListingContent = { title: input.title, description: input.description };
  if (input.projectTypeId !== undefined && input.projectTypeId !== null) content.projectTypeId = localIntIdOf('ProjectType', input.projectTypeId);
  if (input.technologyIds !== undefined && input.technologyIds !== null) content.technologyIds = input.technologyIds.map((id) => localIntIdOf('Technology', id));
  const budget = termPart(input.budget, toBudget);
  const duration = termPart(input.duration, toDuration);
  const location = termPart(input.location, toLocation);
  if (budget !== undefined) content.budget = budget;
  if (duration !== undefined) content.duration = duration;
  if (location !== undefined) content.location = location;
  return content;
}

export function toNewListing(input: CreateListingInput): NewListing {
  return { ...toListingContent(input), title: input.title, description: input.description };
}
