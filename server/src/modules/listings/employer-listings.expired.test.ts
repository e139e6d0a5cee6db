import { buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { ok, useTestApp } from '../../../test/harness';
import { toGlobalId } from '../../graphql/global-id';

/**
 * Employer.listings reads statuses as Listing.status shows them (issue 15 review): a listing past
 * its end that the expiry job has not flipped yet is EXPIRED there too, so a non-member, who sees
 * only PUBLISHED listings, never sees it, exactly as the catalogue (listedSql).
 */
const t = useTestApp();
const LISTINGS = `query ($id: ID!, $status: ListingStatus) { employer(id: $id) { listings(status: $status) { totalCount edges { node { id status } } } } }`;

it('a listing past its end, before the expiry job, is hidden from non-members and EXPIRED for members', async () => {
  const owner = await buildUser(t.app);
  const stranger = await buildUser(t.app);
  const employer = await buildEmployer(t.app, owner.user);
  const running = await buildListing(t.app, employer, owner.user, { title: 'Still running' });
  const ended = await buildListing(t.app, employer, owner.user, { title: 'Ran out a minute ago' });
  await t.app.deps.ds.query(`UPDATE listings SET expires_at = now() - interval '1 minute' WHERE id = $1`, [ended.id]);
  const [{ status }] = await t.app.deps.ds.query(`SELECT status FROM listings WHERE id = $1`, [ended.id]);
  expect(status).toBe('PUBLISHED');
  const id = toGlobalId('Employer', employer.id);
  const seen = async (token: string | undefined, variables: Record<string, unknown> = {}) => {
    const { listings } = ok(await t.gql(LISTINGS, { id, ...variables }, token)).employer;
    return { totalCount: listings.totalCount, nodes: listings.edges.map((edge: { node: unknown }) => edge.node) };
  };
  const node = (listing: { id: string }, shown: string) => ({ id: toGlobalId('Listing', listing.id), status: shown });

  for (const viewer of [stranger.token, undefined]) expect(await seen(viewer)).toEqual({ totalCount: 1, nodes: [node(running, 'PUBLISHED')] });
  expect(await seen(owner.token)).toEqual({ totalCount: 2, nodes: [node(ended, 'EXPIRED'), node(running, 'PUBLISHED')] });
  expect(await seen(owner.token, { status: 'PUBLISHED' })).toEqual({ totalCount: 1, nodes: [node(running, 'PUBLISHED')] });
  expect(await seen(owner.token, { status: 'EXPIRED' })).toEqual({ totalCount: 1, nodes: [node(ended, 'EXPIRED')] });
});
