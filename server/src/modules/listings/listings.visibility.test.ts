import { errorOf, ok } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import type { ListingEntity } from './listing.entity';
import { employerGid, listingGid } from '../../../test/ids';
import { LISTING, NODE, type Poster, poster, t } from '../../../test/listings';

describe('draft visibility', () => {
  let owner: Poster;
  let member: BuiltUser;
  let stranger: BuiltUser;
  let draft: ListingEntity;
  let published: ListingEntity;
  const missing = { id: '00000000-0000-4000-8000-000000000000' };

  beforeAll(async () => {
    const ownerUser = await buildUser(t.app);
    member = await buildUser(t.app);
    stranger = await buildUser(t.app);
    const employer = await buildEmployer(t.app, ownerUser.user, { members: [{ user: member.user }] });
    owner = { ...ownerUser, employer };
    draft = await buildListing(t.app, employer, ownerUser.user, { status: 'DRAFT' });
    published = await buildListing(t.app, employer, ownerUser.user);
  });

  it('shows a draft to members through listing(id) and node(id)', async () => {
    for (const token of [owner.token, member.token]) {
      expect(ok(await t.gql(LISTING, { id: listingGid(draft) }, token)).listing).toEqual({ id: listingGid(draft), title: draft.title, status: 'DRAFT' });
      expect(ok(await t.gql(NODE, { id: listingGid(draft) }, token)).node).toEqual({ id: listingGid(draft), title: draft.title, status: 'DRAFT' });
    }
  });

  it('answers anonymous and non-members exactly as for a listing that does not exist', async () => {
    const missingListing = await t.gql(LISTING, { id: listingGid(missing) });
    expect(errorOf(missingListing).extensions?.code).toBe('NOT_FOUND');
    const missingNode = await t.gql(NODE, { id: listingGid(missing) });
    expect(missingNode).toEqual({ data: { node: null } });
    for (const token of [undefined, stranger.token]) {
      const listing = await t.gql(LISTING, { id: listingGid(draft) }, token);
      expect(errorOf(listing).message).toBe(errorOf(missingListing).message);
      expect(errorOf(listing).extensions).toEqual(errorOf(missingListing).extensions);
      expect(await t.gql(NODE, { id: listingGid(draft) }, token)).toEqual(missingNode);
    }
  });

  it('shows published listings to everyone', async () => {
    for (const token of [undefined, stranger.token, member.token]) {
      expect(ok(await t.gql(LISTING, { id: listingGid(published) }, token)).listing.status).toBe('PUBLISHED');
      expect(ok(await t.gql(NODE, { id: listingGid(published) }, token)).node.id).toBe(listingGid(published));
    }
  });

  it('refuses an id that is not a Listing id', async () => {
    expectBadFields(await t.gql(LISTING, { id: 'garbage' }), ['id']);
  });
});

describe('Employer.listings', () => {
  const EMPLOYER_LISTINGS = `query ($id: ID!, $status: ListingStatus, $first: Int, $after: String) {
    employer(id: $id) { listings(status: $status, first: $first, after: $after) {
      totalCount edges { cursor node { id status } } pageInfo { hasNextPage endCursor }
    } }
  }`;

  it('shows members every status (newest first, paged) and everyone else only published ones', async () => {
    const { user, token, employer } = await poster();
    const stranger = await buildUser(t.app);
    const created: ListingEntity[] = [];
    for (const status of ['PUBLISHED', 'DRAFT', 'CLOSED', 'PUBLISHED', 'DRAFT'] as const) {
      created.push(await buildListing(t.app, employer, user, { status }));
    }
    const newestFirst = [...created].reverse().map(listingGid);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await t.gql(EMPLOYER_LISTINGS, { id: employerGid(employer), first: 2, after }, token)).employer.listings;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst);

    const drafts = ok(await t.gql(EMPLOYER_LISTINGS, { id: employerGid(employer), status: 'DRAFT' }, token)).employer.listings;
    expect(drafts.edges.map((edge: any) => edge.node.status)).toEqual(['DRAFT', 'DRAFT']);

    const publicIds = created.filter((listing) => listing.status === 'PUBLISHED').reverse().map(listingGid);
    for (const other of [undefined, stranger.token]) {
      const everything = ok(await t.gql(EMPLOYER_LISTINGS, { id: employerGid(employer) }, other)).employer.listings;
      expect(everything.edges.map((edge: any) => edge.node.id)).toEqual(publicIds);
      expect(everything.totalCount).toBe(2);
      const hidden = ok(await t.gql(EMPLOYER_LISTINGS, { id: employerGid(employer), status: 'DRAFT' }, other)).employer.listings;
      expect(hidden).toMatchObject({ totalCount: 0, edges: [] });
    }
  });

  it('refuses a cursor that is not one of its own', async () => {
    const { employer } = await poster();
    expectBadFields(await t.gql(EMPLOYER_LISTINGS, { id: employerGid(employer), after: 'bm9wZQ' }), ['after']);
  });
});
