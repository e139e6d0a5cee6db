import { forbidden, notFound, unauthenticated } from '../../errors';
import { viewerIsMember, type RequestScope } from '../employers/employers.policy';
import type { ListingEntity, ListingStatus } from './listing.entity';

/**
 * Who may see and change a listing. Published ones (closed since or not) are public; a draft,
 * never published, is seen only by the members of its employer, and hidden from everyone else
 * exactly like a missing id. Only members change a listing.
 */

/** Whether a listing is public: it has been published (and may since have closed). Drafts never were. */
export function isPublic(listing: ListingEntity): boolean {
  return listing.publishedAt !== null;
}

/** Whether the viewer may see the listing: published ones are public, drafts only for members. */
export async function viewerCanSeeListing(ctx: RequestScope, listing: ListingEntity): Promise<boolean> {
  return isPublic(listing) || viewerIsMember(ctx, listing.employerId);
}

/** The statuses of an employer's listings a viewer sees: members every one, everyone else the published. */
export function visibleStatuses(isMember: boolean): ListingStatus[] {
  return isMember ? ['DRAFT', 'PUBLISHED', 'CLOSED'] : ['PUBLISHED'];
}

/**
 * Throws unless the user may change the listing (members may). Everyone else learns only what is
 * public: a draft is NOT_FOUND (as if it did not exist), a published listing needs a member.
 */
export function assertMayChange(listing: ListingEntity, userId: string | null, isMember: boolean): void {
  if (isMember) return;
  if (!isPublic(listing)) throw notFound('Listing');
  if (!userId) throw unauthenticated();
  throw forbidden('Only members of its employer may change this listing');
}
