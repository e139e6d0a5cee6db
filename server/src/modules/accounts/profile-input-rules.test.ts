import fc from 'fast-check';
import { ok, useTestApp } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { buildUser } from '../../../test/factories';
import { isWebUrl } from './accounts.inputs';
import { OPTIONAL_PROFILE_TEXT } from './accounts.service';

/*
 * Issue 14 review, findings 7 and 8: one rule for every optional text field of a profile (blank
 * or null clears it, stored as null), and links that are public web addresses as typed.
 */

const t = useTestApp();

const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { profile { headline biography location links { url label } } } }`;

describe('optional profile text', () => {
  it('covers every optional text field of the input (a new one must join the rule)', () => {
    expect([...OPTIONAL_PROFILE_TEXT].sort()).toEqual(['biography', 'headline', 'location']);
  });

  it('stores blank or null as null and any other text as typed (trimmed), for every optional field alike', async () => {
    const user = await buildUser(t.app);
    const blank = fc.constantFrom('', ' ', '    ', null);
    const text = fc.stringMatching(/^[A-Za-z][A-Za-z ,.]{0,30}[a-z]$/);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPTIONAL_PROFILE_TEXT), fc.oneof(blank, text), async (field, value) => {
        const saved = ok(await t.gql(UPDATE, { input: { [field]: value } }, user.token)).updateProfile.profile;
        const stored = (await t.app.deps.ds.query(`SELECT ${field} AS value FROM profiles WHERE user_id = $1`, [user.user.id])) as Array<{ value: string | null }>;
        const expected = value === null || value.trim() === '' ? null : value.trim();
        expect(saved[field]).toBe(expected);
        expect(stored[0].value).toBe(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('stores a blank link label as null too', async () => {
    const user = await buildUser(t.app);
    const saved = ok(await t.gql(UPDATE, { input: { links: [{ url: 'https://example.com/a', label: '   ' }] } }, user.token)).updateProfile.profile;
    expect(saved.links).toEqual([{ url: 'https://example.com/a', label: null }]);
  });
});

describe('profile links', () => {
  it.each([
    ['https://example.com', true],
    ['http://example.com/portfolio?tab=1#top', true],
    ['HTTPS://Example.COM:8443/a', true],
    ['https://sub.domain.example.co.uk/', true],
    ['https://8.8.8.8/', true],
    ['https://example.com./', true],
    ['http:/foo', false],
    ['http:/example.com', false],
    ['http:\\\\example.com', false],
    ['https:example.com', false],
    ['//example.com', false],
    ['example.com', false],
    ['https://', false],
    ['https:///path', false],
    ['http://localhost', false],
    ['http://localhost:3000/admin', false],
    ['http://foo.localhost/', false],
    ['http://intranet/', false],
    ['http://127.0.0.1/', false],
    ['http://0x7f.1/', false],
    ['http://2130706433/', false],
    ['http://10.1.2.3/', false],
    ['http://172.16.0.1/', false],
    ['http://172.31.255.255/', false],
    ['http://192.168.1.1/', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://100.64.0.1/', false],
    ['http://0.0.0.0/', false],
    ['http://[::1]/', false],
    ['http://[fd00::1]/', false],
    ['http://[2001:db8::1]/', false],
    ['https://user:secret@example.com', false],
    ['javascript:alert(1)', false],
    ['ftp://example.com', false],
  ])('%s → %s', (url, accepted) => {
    expect(isWebUrl(url)).toBe(accepted);
  });

  it('refuses every IPv4 address in a private, shared, loopback or link-local range, however it is written', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const privateAddress = fc.oneof(
      fc.tuple(fc.constant(10), octet, octet, octet),
      fc.tuple(fc.constant(127), octet, octet, octet),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
      fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
      fc.tuple(fc.constant(169), fc.constant(254), octet, octet),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), octet, octet),
      fc.tuple(fc.constant(0), octet, octet, octet),
    );
    const hex = (n: number) => `0x${n.toString(16)}`;
    fc.assert(
      fc.property(privateAddress, fc.boolean(), fc.constantFrom('http', 'https'), (parts, asHex, scheme) => {
        const host = asHex ? parts.map(hex).join('.') : parts.join('.');
        return !isWebUrl(`${scheme}://${host}/`);
      }),
    );
  });

  it('takes generated public web addresses', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (url) => isWebUrl(url)));
  });

  it('names the bad link in the error', async () => {
    const user = await buildUser(t.app);
    expectBadFields(await t.gql(UPDATE, { input: { links: [{ url: 'https://example.com' }, { url: 'http:/foo' }] } }, user.token), ['links.1.url']);
  });
});
