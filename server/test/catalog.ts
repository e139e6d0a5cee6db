import { randomBytes } from 'node:crypto';
import { type GraphQLResponse, ok, useTestApp } from './harness';
import { buildListing, buildPoster, type BuiltPoster, type ListingOverrides } from './factories';
import type { ListingEntity } from '../src/modules/listings/listing.entity';

/*
 * What the catalogue tests share. Importing it gives the test file its app (hooks registered at
 * import, so each file gets one).
 */

export function uniqueWord(): string {
  const letters = [...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
  return `zq${letters}x`;
}

export const LISTINGS = `query ($filter: ListingFilter, $first: Int, $after: String) {
  listings(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id title } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const COUNTS = `query ($filter: ListingFilter) {
  listings(filter: $filter, first: 1) {
    totalCount
    facets {
      technologies { technology { id name } count }
      projectTypes { projectType { id name } count }
    }
  }
}`;

export const t = useTestApp();

export type Poster = BuiltPoster;
export const poster = () => buildPoster(t.app);

/** Published listings, each a millisecond older than the one before, so their order is known. */
export async function publishedListings(owner: Poster, specs: ListingOverrides[], start = Date.now() - 60_000): Promise<ListingEntity[]> {
  const listings: ListingEntity[] = [];
  for (const [index, spec] of specs.entries()) {
    listings.push(await buildListing(t.app, owner.employer, owner.user, { publishedAt: new Date(start - index * 1000), ...spec }));
  }
  return listings;
}

export async function ids(filter: Record<string, unknown>, first = 100): Promise<string[]> {
  const data = ok(await t.gql(LISTINGS, { filter, first }));
  return data.listings.edges.map((edge: { node: { id: string } }) => edge.node.id);
}

/**
 * Every id of a filter, page by page. After each page `between` starts (e.g. publishing more
 * listings) and runs concurrently with the fetch of the next page.
 */
export async function pageThrough(filter: Record<string, unknown>, first: number, between: () => Promise<unknown> = async () => undefined): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  let running: Promise<unknown> = Promise.resolve();
  for (let pages = 0; pages < 100; pages += 1) {
    const [response]: [GraphQLResponse, unknown] = await Promise.all([t.gql(LISTINGS, { filter, first, after }), running]);
    const { listings }: { listings: any } = ok(response);
    seen.push(...listings.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!listings.pageInfo.hasNextPage) return seen;
    after = listings.pageInfo.endCursor;
    running = between();
  }
  throw new Error('more than 100 pages');
}
