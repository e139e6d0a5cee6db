import { toGlobalId } from '../../graphql/global-id';
import { ok } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { buildListing } from '../../../test/factories';
import type { ListingEntity } from '../listings/listing.entity';
import { DESIGN_LOGO, DOCKER, employerGid, listingGid, POSTGRESQL, projectTypeGid, PYTHON, superTypeGid, technologyGid, TYPESCRIPT, WEB_BACKEND, WEB_FRONTEND, WEB_FULL_STACK } from '../../../test/ids';
import { COUNTS, ids, LISTINGS, type Poster, poster, publishedListings, t, uniqueWord } from '../../../test/catalog';

describe('taxonomy', () => {
  it('answers 6 super types, 19 project types, 4 technology classes and 50 technologies', async () => {
    const data = ok(
      await t.gql(`{
        projectSuperTypes { id name projectTypes { id } }
        projectTypes { id name type platform superType { id name } }
        technologyClasses { id name technologies { id } }
        technologies { id name icon technologyClass { id name } }
      }`),
    );
    expect(data.projectSuperTypes).toHaveLength(6);
    expect(data.projectTypes).toHaveLength(19);
    expect(data.technologyClasses).toHaveLength(4);
    expect(data.technologies).toHaveLength(50);
    expect(data.projectSuperTypes.map((s: any) => s.name)).toEqual(['Software', 'Design', 'Project Management', 'DevOps', 'Hardware', 'Quality Assurance']);
    expect(data.technologyClasses.map((c: any) => c.name)).toEqual(['Programming Language', 'Data Store', 'Cloud Provider', 'DevOps']);
    expect(data.projectSuperTypes.reduce((sum: number, s: any) => sum + s.projectTypes.length, 0)).toBe(19);
    expect(data.technologyClasses.map((c: any) => c.technologies.length)).toEqual([24, 17, 5, 4]);

    const names: string[] = data.technologies.map((technology: any) => technology.name);
    expect(new Set(names).size).toBe(50);
    for (const name of ['PostgreSQL', 'MySQL', 'MariaDB', 'Microsoft SQL Server', 'GitHub Actions', 'TypeScript', 'JavaScript', 'MongoDB', 'DigitalOcean']) {
      expect(names).toContain(name);
    }
    expect(names.filter((name) => name === 'Scala')).toHaveLength(1);
    expect(names).not.toContain('MarisDB');
    expect(data.technologies.find((technology: any) => technology.name === 'GitHub Actions')).toEqual({
      id: technologyGid(49),
      name: 'GitHub Actions',
      icon: 'githubactions',
      technologyClass: { id: toGlobalId('TechnologyClass', 4), name: 'DevOps' },
    });
  });

  it('computes project type names from super type, type and platform', async () => {
    const { projectTypes } = ok(await t.gql('{ projectTypes { id name type platform superType { name } } }'));
    const byId = new Map(projectTypes.map((projectType: any) => [projectType.id, projectType]));
    expect(byId.get(projectTypeGid(WEB_BACKEND))).toEqual({ id: projectTypeGid(WEB_BACKEND), name: 'Software · Web · Backend', type: 'Web', platform: 'Backend', superType: { name: 'Software' } });
    expect(byId.get(projectTypeGid(16))).toEqual({ id: projectTypeGid(16), name: 'Project Management', type: null, platform: null, superType: { name: 'Project Management' } });
    expect(byId.get(projectTypeGid(DESIGN_LOGO))).toMatchObject({ name: 'Design · Logo', type: 'Logo', platform: null });
  });

  it('resolves taxonomy global ids through node(id), and unknown ones to null', async () => {
    const query = `query ($id: ID!) { node(id: $id) { id ... on Technology { name } ... on ProjectType { name } ... on ProjectSuperType { name } ... on TechnologyClass { name } } }`;
    expect(ok(await t.gql(query, { id: technologyGid(3) })).node).toEqual({ id: technologyGid(3), name: 'Ruby' });
    expect(ok(await t.gql(query, { id: projectTypeGid(WEB_BACKEND) })).node.name).toBe('Software · Web · Backend');
    expect(ok(await t.gql(query, { id: superTypeGid(2) })).node.name).toBe('Design');
    expect(ok(await t.gql(query, { id: toGlobalId('TechnologyClass', 2) })).node.name).toBe('Data Store');
    expect(ok(await t.gql(query, { id: technologyGid(51) })).node).toBeNull();
    expect(ok(await t.gql(query, { id: toGlobalId('Technology', 'x') })).node).toBeNull();
  });

  it('answers from memory: no SQL once loaded', async () => {
    ok(await t.gql('{ technologies { id } }'));
    t.sql.reset();
    ok(await t.gql('{ projectSuperTypes { name projectTypes { name } } projectTypes { name superType { name } } technologyClasses { name } technologies { name technologyClass { name } } }'));
    expect(t.sql.statements).toEqual([]);
  });
});

describe('search', () => {
  it('finds a published listing by a word of its description, never drafts or closed ones', async () => {
    const owner = await poster();
    const word = uniqueWord();
    const [listing] = await publishedListings(owner, [{ description: `We need someone to tidy up the ${word} pipeline, quickly.` }]);
    await buildListing(t.app, owner.employer, owner.user, { status: 'DRAFT', description: `A draft about ${word} that nobody sees yet.` });
    await buildListing(t.app, owner.employer, owner.user, { status: 'CLOSED', description: `A closed gig about ${word}, already done.` });
    expect(await ids({ search: word })).toEqual([listingGid(listing)]);
    expect(await ids({ search: `  ${word.toUpperCase()}  ` })).toEqual([listingGid(listing)]);
  });

  it('ranks a title match above a description-only match, even when the latter is newer', async () => {
    const owner = await poster();
    const word = uniqueWord();
    const [descriptionOnly, inTitle] = await publishedListings(owner, [
      { title: 'Newer gig, plain title', description: `The work involves ${word} and some other things.` },
      { title: `Older ${word} gig`, description: 'A description that does not name the word at all.' },
    ]);
    expect(await ids({ search: word })).toEqual([listingGid(inTitle), listingGid(descriptionOnly)]);
    // Without a search, newest first.
    expect(await ids({ employerId: employerGid(owner.employer) })).toEqual([listingGid(descriptionOnly), listingGid(inTitle)]);
  });

  it('understands web-search syntax: every word must match, "-word" excludes', async () => {
    const owner = await poster();
    const [a, b] = [uniqueWord(), uniqueWord()];
    const [both, onlyA] = await publishedListings(owner, [
      { description: `This gig mentions ${a} and also ${b} in one place.` },
      { description: `This gig mentions only ${a} and nothing else.` },
    ]);
    expect(await ids({ search: `${a} ${b}` })).toEqual([listingGid(both)]);
    expect(await ids({ search: `${a} -${b}` })).toEqual([listingGid(onlyA)]);
    expect(await ids({ search: `${a} or ${b}` })).toHaveLength(2);
  });
});

describe('filters', () => {
  let owner: Poster;
  let scope: { employerId: string };
  let l1: ListingEntity;
  let l2: ListingEntity;
  let l3: ListingEntity;
  let l4: ListingEntity;
  let word: string;

  beforeAll(async () => {
    owner = await poster();
    scope = { employerId: employerGid(owner.employer) };
    word = uniqueWord();
    [l1, l2, l3, l4] = await publishedListings(owner, [
      { projectTypeId: WEB_BACKEND, technologyIds: [TYPESCRIPT, POSTGRESQL], description: `Backend work on ${word} services.` },
      { projectTypeId: WEB_FRONTEND, technologyIds: [TYPESCRIPT], description: 'Frontend work on a React app.' },
      { projectTypeId: WEB_BACKEND, technologyIds: [PYTHON], description: `Python scripts around ${word} data.` },
      { projectTypeId: DESIGN_LOGO, technologyIds: [POSTGRESQL], description: 'A logo for a database company.' },
    ]);
    await buildListing(t.app, owner.employer, owner.user, { status: 'DRAFT', projectTypeId: WEB_BACKEND, technologyIds: [TYPESCRIPT] });
    await buildListing(t.app, owner.employer, owner.user, { status: 'CLOSED', projectTypeId: WEB_BACKEND, technologyIds: [TYPESCRIPT] });
  });

  it('filters by employer (published only, newest first)', async () => {
    expect(await ids(scope)).toEqual([l1, l2, l3, l4].map(listingGid));
  });

  it('filters by technology: any of several (OR)', async () => {
    expect(await ids({ ...scope, technologyIds: [technologyGid(TYPESCRIPT)] })).toEqual([l1, l2].map(listingGid));
    expect(await ids({ ...scope, technologyIds: [technologyGid(PYTHON), technologyGid(POSTGRESQL)] })).toEqual([l1, l3, l4].map(listingGid));
    expect(await ids({ ...scope, technologyIds: [technologyGid(DOCKER)] })).toEqual([]);
  });

  it('filters by project type and by super type (OR within each)', async () => {
    expect(await ids({ ...scope, projectTypeIds: [projectTypeGid(WEB_BACKEND)] })).toEqual([l1, l3].map(listingGid));
    expect(await ids({ ...scope, projectTypeIds: [projectTypeGid(WEB_FRONTEND), projectTypeGid(DESIGN_LOGO)] })).toEqual([l2, l4].map(listingGid));
    expect(await ids({ ...scope, projectSuperTypeIds: [superTypeGid(2)] })).toEqual([l4].map(listingGid));
    expect(await ids({ ...scope, projectSuperTypeIds: [superTypeGid(1), superTypeGid(2)] })).toEqual([l1, l2, l3, l4].map(listingGid));
  });

  it('combines facets with AND', async () => {
    expect(await ids({ ...scope, technologyIds: [technologyGid(TYPESCRIPT)], projectTypeIds: [projectTypeGid(WEB_BACKEND)] })).toEqual([listingGid(l1)]);
    expect(
      await ids({ ...scope, technologyIds: [technologyGid(TYPESCRIPT), technologyGid(POSTGRESQL)], projectSuperTypeIds: [superTypeGid(1)] }),
    ).toEqual([l1, l2].map(listingGid));
    expect(await ids({ ...scope, technologyIds: [technologyGid(POSTGRESQL)], projectTypeIds: [projectTypeGid(WEB_FRONTEND)] })).toEqual([]);
    expect(await ids({ ...scope, projectTypeIds: [projectTypeGid(WEB_BACKEND)], projectSuperTypeIds: [superTypeGid(2)] })).toEqual([]);
  });

  it('combines a search with filters', async () => {
    expect(await ids({ search: word })).toHaveLength(2);
    expect(await ids({ search: word, technologyIds: [technologyGid(PYTHON)] })).toEqual([listingGid(l3)]);
    expect(await ids({ search: word, technologyIds: [technologyGid(TYPESCRIPT)], projectTypeIds: [projectTypeGid(WEB_BACKEND)] })).toEqual([listingGid(l1)]);
  });

  it('counts all matches and each facet value, each facet ignoring its own filter', async () => {
    const counts = async (filter: Record<string, unknown>) => {
      const { listings } = ok(await t.gql(COUNTS, { filter }));
      return {
        total: listings.totalCount,
        technologies: Object.fromEntries(listings.facets.technologies.map((value: any) => [value.technology.name, value.count])),
        projectTypes: Object.fromEntries(listings.facets.projectTypes.map((value: any) => [value.projectType.name, value.count])),
      };
    };
    const everything = {
      technologies: { TypeScript: 2, PostgreSQL: 2, Python: 1 },
      projectTypes: { 'Software · Web · Backend': 2, 'Software · Web · Frontend': 1, 'Design · Logo': 1 },
    };
    expect(await counts(scope)).toEqual({ total: 4, ...everything });

    // The technology facet ignores the technology filter, so TypeScript's alternatives still show.
    expect(await counts({ ...scope, technologyIds: [technologyGid(TYPESCRIPT)] })).toEqual({
      total: 2,
      technologies: everything.technologies,
      projectTypes: { 'Software · Web · Backend': 1, 'Software · Web · Frontend': 1 },
    });
    expect(await counts({ ...scope, technologyIds: [technologyGid(TYPESCRIPT)], projectTypeIds: [projectTypeGid(WEB_BACKEND)] })).toEqual({
      total: 1,
      technologies: { TypeScript: 1, PostgreSQL: 1, Python: 1 },
      projectTypes: { 'Software · Web · Backend': 1, 'Software · Web · Frontend': 1 },
    });
    expect(await counts({ ...scope, search: word })).toEqual({
      total: 2,
      technologies: { TypeScript: 1, PostgreSQL: 1, Python: 1 },
      projectTypes: { 'Software · Web · Backend': 2 },
    });
    // A selected value with no match stays in its facet, with 0.
    expect(await counts({ ...scope, technologyIds: [technologyGid(DOCKER)], projectTypeIds: [projectTypeGid(WEB_FULL_STACK)] })).toEqual({
      total: 0,
      technologies: { Docker: 0 },
      projectTypes: { 'Software · Web · Full stack': 0 },
    });
    const { listings } = ok(await t.gql(COUNTS, { filter: { ...scope, technologyIds: [technologyGid(DOCKER)] } }));
    expect(listings.facets.technologies).toEqual([
      { technology: { id: technologyGid(POSTGRESQL), name: 'PostgreSQL' }, count: 2 },
      { technology: { id: technologyGid(TYPESCRIPT), name: 'TypeScript' }, count: 2 },
      { technology: { id: technologyGid(PYTHON), name: 'Python' }, count: 1 },
      { technology: { id: technologyGid(DOCKER), name: 'Docker' }, count: 0 },
    ]);
  });

  it('computes totalCount and facets only when selected', async () => {
    ok(await t.gql(LISTINGS, { filter: scope }));
    t.sql.reset();
    ok(await t.gql(LISTINGS, { filter: scope }));
    // The filter's sampled share (which plans the page), then the page.
    expect(t.sql.count).toBe(2);
    t.sql.reset();
    ok(await t.gql(`query ($filter: ListingFilter) { listings(filter: $filter) { totalCount } }`, { filter: scope }));
    expect(t.sql.count).toBe(3);
    t.sql.reset();
    ok(await t.gql(`query ($filter: ListingFilter) { listings(filter: $filter) { facets { technologies { count } } } }`, { filter: scope }));
    expect(t.sql.count).toBe(3);
    t.sql.reset();
    // The whole catalogue needs no planning: the page alone.
    ok(await t.gql(LISTINGS, {}));
    expect(t.sql.count).toBe(1);
  });

  it('refuses bad input, naming the field', async () => {
    expectBadFields(await t.gql(LISTINGS, { filter: { technologyIds: [projectTypeGid(1)] } }), ['technologyIds']);
    expectBadFields(await t.gql(LISTINGS, { filter: { projectTypeIds: [technologyGid(1)] } }), ['projectTypeIds']);
    expectBadFields(await t.gql(LISTINGS, { filter: { projectSuperTypeIds: [superTypeGid(7)] } }), ['projectSuperTypeIds']);
    expectBadFields(await t.gql(LISTINGS, { filter: { employerId: 'garbage' } }), ['employerId']);
    expectBadFields(await t.gql(LISTINGS, { filter: { technologyIds: ['x'], projectTypeIds: ['y'] } }), ['technologyIds', 'projectTypeIds']);
    expectBadFields(await t.gql(LISTINGS, { filter: { search: 'w'.repeat(201) } }), ['search']);
    expectBadFields(await t.gql(LISTINGS, { first: 0 }), ['first']);
    expectBadFields(await t.gql(LISTINGS, { first: 101 }), ['first']);
    expectBadFields(await t.gql(LISTINGS, { after: 'not-a-cursor' }), ['after']);
    const forged = Buffer.from(JSON.stringify(['2026-13-45T00:00:00.000000Z', 'x'])).toString('base64url');
    expectBadFields(await t.gql(LISTINGS, { after: forged }), ['after']);
    expectBadFields(await t.gql(LISTINGS, { filter: { search: 'anything' }, after: forged }), ['after']);
  });
});
