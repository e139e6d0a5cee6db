import { toGlobalId } from '../../graphql/global-id';
import { errorOf, ok, startTestApp, type GraphQLResponse, type TestApp } from '../../../test/harness';
import { buildCredits, buildEmployer, buildListing, buildPoster, buildUser, type BuiltPoster, type BuiltUser } from '../../../test/factories';
import type { EmployerEntity } from '../employers/employer.entity';
import type { ListingEntity } from './listing.entity';

const LISTING_FIELDS = `id title description status active
  projectType { id name } technologies { id name } employer { id } postedBy { id }
  createdAt updatedAt publishedAt closedAt`;
const CREATE = `mutation ($input: CreateListingInput!) { createListing(input: $input) { ${LISTING_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateListingInput!) { updateListing(input: $input) { ${LISTING_FIELDS} } }`;
const PUBLISH = `mutation ($id: ID!) { publishListing(id: $id) { ${LISTING_FIELDS} } }`;
const CLOSE = `mutation ($id: ID!) { closeListing(id: $id) { ${LISTING_FIELDS} } }`;
const LISTING = `query ($id: ID!) { listing(id: $id) { id title status } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Listing { title status } } }`;

const employerGid = (employer: EmployerEntity) => toGlobalId('Employer', employer.id);
const listingGid = (listing: { id: string }) => toGlobalId('Listing', listing.id);
const projectTypeGid = (id: number) => toGlobalId('ProjectType', id);
const technologyGid = (id: number) => toGlobalId('Technology', id);
const localIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

/** Taxonomy ids of the seed (server/src/db/taxonomy.ts). */
const WEB_BACKEND = 9;
const DESIGN_LOGO = 13;
const TYPESCRIPT = 2;
const PYTHON = 5;
const POSTGRESQL = 25;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

type Poster = BuiltPoster;
const poster = () => buildPoster(t.app);

function validInput(employer: EmployerEntity) {
  return {
    employerId: employerGid(employer),
    title: 'Build an order dashboard',
    description: 'A small dashboard that shows our orders per day, with a CSV export.',
    projectTypeId: projectTypeGid(WEB_BACKEND),
    technologyIds: [technologyGid(TYPESCRIPT), technologyGid(POSTGRESQL)],
  };
}

async function listingCount(employer: EmployerEntity): Promise<number> {
  const [{ count }] = await t.app.deps.ds.query('SELECT count(*)::int AS count FROM listings WHERE employer_id = $1', [employer.id]);
  return count;
}

async function stored(listing: { id: string }): Promise<{ title: string; description: string; status: string; project_type_id: number | null; technology_ids: number[] }> {
  const [row] = await t.app.deps.ds.query(
    `SELECT title, description, status, project_type_id,
            ARRAY(SELECT technology_id FROM listing_technologies WHERE listing_id = l.id ORDER BY technology_id) AS technology_ids
       FROM listings l WHERE id = $1`,
    [listing.id],
  );
  return row;
}

async function credits(employer: EmployerEntity): Promise<{ unspent: number; spent: number }> {
  const [row] = await t.app.deps.ds.query(
    `SELECT count(*) FILTER (WHERE listing_id IS NULL)::int AS unspent, count(*) FILTER (WHERE listing_id IS NOT NULL)::int AS spent
       FROM credits WHERE employer_id = $1`,
    [employer.id],
  );
  return row;
}

function expectBadFields(response: GraphQLResponse, fields: string[]): void {
  const error = errorOf(response);
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual([...fields].sort());
}

const codeOf = (response: GraphQLResponse) => errorOf(response).extensions?.code;

describe('createListing', () => {
  it('creates a draft for a member of the employer', async () => {
    const { user, token, employer } = await poster();
    const input = { ...validInput(employer), title: '  Build an order dashboard  ' };
    const listing = ok(await t.gql(CREATE, { input }, token)).createListing;
    expect(listing).toMatchObject({
      title: 'Build an order dashboard',
      description: input.description,
      status: 'DRAFT',
      active: false,
      projectType: { id: projectTypeGid(WEB_BACKEND), name: 'Software · Web · Backend' },
      technologies: [
        { id: technologyGid(TYPESCRIPT), name: 'TypeScript' },
        { id: technologyGid(POSTGRESQL), name: 'PostgreSQL' },
      ],
      employer: { id: employerGid(employer) },
      postedBy: { id: toGlobalId('User', user.id) },
      publishedAt: null,
      closedAt: null,
    });
    expect(await stored({ id: localIdOf(listing.id) })).toEqual({
      title: 'Build an order dashboard',
      description: input.description,
      status: 'DRAFT',
      project_type_id: WEB_BACKEND,
      technology_ids: [TYPESCRIPT, POSTGRESQL],
    });
  });

  it('lets a plain member (not only the owner) create one', async () => {
    const member = await buildUser(t.app);
    const owner = await buildUser(t.app);
    const employer = await buildEmployer(t.app, owner.user, { members: [{ user: member.user }] });
    const listing = ok(await t.gql(CREATE, { input: validInput(employer) }, member.token)).createListing;
    expect(listing.postedBy.id).toBe(toGlobalId('User', member.user.id));
  });

  const invalid: Array<[string, string, (input: ReturnType<typeof validInput>) => Record<string, unknown>]> = [
    ['title', 'shorter than 5 characters once trimmed', (input) => ({ ...input, title: '   abcd     ' })],
    ['title', 'longer than 120 characters', (input) => ({ ...input, title: 'x'.repeat(121) })],
    ['description', 'shorter than 20 characters once trimmed', (input) => ({ ...input, description: `  ${'d'.repeat(19)}  ` })],
    ['description', 'longer than 10,000 characters', (input) => ({ ...input, description: 'd'.repeat(10_001) })],
    ['projectTypeId', 'an id of no project type', (input) => ({ ...input, projectTypeId: projectTypeGid(999) })],
    ['projectTypeId', 'an id of another type', (input) => ({ ...input, projectTypeId: technologyGid(1) })],
    ['projectTypeId', 'not a global id', (input) => ({ ...input, projectTypeId: 'not-an-id' })],
    ['technologyIds', 'more than 10', (input) => ({ ...input, technologyIds: Array.from({ length: 11 }, (_, i) => technologyGid(i + 1)) })],
    ['technologyIds', 'repeated', (input) => ({ ...input, technologyIds: [technologyGid(1), technologyGid(1)] })],
    ['technologyIds', 'an id of no technology', (input) => ({ ...input, technologyIds: [technologyGid(1), technologyGid(51)] })],
    ['technologyIds', 'an id of another type', (input) => ({ ...input, technologyIds: [projectTypeGid(1)] })],
    ['employerId', 'not an Employer id', (input) => ({ ...input, employerId: technologyGid(1) })],
  ];

  it.each(invalid)('refuses %s %s, naming only that field and storing nothing', async (field, _why, change) => {
    const { token, employer } = await poster();
    expectBadFields(await t.gql(CREATE, { input: change(validInput(employer)) }, token), [field]);
    expect(await listingCount(employer)).toBe(0);
  });

  it('names every bad field at once', async () => {
    const { token, employer } = await poster();
    const input = { ...validInput(employer), title: 'abc', description: 'too short', technologyIds: [technologyGid(1), technologyGid(1)] };
    expectBadFields(await t.gql(CREATE, { input }, token), ['title', 'description', 'technologyIds']);
    expect(await listingCount(employer)).toBe(0);
  });

  it('saves an incomplete draft: only the title and description are required', async () => {
    const { token, employer } = await poster();
    const { employerId, title, description } = validInput(employer);
    const listing = ok(await t.gql(CREATE, { input: { employerId, title, description } }, token)).createListing;
    expect(listing).toMatchObject({ title, description, status: 'DRAFT', active: false, projectType: null, technologies: [], publishedAt: null });
    expect(await stored({ id: localIdOf(listing.id) })).toEqual({ title, description, status: 'DRAFT', project_type_id: null, technology_ids: [] });
  });

  it('accepts a null project type and an explicitly empty technology list for a draft', async () => {
    const { token, employer } = await poster();
    const input = { ...validInput(employer), projectTypeId: null, technologyIds: [] };
    const listing = ok(await t.gql(CREATE, { input }, token)).createListing;
    expect(listing).toMatchObject({ status: 'DRAFT', projectType: null, technologies: [] });
    expect(await stored({ id: localIdOf(listing.id) })).toMatchObject({ project_type_id: null, technology_ids: [] });
  });

  it('still checks a project type or technologies given with an incomplete draft', async () => {
    const { token, employer } = await poster();
    const { employerId, title, description } = validInput(employer);
    expectBadFields(await t.gql(CREATE, { input: { employerId, title, description, projectTypeId: projectTypeGid(999) } }, token), ['projectTypeId']);
    expectBadFields(await t.gql(CREATE, { input: { employerId, title, description, technologyIds: [technologyGid(51)] } }, token), ['technologyIds']);
    expect(await listingCount(employer)).toBe(0);
  });

  it('accepts the boundaries: 5 and 120 character titles, 20 and 10,000 character descriptions, 10 technologies', async () => {
    const { token, employer } = await poster();
    const ten = Array.from({ length: 10 }, (_, i) => technologyGid(i + 1));
    ok(await t.gql(CREATE, { input: { ...validInput(employer), title: 'abcde', description: 'd'.repeat(20), technologyIds: ten } }, token));
    ok(await t.gql(CREATE, { input: { ...validInput(employer), title: 't'.repeat(120), description: 'd'.repeat(10_000) } }, token));
    expect(await listingCount(employer)).toBe(2);
  });

  it('refuses anonymous (UNAUTHENTICATED), non-members (FORBIDDEN) and unknown employers (NOT_FOUND)', async () => {
    const { employer } = await poster();
    const stranger = await buildUser(t.app);
    expect(codeOf(await t.gql(CREATE, { input: validInput(employer) }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CREATE, { input: validInput(employer) }, stranger.token))).toBe('FORBIDDEN');
    const unknown = { ...validInput(employer), employerId: toGlobalId('Employer', '00000000-0000-4000-8000-000000000000') };
    expect(codeOf(await t.gql(CREATE, { input: unknown }, stranger.token))).toBe('NOT_FOUND');
    expect(await listingCount(employer)).toBe(0);
  });
});

describe('updateListing', () => {
  it('changes the given fields of a draft and keeps the others', async () => {
    const { user, token, employer } = await poster();
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT', technologyIds: [TYPESCRIPT] });
    const updated = ok(
      await t.gql(UPDATE, { input: { id: listingGid(draft), title: ' A better title ', technologyIds: [technologyGid(PYTHON), technologyGid(POSTGRESQL)] } }, token),
    ).updateListing;
    expect(updated).toMatchObject({
      title: 'A better title',
      description: draft.description,
      status: 'DRAFT',
      technologies: [{ name: 'Python' }, { name: 'PostgreSQL' }],
    });
    expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(draft.updatedAt.getTime());

    const again = ok(
      await t.gql(UPDATE, { input: { id: listingGid(draft), description: 'Now with a longer description.', projectTypeId: projectTypeGid(DESIGN_LOGO) } }, token),
    ).updateListing;
    expect(again).toMatchObject({ title: 'A better title', description: 'Now with a longer description.', projectType: { name: 'Design · Logo' } });
    expect(await stored(draft)).toMatchObject({ project_type_id: DESIGN_LOGO, technology_ids: [PYTHON, POSTGRESQL] });
  });

  it('changes a published listing too', async () => {
    const { user, token, employer } = await poster();
    const listing = await buildListing(t.app, employer, user);
    const updated = ok(await t.gql(UPDATE, { input: { id: listingGid(listing), title: 'Published, then edited' } }, token)).updateListing;
    expect(updated).toMatchObject({ title: 'Published, then edited', status: 'PUBLISHED', active: true });
  });

  const invalid: Array<[string, string, Record<string, unknown>]> = [
    ['title', 'too short', { title: 'abc' }],
    ['title', 'too long', { title: 'x'.repeat(121) }],
    ['description', 'too short', { description: 'short' }],
    ['description', 'too long', { description: 'd'.repeat(10_001) }],
    ['projectTypeId', 'of no project type', { projectTypeId: projectTypeGid(20) }],
    ['projectTypeId', 'that is no global id', { projectTypeId: 'garbage' }],
    ['technologyIds', 'that are more than 10', { technologyIds: Array.from({ length: 11 }, (_, i) => technologyGid(i + 1)) }],
    ['technologyIds', 'that repeat', { technologyIds: [technologyGid(3), technologyGid(3)] }],
    ['technologyIds', 'of no technology', { technologyIds: [technologyGid(0)] }],
  ];

  it.each(invalid)('refuses a %s %s, naming only that field and changing nothing', async (field, _why, change) => {
    const { user, token, employer } = await poster();
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    const before = await stored(draft);
    expectBadFields(await t.gql(UPDATE, { input: { id: listingGid(draft), ...change } }, token), [field]);
    expect(await stored(draft)).toEqual(before);
  });

  it('refuses an id that is not a Listing id', async () => {
    const { token, employer } = await poster();
    expectBadFields(await t.gql(UPDATE, { input: { id: employerGid(employer), title: 'Valid title' } }, token), ['id']);
  });

  it('empties the technologies of a draft, but not of a published listing', async () => {
    const { user, token, employer } = await poster();
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT', technologyIds: [TYPESCRIPT, PYTHON] });
    expect(ok(await t.gql(UPDATE, { input: { id: listingGid(draft), technologyIds: [] } }, token)).updateListing.technologies).toEqual([]);
    expect((await stored(draft)).technology_ids).toEqual([]);

    const published = await buildListing(t.app, employer, user, { technologyIds: [TYPESCRIPT] });
    const before = await stored(published);
    const error = errorOf(await t.gql(UPDATE, { input: { id: listingGid(published), title: 'Still a valid title', technologyIds: [] } }, token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { technologyIds: 'must name 1 to 10 technologies' } });
    expect(await stored(published)).toEqual(before);
  });

  it('completes a draft saved with only a title and description, step by step', async () => {
    const { token, employer } = await poster();
    const { employerId, title, description } = validInput(employer);
    const draft = ok(await t.gql(CREATE, { input: { employerId, title, description } }, token)).createListing;

    const typed = ok(await t.gql(UPDATE, { input: { id: draft.id, projectTypeId: projectTypeGid(DESIGN_LOGO) } }, token)).updateListing;
    expect(typed).toMatchObject({ title, status: 'DRAFT', projectType: { id: projectTypeGid(DESIGN_LOGO) }, technologies: [] });

    const withTechnologies = ok(await t.gql(UPDATE, { input: { id: draft.id, technologyIds: [technologyGid(PYTHON)] } }, token)).updateListing;
    expect(withTechnologies).toMatchObject({ projectType: { name: 'Design · Logo' }, technologies: [{ name: 'Python' }] });

    // Leaving the project type out (or null) keeps it.
    ok(await t.gql(UPDATE, { input: { id: draft.id, projectTypeId: null, title: 'A renamed draft' } }, token));
    expect(await stored({ id: localIdOf(draft.id) })).toEqual({
      title: 'A renamed draft',
      description,
      status: 'DRAFT',
      project_type_id: DESIGN_LOGO,
      technology_ids: [PYTHON],
    });
  });

  it('refuses to edit a closed listing (CONFLICT)', async () => {
    const { user, token, employer } = await poster();
    const closed = await buildListing(t.app, employer, user, { status: 'CLOSED' });
    expect(codeOf(await t.gql(UPDATE, { input: { id: listingGid(closed), title: 'Too late now' } }, token))).toBe('CONFLICT');
    expect((await stored(closed)).title).toBe(closed.title);
  });

  it('hides drafts from anonymous and non-members (NOT_FOUND, like a missing id) and guards published ones', async () => {
    const { user, employer } = await poster();
    const stranger = await buildUser(t.app);
    const draft = await buildListing(t.app, employer, user, { status: 'DRAFT' });
    const published = await buildListing(t.app, employer, user);
    const missing = { id: '00000000-0000-4000-8000-000000000000' };
    const change = (listing: { id: string }) => ({ input: { id: listingGid(listing), title: 'Hijacked title' } });

    const missingError = errorOf(await t.gql(UPDATE, change(missing), stranger.token));
    expect(missingError.extensions?.code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(UPDATE, change(draft), stranger.token)).message).toBe(missingError.message);
    expect(errorOf(await t.gql(UPDATE, change(draft))).message).toBe(missingError.message);
    expect(codeOf(await t.gql(UPDATE, change(published)))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(UPDATE, change(published), stranger.token))).toBe('FORBIDDEN');
    expect((await stored(draft)).title).toBe(draft.title);
    expect((await stored(published)).title).toBe(published.title);
  });
});

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
    const { employerId, title, description } = validInput(employer);
    const draft = ok(await t.gql(CREATE, { input: { employerId, title, description } }, token)).createListing;

    const bare = errorOf(await t.gql(PUBLISH, { id: draft.id }, token));
    expect(bare.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { projectTypeId: 'is required to publish', technologyIds: 'needs 1 to 10 technologies to publish' },
    });
    expect(Object.keys(bare.extensions?.fields ?? {}).sort()).toEqual(['projectTypeId', 'technologyIds']);
    expect(await stored({ id: localIdOf(draft.id) })).toMatchObject({ status: 'DRAFT', project_type_id: null });
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 0 });

    ok(await t.gql(UPDATE, { input: { id: draft.id, projectTypeId: projectTypeGid(WEB_BACKEND) } }, token));
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
    expectBadFields(await t.gql(PUBLISH, { id: draft.id }, token), ['technologyIds']);
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
