import { EmployerEntity } from '../employers/employer.entity';
import { ListingEntity, type ListingStatus } from './listing.entity';
import { TERMS_COLUMNS, type TermsRow } from './listing-terms';

/**
 * A listing's relations, read by the statement that read the listing: `technologies` and
 * `employer` then need no statement or loader, and answer at once (no promise per listing).
 */
export interface ReadWithListing {
  /** In id order. */
  technologyIds: readonly number[];
  employer: EmployerEntity;
}

/** The columns of a listing that raw statements select (everything but the search document). */
export const LISTING_COLUMNS = [
  'id',
  'employer_id',
  'posted_by_user_id',
  'title',
  'description',
  'status',
  'project_type_id',
  'created_at',
  'updated_at',
  'published_at',
  'closed_at',
  'expires_at',
  ...TERMS_COLUMNS.budget,
  ...TERMS_COLUMNS.duration,
  ...TERMS_COLUMNS.location,
] as const;

/** `LISTING_COLUMNS` qualified by a table alias, for a select list. */
export function listingColumns(alias: string): string {
  return LISTING_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

export interface ListingRow extends TermsRow {
  id: string;
  employer_id: string;
  posted_by_user_id: string;
  title: string;
  description: string;
  status: ListingStatus;
  project_type_id: number | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  closed_at: Date | null;
  expires_at: Date | null;
}

export function listingFromRow(row: ListingRow): ListingEntity {
  return Object.assign(new ListingEntity(), {
    id: row.id,
    employerId: row.employer_id,
    postedByUserId: row.posted_by_user_id,
    title: row.title,
    description: row.description,
    status: row.status,
    projectTypeId: row.project_type_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    closedAt: row.closed_at,
    expiresAt: row.expires_at,
    budgetKind: row.budget_kind,
    budgetMinCents: row.budget_min_cents,
    budgetMaxCents: row.budget_max_cents,
    budgetCurrency: row.budget_currency,
    durationWeeks: row.duration_weeks,
    hoursPerWeek: row.hours_per_week,
    locationKind: row.location_kind,
    locationCity: row.location_city,
    locationCountryCode: row.location_country_code,
    utcOffsetFromMinutes: row.utc_offset_from_minutes,
    utcOffsetToMinutes: row.utc_offset_to_minutes,
  });
}

/** The employer of a listing, as a statement that joins `employers` to the listing selects it (`employerColumns`). */
export interface ListingEmployerRow {
  employer_name: string;
  employer_about_us: string | null;
  employer_logo_url: string | null;
  employer_created_at: Date;
}

/** The columns of `ListingEmployerRow` from `employers` under `alias`, for a select list. */
export function employerColumns(alias: string): string {
  return `${alias}.name AS employer_name, ${alias}.about_us AS employer_about_us, ${alias}.logo_url AS employer_logo_url, ${alias}.created_at AS employer_created_at`;
}

export function employerFromRow(row: ListingRow & ListingEmployerRow): EmployerEntity {
  return Object.assign(new EmployerEntity(), {
    id: row.employer_id,
    name: row.employer_name,
    aboutUs: row.employer_about_us,
    logoUrl: row.employer_logo_url,
    createdAt: row.employer_created_at,
  });
}
