import { forbidden, notFound, unauthenticated } from '../../errors';
import { viewerIsMember, type RequestScope } from '../employers/employers.policy';
import type { ListingEntity, ListingStatus } from './listing.entity';

/**
 * Who may see and change a listing. Two rules, not to be confused:
 * - `wasPublished`: it has been published (and may since have closed). Anyone may see it by id;
 *   a draft, never published, is seen only by the members of its employer, and hidden from
 *   everyone else exactly like a missing id.
 * - `isListed`: it is published now (status PUBLISHED, not closed, its period not over). Only
 *   these are shown in the catalogue, in an employer's listings to non-members, match saved
 *   searches and take new conversations. `listedSql` is the same rule in SQL. The expiry job flips
 *   a listing past its `expiresAt` to EXPIRED within a minute; until it has, the time test keeps
 *   the listing out all the same (a late or stopped job never shows an expired posting).
 * Only members change a listing.
 */

/** The one status of listings shown in the catalogue. */
const LISTED: ListingStatus = 'PUBLISHED';

/** Whether anyone may see the listing by id: it has been published (and may since have closed). Drafts never were. */
export function wasPublished(listing: Pick<ListingEntity, 'publishedAt'>): boolean {
  return listing.publishedAt !== null;
}

/** Whether the listing is shown in the catalogue: published, not closed, and its period not over. */
export function isListed(listing: Pick<ListingEntity, 'status' | 'expiresAt'>, now: Date = new Date()): boolean {
  return listing.status === LISTED && (listing.expiresAt === null || listing.expiresAt > now);
}

/** Whether the listing's paid period is over: EXPIRED, or still PUBLISHED past its end until the expiry job flips it. */
export function isExpired(listing: Pick<ListingEntity, 'status' | 'expiresAt'>, now: Date = new Date()): boolean {
  return listing.status === 'EXPIRED' || (listing.status === LISTED && !isListed(listing, now));
}

/**
 * SQL: the listing `alias` is shown in the catalogue (`isListed`). The time test reads the
 * listing's row, which every catalogue statement reads anyway; a null end never expires.
 */
export function listedSql(alias: string): string {
  return `${alias}.status = '${LISTED}' AND coalesce(${alias}.expires_at, 'infinity') > now()`;
}

/**
 * SQL: the listing `alias` is PUBLISHED, without `listedSql`'s time test: for the catalogue's
 * counts and facets only (`totalCount`, `ListingFacets`), never for what a page shows. A posting
 * past its end stays counted until the expiry job flips it to EXPIRED (within a minute), as the
 * kept totals (`catalog_facet_totals`) and the sample already lag; in exchange a count reads only
 * the indexes where they hold what it tests (a project type's count was 998 buffers through the
 * heap with the time test, 30 index-only without, at a million listings: bench/EXPLAIN.md).
 */
export function countedAsListedSql(alias: string): string {
  return `${alias}.status = '${LISTED}'`;
}

/** Whether the viewer may see the listing: published ones are public, drafts only for members. */
export async function viewerCanSeeListing(ctx: RequestScope, listing: ListingEntity): Promise<boolean> {
  return wasPublished(listing) || viewerIsMember(ctx, listing.employerId);
}

/** The statuses of an employer's listings a viewer sees: members every one, everyone else the listed. */
export function visibleStatuses(isMember: boolean): ListingStatus[] {
  return isMember ? ['DRAFT', 'PUBLISHED', 'EXPIRED', 'CLOSED'] : [LISTED];
}

/**
 * Throws unless the user may change the listing (members may). Everyone else learns only what is
 * public: a draft is NOT_FOUND (as if it did not exist), a published listing needs a member.
 */
export function assertMayChange(listing: ListingEntity, userId: string | null, isMember: boolean): void {
  if (isMember) return;
  if (!wasPublished(listing)) throw notFound('Listing');
  if (!userId) throw unauthenticated();
  throw forbidden('Only members of its employer may change this listing');
}
