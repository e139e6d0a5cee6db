import { toGlobalId } from '../../graphql/global-id';
import { errorOf, ok } from '../../../test/harness';
import { codeOf, expectBadFields } from '../../../test/expect';
import { buildEmployer, buildListing, buildUser } from '../../../test/factories';
import { DESIGN_LOGO, employerGid, listingGid, POSTGRESQL, projectTypeGid, PYTHON, technologyGid, TYPESCRIPT, WEB_BACKEND } from '../../../test/ids';
import { CREATE, listingCount, localIdOf, poster, stored, t, UPDATE, validInput } from '../../../test/listings';

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
