import { buildListing, buildPoster, type BuiltPoster } from '../../test/factories';
import { errorOf, ok, useTestApp } from '../../test/harness';
import { toGlobalId } from './global-id';

/**
 * Text and search a hostile client tried: search operators PostgreSQL cannot nest, text that
 * shows other than it is stored, a null that used to be ignored.
 */

const t = useTestApp();
let poster: BuiltPoster;
beforeAll(async () => {
  poster = await buildPoster(t.app);
});

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
