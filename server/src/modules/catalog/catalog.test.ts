import { randomBytes } from 'node:crypto';
import { toGlobalId } from '../../graphql/global-id';
import { errorOf, ok, startTestApp, type GraphQLResponse, type TestApp } from '../../../test/harness';
import { buildCredits, buildListing, buildPoster, type BuiltPoster, type ListingOverrides } from '../../../test/factories';
import type { EmployerEntity } from '../employers/employer.entity';
import type { ListingEntity } from '../listings/listing.entity';
import { CatalogService, LARGE_COUNT, RANKED_SEARCH_WINDOW } from './catalog.service';

/** Taxonomy ids of the seed (server/src/db/taxonomy.ts). */
const WEB_FULL_STACK = 8;
const WEB_BACKEND = 9;
const WEB_FRONTEND = 10;
const DESIGN_LOGO = 13;
const TYPESCRIPT = 2;
const PYTHON = 5;
const POSTGRESQL = 25;
const DOCKER = 47;

const technologyGid = (id: number) => toGlobalId('Technology', id);
const projectTypeGid = (id: number) => toGlobalId('ProjectType', id);
const superTypeGid = (id: number) => toGlobalId('ProjectSuperType', id);
const employerGid = (employer: EmployerEntity) => toGlobalId('Employer', employer.id);
const listingGid = (listing: { id: string }) => toGlobalId('Listing', listing.id);

/** A word no other test's listing contains, so searches see only this test's data. */
function uniqueWord(): string {
  const letters = [...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
  return `zq${letters}x`;
}

const LISTINGS = `query ($filter: ListingFilter, $first: Int, $after: String) {
  listings(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id title } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COUNTS = `query ($filter: ListingFilter) {
  listings(filter: $filter, first: 1) {
    totalCount
    facets {
      technologies { technology { id name } count }
      projectTypes { projectType { id name } count }
    }
  }
}`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

type Poster = BuiltPoster;
const poster = () => buildPoster(t.app);

/** Published listings, each a millisecond older than the one before, so their order is known. */
async function publishedListings(owner: Poster, specs: ListingOverrides[], start = Date.now() - 60_000): Promise<ListingEntity[]> {
  const listings: ListingEntity[] = [];
  for (const [index, spec] of specs.entries()) {
    listings.push(await buildListing(t.app, owner.employer, owner.user, { publishedAt: new Date(start - index * 1000), ...spec }));
  }
  return listings;
}

async function ids(filter: Record<string, unknown>, first = 100): Promise<string[]> {
  const data = ok(await t.gql(LISTINGS, { filter, first }));
  return data.listings.edges.map((edge: { node: { id: string } }) => edge.node.id);
}

/**
 * Every id of a filter, page by page. After each page `between` starts (e.g. publishing more
 * listings) and runs concurrently with the fetch of the next page.
 */
async function pageThrough(filter: Record<string, unknown>, first: number, between: () => Promise<unknown> = async () => undefined): Promise<string[]> {
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

function expectBadFields(response: GraphQLResponse, fields: string[]): void {
  const error = errorOf(response);
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual([...fields].sort());
}

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
    expect(t.sql.count).toBe(1);
    t.sql.reset();
    ok(await t.gql(`query ($filter: ListingFilter) { listings(filter: $filter) { totalCount } }`, { filter: scope }));
    expect(t.sql.count).toBe(2);
    t.sql.reset();
    ok(await t.gql(`query ($filter: ListingFilter) { listings(filter: $filter) { facets { technologies { count } } } }`, { filter: scope }));
    expect(t.sql.count).toBe(2);
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

describe('large counts', () => {
  it('reuses a count of many listings for a while, and always recounts small ones', async () => {
    const catalog = t.app.deps.services.get(CatalogService);
    const owner = await poster();
    const scope = { employerId: employerGid(owner.employer) };
    const typescriptOnly = { ...scope, technologyIds: [technologyGid(TYPESCRIPT)] };
    const TOTAL = `query ($filter: ListingFilter) { listings(filter: $filter, first: 1) { totalCount facets { projectTypes { count } } } }`;
    const total = async (filter: Record<string, unknown>) => ok(await t.gql(TOTAL, { filter })).listings;
    await publishedListings(owner, [{ technologyIds: [TYPESCRIPT] }, { technologyIds: [PYTHON] }, { technologyIds: [PYTHON] }]);
    catalog.largeCount = 3;
    try {
      expect(await total(scope)).toEqual({ totalCount: 3, facets: { projectTypes: [{ count: 3 }] } });
      expect(await total(typescriptOnly)).toEqual({ totalCount: 1, facets: { projectTypes: [{ count: 1 }] } });
      await publishedListings(owner, [{ technologyIds: [TYPESCRIPT] }]);

      t.sql.reset();
      expect(await total(scope)).toEqual({ totalCount: 3, facets: { projectTypes: [{ count: 3 }] } });
      expect(t.sql.statements.filter((statement) => /count\(\*\)/.test(statement))).toEqual([]);
      expect(await total(typescriptOnly)).toEqual({ totalCount: 2, facets: { projectTypes: [{ count: 2 }] } });
    } finally {
      catalog.largeCount = LARGE_COUNT;
    }
  });
});

describe('keyset pagination', () => {
  /** Publishes `count` new drafts of the employer through the API, each costing a credit. */
  async function publishMore(owner: Poster, count: number, spec: ListingOverrides = {}): Promise<void> {
    await buildCredits(t.app, owner.employer, owner.user, count);
    const drafts = await Promise.all(Array.from({ length: count }, () => buildListing(t.app, owner.employer, owner.user, { ...spec, status: 'DRAFT' })));
    const responses = await Promise.all(drafts.map((draft) => t.gql(`mutation ($id: ID!) { publishListing(id: $id) { id } }`, { id: listingGid(draft) }, owner.token)));
    for (const response of responses) ok(response);
  }

  function expectEachOnce(seen: string[], expected: ListingEntity[]): void {
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => expected.some((listing) => listingGid(listing) === id))).toHaveLength(expected.length);
  }

  it('pages newest first with no repeats or gaps while listings are published between and during page fetches', async () => {
    const owner = await poster();
    const initial = await publishedListings(owner, Array.from({ length: 13 }, () => ({})));
    const scope = { employerId: employerGid(owner.employer) };
    const seen = await pageThrough(scope, 4, () => publishMore(owner, 2));
    // Newly published listings are newer than every page already fetched, so exactly the initial ones follow.
    expect(seen).toEqual(initial.map(listingGid));
    expect(await ids(scope)).toHaveLength(13 + 2 * 3);
  });

  it('keeps pages apart when several listings share a publication time', async () => {
    const owner = await poster();
    const moment = new Date(Date.now() - 5_000);
    const initial = await publishedListings(owner, Array.from({ length: 7 }, () => ({ publishedAt: moment })));
    const seen = await pageThrough({ employerId: employerGid(owner.employer) }, 2);
    expect([...seen].sort()).toEqual(initial.map(listingGid).sort());
    expect(new Set(seen).size).toBe(7);
  });

  it('pages a search by relevance with no repeats or gaps while matching listings are published between and during page fetches', async () => {
    const owner = await poster();
    const word = uniqueWord();
    const specs: ListingOverrides[] = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? { title: `The ${word} gig number ${i}`, description: `Plain description number ${i} of the gig.` }
        : { title: `Gig number ${i}`, description: i % 3 === 1 ? `Needs ${word}, and ${word} again.` : `Needs ${word} once.` },
    );
    const initial = await publishedListings(owner, specs);
    const seen = await pageThrough({ search: word }, 5, () =>
      Promise.all([publishMore(owner, 1, { title: `Fresh ${word} gig`, description: `Fresh description with ${word}.` }), publishMore(owner, 1, { description: `Also ${word}.` })]),
    );
    expectEachOnce(seen, initial);
    const titleMatches = initial.filter((_, i) => i % 3 === 0).map(listingGid);
    const initialOrder = seen.filter((id) => initial.some((listing) => listingGid(listing) === id));
    expect(initialOrder.slice(0, titleMatches.length).sort()).toEqual([...titleMatches].sort());
  });

  it('ranks only the newest matches of a very common search and lists older ones after them, newest first', async () => {
    const catalog = t.app.deps.services.get(CatalogService);
    const owner = await poster();
    const word = uniqueWord();
    // Newest first: a description match, then a title match, ... The window holds the newest 4.
    const initial = await publishedListings(
      owner,
      Array.from({ length: 11 }, (_, i) => (i % 2 === 1 ? { title: `A ${word} title, number ${i}` } : { description: `Description that names ${word}, number ${i}.` })),
    );
    catalog.rankedSearchWindow = 4;
    try {
      const firstPage = await ids({ search: word }, 11);
      const window = initial.slice(0, 4);
      expect(firstPage.slice(0, 4)).toEqual([window[1], window[3], window[0], window[2]].map(listingGid));
      expect(firstPage.slice(4)).toEqual(initial.slice(4).map(listingGid));

      const seen = await pageThrough({ search: word }, 3, () => publishMore(owner, 2, { title: `Newer ${word} title` }));
      expectEachOnce(seen, initial);
      const initialOrder = seen.filter((id) => initial.some((listing) => listingGid(listing) === id));
      expect(initialOrder).toEqual(firstPage);
    } finally {
      catalog.rankedSearchWindow = RANKED_SEARCH_WINDOW;
    }
  });

  it('issues the same few statements for 50 listings as for 5 (no N+1)', async () => {
    const owner = await poster();
    await publishedListings(
      owner,
      Array.from({ length: 55 }, (_, i) => ({ technologyIds: [TYPESCRIPT, POSTGRESQL, 30 + (i % 10)], projectTypeId: 1 + (i % 19) })),
    );
    const query = `query ($filter: ListingFilter, $first: Int) {
      listings(filter: $filter, first: $first) {
        edges { node {
          id title
          projectType { name superType { name } }
          technologies { name technologyClass { name } }
          employer { name }
        } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const filter = { employerId: employerGid(owner.employer) };
    ok(await t.gql(query, { filter, first: 1 }));

    t.sql.reset();
    const fifty = ok(await t.gql(query, { filter, first: 50 }));
    const statementsFor50 = t.sql.count;
    t.sql.reset();
    const five = ok(await t.gql(query, { filter, first: 5 }));
    const statementsFor5 = t.sql.count;

    expect(fifty.listings.edges).toHaveLength(50);
    expect(five.listings.edges).toHaveLength(5);
    expect(fifty.listings.edges[0].node.technologies).toHaveLength(3);
    expect(fifty.listings.edges[0].node.employer.name).toBe(owner.employer.name);
    expect(statementsFor50).toBe(statementsFor5);
    expect(statementsFor50).toBeLessThanOrEqual(6);
  });
});
