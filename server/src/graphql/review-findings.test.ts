import { buildContract, buildConversation, buildListing, buildPoster, buildUser, contractContent, type BuiltPoster } from '../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../test/harness';
import { toGlobalId } from './global-id';
import { MAX_NODES_PER_REQUEST } from './limits';

/**
 * Regression tests of what a hostile review of issue 9 found: search operators that PostgreSQL
 * cannot nest, text that shows other than it is stored, a null that was ignored, a diff that
 * could hold the event loop, and lists longer than the node limit's estimate.
 */

let t: TestApp;
let poster: BuiltPoster;
beforeAll(async () => {
  t = await startTestApp();
  poster = await buildPoster(t.app);
});
afterAll(() => t.stop());

const LISTINGS = 'query ($search: String) { listings(filter: { search: $search }, first: 5) { edges { node { id } } } }';

it('searches with a run of minus signs instead of failing inside PostgreSQL, and saves such a search harmlessly', async () => {
  for (const search of ['-'.repeat(40), '- '.repeat(40) + 'react', `react ${'-'.repeat(100)}`]) {
    expect(ok(await t.gql(LISTINGS, { search })).listings.edges).toEqual(expect.any(Array));
  }
  const saved = ok(await t.gql('mutation ($input: SaveSearchInput!) { saveSearch(input: $input) { id } }', { input: { name: 'Dashes', filter: { search: '-'.repeat(40) + 'react' } } }, poster.token));
  expect(saved.saveSearch.id).toEqual(expect.any(String));
  const [row] = await t.app.deps.ds.query(`SELECT filter->>'search' AS search FROM saved_searches WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`, [poster.user.id]);
  expect(row.search).toBe('-react');
});

it('drops invisible characters at the ends, and refuses direction overrides and noncharacters', async () => {
  const CREATE = 'mutation ($input: CreateListingInput!) { createListing(input: $input) { title } }';
  const input = (title: string) => ({ input: { employerId: toGlobalId('Employer', poster.employer.id), title, description: 'A description long enough to pass.' } });
  expect(ok(await t.gql(CREATE, input('\u200bHello World\u200b'), poster.token)).createListing.title).toBe('Hello World');
  for (const title of ['\u202egnp.exe title', 'Title \uffff here', '\ue000\ue001\ue002\ue003\ue004']) {
    expect(errorOf(await t.gql(CREATE, input(title), poster.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { title: expect.any(String) } });
  }
});

it('refuses null for a listing title or description instead of ignoring it', async () => {
  const listing = await buildListing(t.app, poster.employer, poster.user);
  const UPDATE = 'mutation ($input: UpdateListingInput!) { updateListing(input: $input) { title } }';
  const error = errorOf(await t.gql(UPDATE, { input: { id: toGlobalId('Listing', listing.id), title: null, description: null } }, poster.token));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { title: expect.stringContaining('null'), description: expect.stringContaining('null') } });
});

describe('a contract with many versions', () => {
  let contractId: string;
  let workerToken: string;
  beforeAll(async () => {
    const worker = await buildUser(t.app);
    workerToken = worker.token;
    const listing = await buildListing(t.app, poster.employer, poster.user, { status: 'PUBLISHED' });
    const contract = await buildContract(t.app, await buildConversation(t.app, listing, worker.user));
    const contracts = t.app.deps.services.contracts;
    for (let version = 1; version < 180; version += 1) await contracts.saveDetails(poster.user.id, contract.id, version, contractContent());
    contractId = toGlobalId('Contract', contract.id);
  });

  it('counts each diff towards the node limit: three in one request are refused before any runs', async () => {
    const diffs = [1, 2, 3].map((n) => `d${n}: diff(from: ${n}, to: ${n + 1}) { field }`).join(' ');
    const error = errorOf(await t.gql(`query ($id: ID!) { contract(id: $id) { ${diffs} } }`, { id: contractId }, workerToken));
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(ok(await t.gql('query ($id: ID!) { contract(id: $id) { diff(from: 1, to: 2) { field changed } } }', { id: contractId }, workerToken)).contract.diff).toHaveLength(6);
  });

  it('stops a request whose lists hold more than the node limit, though their estimate fits', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `c${i}: contract(id: $id) { versions { version } events { kind } }`).join(' ');
    const response = await t.gql(`query ($id: ID!) { ${aliases} }`, { id: contractId }, workerToken);
    expect(response.errors?.map((error) => error.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    const returned = Object.values(response.data ?? {}).reduce((sum: number, contract) => {
      const { versions, events } = (contract ?? {}) as { versions?: unknown[] | null; events?: unknown[] | null };
      return sum + (versions?.length ?? 0) + (events?.length ?? 0);
    }, 0);
    expect(returned).toBeLessThanOrEqual(MAX_NODES_PER_REQUEST);
  });
});
