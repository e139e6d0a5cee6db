import { toGlobalId } from '../../graphql/global-id';
import { errorOf, ok } from '../../../test/harness';
import { codeOf, expectBadFields } from '../../../test/expect';
import { buildCredits, buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { listingGid, projectTypeGid, technologyGid, TYPESCRIPT, WEB_BACKEND } from '../../../test/ids';
import { CLOSE, CREATE, credits, LISTING, localIdOf, poster, PUBLISH, stored, t, UPDATE, validInput } from '../../../test/listings';

describe('publishListing', () => {
  it('publishes a draft and spends one credit', async () => {
    const { user, token, employer } = await poster();
    await buildCredits(t.app, employer, user, 2);
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    const published = ok(await t.gql(PUBLISH, { id: listingGid(draft) }, token)).publishListing;
    expect(published).toMatchObject({ status: 'PUBLISHED', active: true, closedAt: null });
    expect(published.publishedAt).toEqual(expect.any(String));
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 1 });
    const [spent] = await t.app.deps.ds.query('SELECT listing_id, spent_at FROM credits WHERE employer_id = $1 AND listing_id IS NOT NULL', [employer.id]);
    expect(spent.listing_id).toBe(draft.id);
    expect(spent.spent_at).toBeInstanceOf(Date);
  });

  it('answers PAYMENT_REQUIRED without a credit, and the listing stays a draft', async () => {
    const { user, token, employer } = await poster();
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    expect(codeOf(await t.gql(PUBLISH, { id: listingGid(draft) }, token))).toBe('PAYMENT_REQUIRED');
    expect((await stored(draft)).status).toBe('DRAFT');
    expect(await credits(employer)).toEqual({ unspent: 0, spent: 0 });
  });

  it('refuses an incomplete draft before spending anything, naming each missing field; completed, it publishes', async () => {
    const { token, employer } = await poster();
    await buildCredits(t.app, employer, (await buildUser(t.app)).user, 1);
    const { employerId, title, description, budget, duration, location } = validInput(employer);
    const draft = ok(await t.gql(CREATE, { input: { employerId, title, description } }, token)).createListing;

    const bare = errorOf(await t.gql(PUBLISH, { id: draft.id }, token));
    expect(bare.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        projectTypeId: 'is required to publish',
        technologyIds: 'needs 1 to 10 technologies to publish',
        budget: 'is required to publish',
        duration: 'is required to publish',
        location: 'is required to publish',
      },
    });
    expect(Object.keys(bare.extensions?.fields ?? {}).sort()).toEqual(['budget', 'duration', 'location', 'projectTypeId', 'technologyIds']);
    expect(await stored({ id: localIdOf(draft.id) })).toMatchObject({ status: 'DRAFT', project_type_id: null });
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 0 });

    ok(await t.gql(UPDATE, { input: { id: draft.id, projectTypeId: projectTypeGid(WEB_BACKEND), budget, duration, location } }, token));
    const typedOnly = errorOf(await t.gql(PUBLISH, { id: draft.id }, token));
    expect(typedOnly.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { technologyIds: 'needs 1 to 10 technologies to publish' } });
    expect(Object.keys(typedOnly.extensions?.fields ?? {})).toEqual(['technologyIds']);
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 0 });

    ok(await t.gql(UPDATE, { input: { id: draft.id, projectTypeId: null, technologyIds: [] } }, token));
    ok(await t.gql(UPDATE, { input: { id: draft.id, technologyIds: [technologyGid(TYPESCRIPT)] } }, token));
    const published = ok(await t.gql(PUBLISH, { id: draft.id }, token)).publishListing;
    expect(published).toMatchObject({ status: 'PUBLISHED', active: true, projectType: { id: projectTypeGid(WEB_BACKEND) }, technologies: [{ name: 'TypeScript' }] });
    expect(await credits(employer)).toEqual({ unspent: 0, spent: 1 });
  });

  it('checks completeness before credits: an incomplete draft without credit is BAD_USER_INPUT, not PAYMENT_REQUIRED', async () => {
    const { token, employer } = await poster();
    const { employerId, title, description } = validInput(employer);
    const draft = ok(await t.gql(CREATE, { input: { employerId, title, description, projectTypeId: projectTypeGid(WEB_BACKEND) } }, token)).createListing;
    expectBadFields(await t.gql(PUBLISH, { id: draft.id }, token), ['technologyIds', 'budget', 'duration', 'location']);
    expect((await stored({ id: localIdOf(draft.id) })).status).toBe('DRAFT');
  });

  it('is backed by the database: only a draft may lack its project type', async () => {
    const { user, employer } = await poster();
    const published = await buildListing(t.app, employer, user);
    await expect(t.app.deps.ds.query('UPDATE listings SET project_type_id = NULL WHERE id = $1', [published.id])).rejects.toThrow(/check constraint/);
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    await t.app.deps.ds.query('UPDATE listings SET project_type_id = NULL WHERE id = $1', [draft.id]);
    await expect(t.app.deps.ds.query(`UPDATE listings SET status = 'PUBLISHED' WHERE id = $1`, [draft.id])).rejects.toThrow(/check constraint/);
  });

  it('costs nothing to publish an already published listing again', async () => {
    const { user, token, employer } = await poster();
    await buildCredits(t.app, employer, user, 1);
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    const first = ok(await t.gql(PUBLISH, { id: listingGid(draft) }, token)).publishListing;
    const second = ok(await t.gql(PUBLISH, { id: listingGid(draft) }, token)).publishListing;
    expect(second.publishedAt).toBe(first.publishedAt);
    expect(await credits(employer)).toEqual({ unspent: 0, spent: 1 });
  });

  it('refuses a closed listing (CONFLICT) and spends nothing', async () => {
    const { user, token, employer } = await poster();
    await buildCredits(t.app, employer, user, 1);
    const closed = await buildListing(t.app, employer, user, { status: 'CLOSED' });
    expect(codeOf(await t.gql(PUBLISH, { id: listingGid(closed) }, token))).toBe('CONFLICT');
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 0 });
  });

  it('hides drafts from anonymous and non-members (NOT_FOUND) and lets a plain member publish', async () => {
    const owner = await buildUser(t.app);
    const member = await buildUser(t.app);
    const stranger = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user, { members: [{ user: member.user }] });
    await buildCredits(t.app, employer, owner.user, 1);
    const draft = await buildListing(t.app, employer, owner.user, { status: 'DRAFT' });
    expect(codeOf(await t.gql(PUBLISH, { id: listingGid(draft) }))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(PUBLISH, { id: listingGid(draft) }, stranger.token))).toBe('NOT_FOUND');
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 0 });
    expect(ok(await t.gql(PUBLISH, { id: listingGid(draft) }, member.token)).publishListing.status).toBe('PUBLISHED');
    expect(codeOf(await t.gql(PUBLISH, { id: listingGid(draft) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(PUBLISH, { id: listingGid(draft) }, stranger.token))).toBe('FORBIDDEN');
    expect(await credits(employer)).toEqual({ unspent: 0, spent: 1 });
  });

  it('publishes exactly one of 8 simultaneous drafts with 1 credit (repeated)', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { user, token, employer } = await poster();
      await buildCredits(t.app, employer, user, 1);
      const drafts = await Promise.all(Array.from({ length: 8 }, () => buildListing(t.app, employer, user, { status: 'DRAFT' })));
      const responses = await Promise.all(drafts.map((draft) => t.gql(PUBLISH, { id: listingGid(draft) }, token)));
      const published = responses.filter((response) => !response.errors);
      expect(published).toHaveLength(1);
      expect(responses.filter((response) => response.errors).map(codeOf)).toEqual(Array(7).fill('PAYMENT_REQUIRED'));
      expect(await credits(employer)).toEqual({ unspent: 0, spent: 1 });
      const statuses = await t.app.deps.ds.query(
        `SELECT status, count(*)::int AS count FROM listings WHERE employer_id = $1 GROUP BY status ORDER BY status`,
        [employer.id],
      );
      expect(statuses).toEqual([
        { status: 'DRAFT', count: 7 },
        { status: 'PUBLISHED', count: 1 },
      ]);
      const [spent] = await t.app.deps.ds.query('SELECT listing_id FROM credits WHERE employer_id = $1', [employer.id]);
      expect(toGlobalId('Listing', spent.listing_id)).toBe(published[0].data.publishListing.id);
    }
  });

  it('spends one credit when the same draft is published twice at once (repeated)', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { user, token, employer } = await poster();
      await buildCredits(t.app, employer, user, 2);
      const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
      const responses = await Promise.all([1, 2].map(() => t.gql(PUBLISH, { id: listingGid(draft) }, token)));
      for (const response of responses) expect(ok(response).publishListing.status).toBe('PUBLISHED');
      expect(await credits(employer)).toEqual({ unspent: 1, spent: 1 });
    }
  });
});

describe('closeListing', () => {
  it('closes a published listing; closing again changes nothing', async () => {
    const { user, token, employer } = await poster();
    const listing = await buildListing(t.app, employer, user);
    const closed = ok(await t.gql(CLOSE, { id: listingGid(listing) }, token)).closeListing;
    expect(closed).toMatchObject({ status: 'CLOSED', active: false, closedAt: expect.any(String) });
    const again = ok(await t.gql(CLOSE, { id: listingGid(listing) }, token)).closeListing;
    expect(again.closedAt).toBe(closed.closedAt);
    // Still readable by anyone (conversations and contracts point at it), but no longer active.
    expect(ok(await t.gql(LISTING, { id: listingGid(listing) })).listing.status).toBe('CLOSED');
  });

  it('closes a draft, which stays private', async () => {
    const { user, token, employer } = await poster();
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    expect(ok(await t.gql(CLOSE, { id: listingGid(draft) }, token)).closeListing.status).toBe('CLOSED');
    expect(codeOf(await t.gql(LISTING, { id: listingGid(draft) }))).toBe('NOT_FOUND');
    expect(ok(await t.gql(LISTING, { id: listingGid(draft) }, token)).listing.status).toBe('CLOSED');
  });

  it('refuses anonymous and non-members', async () => {
    const { user, employer } = await poster();
    const stranger = await buildUser(t.app);
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    const published = await buildListing(t.app, employer, user);
    expect(codeOf(await t.gql(CLOSE, { id: listingGid(draft) }))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CLOSE, { id: listingGid(draft) }, stranger.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CLOSE, { id: listingGid(published) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CLOSE, { id: listingGid(published) }, stranger.token))).toBe('FORBIDDEN');
    expect((await stored(draft)).status).toBe('DRAFT');
    expect((await stored(published)).status).toBe('PUBLISHED');
  });
});
