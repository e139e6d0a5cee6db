import fc from 'fast-check';
import { errorOf, ok, useTestApp } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { buildEmployer, buildUser } from '../../../test/factories';
import { toGlobalId } from '../../graphql/global-id';
import { isWebUrl } from './accounts.inputs';

const t = useTestApp();

const PROFILE_FIELDS = `id email createdAt employers { id }
  profile { displayName headline biography location hourlyRate { cents currency } links { url label } skills { id name } }
  freelancerRating { average count } completedContractsCount reviews(first: 5) { edges { node { id } } }`;
const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { ${PROFILE_FIELDS} } }`;
const USER = `query ($id: ID!) { user(id: $id) { ${PROFILE_FIELDS} } }`;

const technology = (id: number) => toGlobalId('Technology', id);

describe('public profiles', () => {
  it('saves the new fields and shows them to everyone, with email and employers kept private', async () => {
    const owner = await buildUser(t.app);
    await buildEmployer(t.app, owner.user);
    const input = {
      headline: 'Backend engineer, Go and PostgreSQL',
      biography: 'Ten years of payments.\nLikes boring technology.',
      location: 'Lisbon',
      skillIds: [technology(5), technology(1), technology(12)],
      hourlyRate: { cents: 9_500, currency: 'EUR' },
      links: [{ url: 'https://github.com/someone', label: 'GitHub' }, { url: 'http://example.test/portfolio' }],
    };
    const own = ok(await t.gql(UPDATE, { input }, owner.token)).updateProfile;
    expect(own.email).toBe(owner.user.email);
    expect(own.employers).toHaveLength(1);
    expect(own.profile).toMatchObject({
      headline: input.headline,
      hourlyRate: { cents: 9_500, currency: 'EUR' },
      links: [
        { url: 'https://github.com/someone', label: 'GitHub' },
        { url: 'http://example.test/portfolio', label: null },
      ],
    });
    expect(own.profile.skills.map((skill: { id: string }) => skill.id)).toEqual(input.skillIds);

    const stranger = await buildUser(t.app);
    for (const token of [stranger.token, undefined]) {
      const seen = ok(await t.gql(USER, { id: own.id }, token)).user;
      expect(seen).toEqual({ ...own, email: null, employers: null });
      expect(seen.createdAt).toEqual(expect.any(String));
    }
    expect(ok(await t.gql(USER, { id: toGlobalId('User', '00000000-0000-4000-8000-000000000000') })).user).toBeNull();
    expectBadFields(await t.gql(USER, { id: 'not-an-id' }), ['id']);

    // Null and empty lists clear; omitted fields stay.
    const cleared = ok(await t.gql(UPDATE, { input: { headline: null, skillIds: [], hourlyRate: null, links: null } }, owner.token)).updateProfile;
    expect(cleared.profile).toMatchObject({ headline: null, skills: [], hourlyRate: null, links: [], location: 'Lisbon' });
  });

  it('names every bad field at once and changes nothing', async () => {
    const user = await buildUser(t.app);
    const before = ok(await t.gql(USER, { id: toGlobalId('User', user.user.id) })).user;
    const bad = {
      headline: 'x'.repeat(121),
      skillIds: [technology(1), toGlobalId('Listing', '00000000-0000-4000-8000-000000000000')],
      hourlyRate: { cents: 0, currency: 'usd' },
      links: [{ url: 'javascript:alert(1)' }],
    };
    const error = errorOf(await t.gql(UPDATE, { input: bad }, user.token));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual(['headline', 'hourlyRate.cents', 'hourlyRate.currency', 'links.0.url']);
    // The taxonomy check runs once the shape is right.
    expectBadFields(await t.gql(UPDATE, { input: { displayName: 'Changed', skillIds: bad.skillIds } }, user.token), ['skillIds']);
    expectBadFields(await t.gql(UPDATE, { input: { skillIds: Array.from({ length: 21 }, (_, i) => technology(i + 1)) } }, user.token), ['skillIds']);
    expectBadFields(await t.gql(UPDATE, { input: { skillIds: [technology(1), technology(1)] } }, user.token), ['skillIds']);
    expectBadFields(await t.gql(UPDATE, { input: { links: Array.from({ length: 6 }, (_, i) => ({ url: `https://example.test/${i}` })) } }, user.token), ['links']);
    expectBadFields(await t.gql(UPDATE, { input: { hourlyRate: { cents: 100, currency: 'XYZ' } } }, user.token), ['hourlyRate.currency']);
    expectBadFields(await t.gql(UPDATE, { input: { hourlyRate: { cents: 10_000_001, currency: 'USD' } } }, user.token), ['hourlyRate.cents']);
    expect(ok(await t.gql(USER, { id: toGlobalId('User', user.user.id) })).user).toEqual(before);
    expect(errorOf(await t.gql(UPDATE, { input: { headline: 'Hi' } })).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('profile skills', () => {
  it('keeps at most 20 skills when updates race, each one wholly applied or refused cleanly', async () => {
    const user = await buildUser(t.app);
    const lists = [0, 20, 0, 20].map((offset) => Array.from({ length: 20 }, (_, i) => technology(offset + i + 1)));
    const results = await Promise.all(lists.map((skillIds) => t.gql(UPDATE, { input: { skillIds } }, user.token)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const skills = ok(await t.gql(USER, { id: toGlobalId('User', user.user.id) })).user.profile.skills.map((skill: { id: string }) => skill.id);
    expect(lists).toContainEqual(skills);
    const rows = await t.app.deps.ds.query('SELECT count(*)::int AS n FROM profile_skills WHERE user_id = $1', [user.user.id]);
    expect(rows[0].n).toBe(20);
  });

  it('refuses, in the database, a position outside 0-19 or used twice', async () => {
    const user = await buildUser(t.app);
    const insert = (technologyId: number, position: number) =>
      t.app.deps.ds.query('INSERT INTO profile_skills (user_id, technology_id, position) VALUES ($1, $2, $3)', [user.user.id, technologyId, position]);
    await insert(1, 0);
    await expect(insert(2, 0)).rejects.toMatchObject({ code: '23505' });
    await expect(insert(3, 20)).rejects.toMatchObject({ code: '23514' });
    await expect(insert(4, -1)).rejects.toMatchObject({ code: '23514' });
  });
});

describe('profile links', () => {
  it('accepts http and https URLs and refuses every other scheme (property)', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (url) => isWebUrl(url)));
    fc.assert(
      fc.property(
        fc.constantFrom('javascript', 'data', 'file', 'ftp', 'mailto', 'vbscript', 'ws', 'chrome'),
        fc.webUrl({ validSchemes: ['http'] }),
        (scheme, url) => !isWebUrl(url.replace(/^http/, scheme)),
      ),
    );
    expect(['https://user:secret@example.test', 'https://', '//example.test', 'example.test'].map(isWebUrl)).toEqual([false, false, false, false]);
  });

  it('stores each link as the URL parser reads it, the one that was validated', async () => {
    const user = await buildUser(t.app);
    const links = [{ url: 'HTTPS://Example.TEST:443/a/../Portfolio', label: 'Work' }, { url: 'http://example.test' }];
    const saved = ok(await t.gql(UPDATE, { input: { links } }, user.token)).updateProfile.profile.links;
    expect(saved).toEqual([
      { url: 'https://example.test/Portfolio', label: 'Work' },
      { url: 'http://example.test/', label: null },
    ]);
  });

  it('refuses a link that reads the same as an earlier one, naming it, and changes nothing', async () => {
    const user = await buildUser(t.app);
    ok(await t.gql(UPDATE, { input: { links: [{ url: 'https://kept.test/' }] } }, user.token));
    const repeated = [{ url: 'https://github.com/someone' }, { url: 'https://example.test/' }, { url: 'HTTPS://GitHub.com:443/someone', label: 'GitHub' }, { url: 'https://example.test' }];
    const error = errorOf(await t.gql(UPDATE, { input: { links: repeated } }, user.token));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fields).toEqual({ 'links.2.url': expect.stringContaining('link 1'), 'links.3.url': expect.stringContaining('link 2') });
    expect(ok(await t.gql(USER, { id: toGlobalId('User', user.user.id) })).user.profile.links).toEqual([{ url: 'https://kept.test/', label: null }]);
  });
});
