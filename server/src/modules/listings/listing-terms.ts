import type { FieldErrors } from '../../errors';
import { graphemeLengthWithin } from '../../text';

/**
 * A listing's terms (issue 15): what it pays, for how long and where. Each of the three is stated
 * whole or not at all; a draft may leave any out, publishing needs all three. Listings published
 * before terms existed have none ("not stated"). The same rules hold in the database
 * (migration ListingTerms's CHECK constraints).
 */

export type BudgetKind = 'FIXED' | 'HOURLY';
export type LocationKind = 'REMOTE' | 'HYBRID' | 'ONSITE';

/** Amounts are hundredths of the currency's main unit for every currency (JPY too), as HourlyRate. */
export interface ListingBudget {
  kind: BudgetKind;
  minCents: number;
  maxCents: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export interface ListingDuration {
  weeks: number;
  hoursPerWeek: number;
}

/**
 * Hours of the day a remote worker should share with the team, as the range of UTC offsets (in
 * minutes, e.g. -300 for UTC−05:00) their time zone may have. Offsets, not IANA zones: a window
 * between two zones changes with their daylight saving time; an offset range does not.
 */
export interface TimeZoneWindow {
  fromUtcOffsetMinutes: number;
  toUtcOffsetMinutes: number;
}

export interface ListingLocation {
  kind: LocationKind;
  /** Set exactly when the gig is not remote. */
  city: string | null;
  /** ISO 3166-1 alpha-2, upper case; set exactly when the gig is not remote. */
  countryCode: string | null;
  /** Remote gigs only; null: any time zone. */
  timeZoneWindow: TimeZoneWindow | null;
}

export interface ListingTerms {
  budget: ListingBudget | null;
  duration: ListingDuration | null;
  location: ListingLocation | null;
}

/** Bounds of the terms (the database checks the same numbers). */
export const TERMS_LIMITS = {
  /** 1 cent to 10,000,000.00 of the main unit for a fixed price. */
  fixedMaxCents: 1_000_000_000,
  /** 1 cent to 100,000.00 of the main unit per hour (the profile's hourly-rate cap). */
  hourlyMaxCents: 10_000_000,
  weeks: { min: 1, max: 104 },
  hoursPerWeek: { min: 1, max: 80 },
  cityLength: { min: 1, max: 100 },
  /** UTC−12:00 to UTC+14:00, the offsets in use, in steps of 15 minutes. */
  utcOffsetMinutes: { min: -720, max: 840, step: 15 },
} as const;

export function budgetMaxCents(kind: BudgetKind): number {
  return kind === 'HOURLY' ? TERMS_LIMITS.hourlyMaxCents : TERMS_LIMITS.fixedMaxCents;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code in upper case (`USD`, `EUR`), as the platform's Intl knows them. */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);
}

/**
 * The officially assigned ISO 3166-1 alpha-2 codes (249, as ISO publishes them), plus XK for
 * Kosovo (user-assigned, used by the EU and CLDR). An explicit list, not Intl: CLDR also names
 * withdrawn codes (DD, SU, YU, CS, ZR, BU, TP, AN, FX), reserved ones (UK, AC, CP, CQ, DG, EA, IC,
 * TA) and groupings (EU, UN), none of which is a country to work in.
 */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  [
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ',
    'BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ',
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ',
    'DE DJ DK DM DO DZ',
    'EC EE EG EH ER ES ET',
    'FI FJ FK FM FO FR',
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY',
    'HK HM HN HR HT HU',
    'ID IE IL IM IN IO IQ IR IS IT',
    'JE JM JO JP',
    'KE KG KH KI KM KN KP KR KW KY KZ',
    'LA LB LC LI LK LR LS LT LU LV LY',
    'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ',
    'NA NC NE NF NG NI NL NO NP NR NU NZ',
    'OM',
    'PA PE PF PG PH PK PL PM PN PR PS PT PW PY',
    'QA',
    'RE RO RS RU RW',
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ',
    'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ',
    'UA UG UM US UY UZ',
    'VA VC VE VG VI VN VU',
    'WF WS',
    'YE YT',
    'ZA ZM ZW',
  ]
    .join(' ')
    .split(' ')
    .concat('XK'),
);

/** An ISO 3166-1 alpha-2 country code in upper case (`DE`, `US`), from `COUNTRY_CODES`; `XK` (Kosovo) included. */
export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && COUNTRY_CODES.has(value);
}

/**
 * A window runs west to east without crossing the date line (UTC+12 to UTC−10 cannot be stated:
 * matching and the database CHECK compare offsets as numbers); leaving it out means any time zone.
 */
export const WINDOW_ORDER_MESSAGE =
  'must be at least fromUtcOffsetMinutes: a window runs from its westernmost offset to its easternmost and cannot cross the date line (leave the window out for any time zone)';

/**
 * What is wrong with given terms, field by field (`budget.maxCents`, `location.city`, …), beyond
 * what the input classes check one field at a time: each range in order, the hourly cap, and a
 * city and country exactly when the gig is not remote. Empty when they are fine.
 */
export function termsErrors(terms: Partial<ListingTerms>): FieldErrors {
  const errors: FieldErrors = {};
  const { budget, duration, location } = terms;
  if (budget) {
    if (!isCurrencyCode(budget.currency)) errors['budget.currency'] = 'must be an ISO 4217 currency code such as USD or EUR';
    const cap = budgetMaxCents(budget.kind);
    for (const field of ['minCents', 'maxCents'] as const) {
      const value = budget[field];
      if (!Number.isInteger(value) || value < 1 || value > cap) {
        errors[`budget.${field}`] = `must be a whole number of cents from 1 to ${cap.toLocaleString('en-US')} for ${budget.kind === 'HOURLY' ? 'an hourly' : 'a fixed-price'} budget`;
      }
    }
    if (!errors['budget.minCents'] && !errors['budget.maxCents'] && budget.minCents > budget.maxCents) {
      errors['budget.maxCents'] = 'must be at least minCents';
    }
  }
  if (duration) {
    const { weeks, hoursPerWeek } = TERMS_LIMITS;
    if (!Number.isInteger(duration.weeks) || duration.weeks < weeks.min || duration.weeks > weeks.max) {
      errors['duration.weeks'] = `must be a whole number of weeks from ${weeks.min} to ${weeks.max}`;
    }
    if (!Number.isInteger(duration.hoursPerWeek) || duration.hoursPerWeek < hoursPerWeek.min || duration.hoursPerWeek > hoursPerWeek.max) {
      errors['duration.hoursPerWeek'] = `must be a whole number of hours from ${hoursPerWeek.min} to ${hoursPerWeek.max}`;
    }
  }
  if (location) {
    if (location.kind === 'REMOTE') {
      if (location.city !== null) errors['location.city'] = 'must be left out for a remote gig';
      if (location.countryCode !== null) errors['location.countryCode'] = 'must be left out for a remote gig';
      const window = location.timeZoneWindow;
      if (window) {
        const { min, max, step } = TERMS_LIMITS.utcOffsetMinutes;
        const offsetError = `must be a UTC offset in minutes from ${min} to ${max}, in steps of ${step}`;
        const bad = (value: number) => !Number.isInteger(value) || value < min || value > max || value % step !== 0;
        if (bad(window.fromUtcOffsetMinutes)) errors['location.timeZoneWindow.fromUtcOffsetMinutes'] = offsetError;
        if (bad(window.toUtcOffsetMinutes)) errors['location.timeZoneWindow.toUtcOffsetMinutes'] = offsetError;
        else if (!bad(window.fromUtcOffsetMinutes) && window.fromUtcOffsetMinutes > window.toUtcOffsetMinutes) {
          errors['location.timeZoneWindow.toUtcOffsetMinutes'] = WINDOW_ORDER_MESSAGE;
        }
      }
    } else {
      const { min, max } = TERMS_LIMITS.cityLength;
      if (location.city === null || location.city.length < min) errors['location.city'] = 'is required for a hybrid or on-site gig';
      else if (!graphemeLengthWithin(location.city, 0, max)) errors['location.city'] = `must be at most ${max} characters`;
      if (location.countryCode === null) errors['location.countryCode'] = 'is required for a hybrid or on-site gig';
      else if (!isCountryCode(location.countryCode)) errors['location.countryCode'] = 'must be an ISO 3166-1 alpha-2 country code such as DE or US';
      if (location.timeZoneWindow) errors['location.timeZoneWindow'] = 'is only for a remote gig';
    }
  }
  return errors;
}

/** The terms' columns of `listings` (migration ListingTerms), in the order `termsColumnValues` gives them. */
export const TERMS_COLUMNS = {
  budget: ['budget_kind', 'budget_min_cents', 'budget_max_cents', 'budget_currency'],
  duration: ['duration_weeks', 'hours_per_week'],
  location: ['location_kind', 'location_city', 'location_country_code', 'utc_offset_from_minutes', 'utc_offset_to_minutes'],
} as const;

/** The column values of one part of the terms (all null when it is not stated). */
export function termsColumnValues<K extends keyof ListingTerms>(part: K, value: ListingTerms[K]): unknown[] {
  switch (part) {
    case 'budget': {
      const budget = value as ListingBudget | null;
      return budget ? [budget.kind, budget.minCents, budget.maxCents, budget.currency] : [null, null, null, null];
    }
    case 'duration': {
      const duration = value as ListingDuration | null;
      return duration ? [duration.weeks, duration.hoursPerWeek] : [null, null];
    }
    default: {
      const location = value as ListingLocation | null;
      return location
        ? [location.kind, location.city, location.countryCode, location.timeZoneWindow?.fromUtcOffsetMinutes ?? null, location.timeZoneWindow?.toUtcOffsetMinutes ?? null]
        : [null, null, null, null, null];
    }
  }
}

/** The terms' columns as a raw statement reads them. */
export interface TermsRow {
  budget_kind: BudgetKind | null;
  budget_min_cents: number | null;
  budget_max_cents: number | null;
  budget_currency: string | null;
  duration_weeks: number | null;
  hours_per_week: number | null;
  location_kind: LocationKind | null;
  location_city: string | null;
  location_country_code: string | null;
  utc_offset_from_minutes: number | null;
  utc_offset_to_minutes: number | null;
}

export function termsFromRow(row: TermsRow): ListingTerms {
  return {
    budget:
      row.budget_kind !== null && row.budget_min_cents !== null && row.budget_max_cents !== null && row.budget_currency !== null
        ? { kind: row.budget_kind, minCents: row.budget_min_cents, maxCents: row.budget_max_cents, currency: row.budget_currency }
        : null,
    duration: row.duration_weeks !== null && row.hours_per_week !== null ? { weeks: row.duration_weeks, hoursPerWeek: row.hours_per_week } : null,
    location:
      row.location_kind !== null
        ? {
            kind: row.location_kind,
            city: row.location_city,
            countryCode: row.location_country_code,
            timeZoneWindow:
              row.utc_offset_from_minutes !== null && row.utc_offset_to_minutes !== null
                ? { fromUtcOffsetMinutes: row.utc_offset_from_minutes, toUtcOffsetMinutes: row.utc_offset_to_minutes }
                : null,
          }
        : null,
  };
}

/** A listing's terms from its entity's columns. */
export function termsOfListing(listing: {
  budgetKind: BudgetKind | null;
  budgetMinCents: number | null;
  budgetMaxCents: number | null;
  budgetCurrency: string | null;
  durationWeeks: number | null;
  hoursPerWeek: number | null;
  locationKind: LocationKind | null;
  locationCity: string | null;
  locationCountryCode: string | null;
  utcOffsetFromMinutes: number | null;
  utcOffsetToMinutes: number | null;
}): ListingTerms {
  return termsFromRow({
    budget_kind: listing.budgetKind,
    budget_min_cents: listing.budgetMinCents,
    budget_max_cents: listing.budgetMaxCents,
    budget_currency: listing.budgetCurrency,
    duration_weeks: listing.durationWeeks,
    hours_per_week: listing.hoursPerWeek,
    location_kind: listing.locationKind,
    location_city: listing.locationCity,
    location_country_code: listing.locationCountryCode,
    utc_offset_from_minutes: listing.utcOffsetFromMinutes,
    utc_offset_to_minutes: listing.utcOffsetToMinutes,
  });
}
