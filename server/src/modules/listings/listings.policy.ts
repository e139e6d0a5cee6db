import { forbidden, notFound, unauthenticated } from '../../errors';
import { viewerIsMember, type RequestScope } from '../employers/employers.policy';
import type { ListingEntity, ListingStatus } from './listing.entity';

/**
 * Who may see and change a listing. Two rules, not to be confused:
 * - `wasPublished`: it has been published (and may since have closed). Anyone may see it by id;
 *   a draft, never published, is seen only by the members of its employer, and hidden from
 *   everyone else exactly like a missing id.
 * - `isListed`: it is published now (status PUBLISHED, not closed). Only these are shown in the
 *   catalogue, in an employer's listings to non-members, match saved searches and take new
 *   conversations. `listedSql` is the same rule in SQL.
 * Only members change a listing.
 */

/** The one status of listings shown in the catalogue. */
const LISTED: ListingStatus = 'PUBLISHED';

/** Whether anyone may see the listing by id: it has been published (and may since have closed). Drafts never were. */
export function wasPublished(listing: Pick<ListingEntity, 'publishedAt'>): boolean {
  return listing.publishedAt !== null;
}

/** Whether the listing is shown in the catalogue: published and not closed. */
export function isListed(listing: Pick<ListingEntity, 'status'>): boolean {
  return listing.status === LISTED;
}

/** SQL: the listing `alias` is shown in the catalogue (`isListed`). */
export function listedSql(alias: string): string {
  return `${alias}.status = '${LISTED}'`;
}

/** Whether the viewer may see the listing: published ones are public, drafts only for members. */
export async function viewerCanSeeListing(ctx: RequestScope, listing: ListingEntity): Promise<boolean> {
  return wasPublished(listing) || viewerIsMember(ctx, listing.employerId);
}

/** The statuses of an employer's listings a viewer sees: members every one, everyone else the listed. */
export function visibleStatuses(isMember: boolean): ListingStatus[] {
  return isMember ? ['DRAFT', 'PUBLISHED', 'CLOSED'] : [LISTED];
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
