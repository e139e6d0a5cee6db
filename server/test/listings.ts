import { useTestApp } from './harness';
import { buildPoster, type BuiltPoster } from './factories';
import type { EmployerEntity } from '../src/modules/employers/employer.entity';
import { employerGid, POSTGRESQL, projectTypeGid, technologyGid, TYPESCRIPT, WEB_BACKEND } from './ids';

/*
 * What the listing tests share. Importing it gives the test file its app (hooks registered at
 * import, so each file gets one).
 */

const LISTING_FIELDS = `id title description status active
  projectType { id name } technologies { id name } employer { id } postedBy { id }
  createdAt updatedAt publishedAt closedAt`;
export const CREATE = `mutation ($input: CreateListingInput!) { createListing(input: $input) { ${LISTING_FIELDS} } }`;
export const UPDATE = `mutation ($input: UpdateListingInput!) { updateListing(input: $input) { ${LISTING_FIELDS} } }`;
export const PUBLISH = `mutation ($id: ID!) { publishListing(id: $id) { ${LISTING_FIELDS} } }`;
export const CLOSE = `mutation ($id: ID!) { closeListing(id: $id) { ${LISTING_FIELDS} } }`;
export const LISTING = `query ($id: ID!) { listing(id: $id) { id title status } }`;
export const NODE = `query ($id: ID!) { node(id: $id) { id ... on Listing { title status } } }`;

export const localIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

export const t = useTestApp();

export type Poster = BuiltPoster;
export const poster = () => buildPoster(t.app);

export function validInput(employer: EmployerEntity) {
  return {
    employerId: employerGid(employer),
    title: 'Build an order dashboard',
    description: 'A small dashboard that shows our orders per day, with a CSV export.',
    projectTypeId: projectTypeGid(WEB_BACKEND),
    technologyIds: [technologyGid(TYPESCRIPT), technologyGid(POSTGRESQL)],
    budget: { kind: 'FIXED', minCents: 150_000, maxCents: 300_000, currency: 'EUR' },
    duration: { weeks: 6, hoursPerWeek: 15 },
    location: { kind: 'HYBRID', city: 'Lisbon', countryCode: 'PT' },
  };
}

export async function listingCount(employer: EmployerEntity): Promise<number> {
  const [{ count }] = await t.app.deps.ds.query('SELECT count(*)::int AS count FROM listings WHERE employer_id = $1', [employer.id]);
  return count;
}

export async function stored(listing: { id: string }): Promise<{ title: string; description: string; status: string; project_type_id: number | null; technology_ids: number[] }> {
  const [row] = await t.app.deps.ds.query(
    `SELECT title, description, status, project_type_id,
            ARRAY(SELECT technology_id FROM listing_technologies WHERE listing_id = l.id ORDER BY technology_id) AS technology_ids
       FROM listings l WHERE id = $1`,
    [listing.id],
  );
  return row;
}

export async function credits(employer: EmployerEntity): Promise<{ unspent: number; spent: number }> {
  const [row] = await t.app.deps.ds.query(
    `SELECT count(*) FILTER (WHERE listing_id IS NULL)::int AS unspent, count(*) FILTER (WHERE listing_id IS NOT NULL)::int AS spent
       FROM credits WHERE employer_id = $1`,
    [employer.id],
  );
  return row;
}
