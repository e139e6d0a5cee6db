import { createHash } from 'node:crypto';
import { errorOf, ok, useTestApp } from '../../../test/harness';
import { buildUser, FACTORY_PASSWORD } from '../../../test/factories';
import { FAILURES_PER_ADDRESS } from './sign-in-limiter';
import { UserEntity } from './user.entity';

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email profile { displayName } } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token user { id } } }`;
const ME = `{ me { id email profile { displayName biography location } } }`;

afterAll(() => forgetAddressCounters());
const t = useTestApp();

/**
 * Every request of these tests comes from 127.0.0.1: each test starts (and the file ends) with
 * the per-address counters at zero, so that a test sees its own limits only, and the tests of
 * other files in this worker's database none of ours.
 */
const forgetAddressCounters = () => t.app.deps.ds.query(`DELETE FROM sign_in_attempts WHERE key LIKE 'address:%'`);
beforeEach(forgetAddressCounters);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const email = () => `Someone.${Math.random().toString(36).slice(2)}@Example.test`;

describe('signUp', () => {
  it('creates an account with a hashed password and signs it in', async () => {
    const address = email();
    const data = ok(await t.gql(SIGN_UP, { input: { email: address, password: 'long enough password', displayName: 'Ada' } }));
    // Stored in its one canonical form (NFC, lower case): the same address however it is typed.
    expect(data.signUp.user).toMatchObject({ email: address.toLowerCase(), profile: { displayName: 'Ada' } });
    const me = ok(await t.gql(ME, {}, data.signUp.token));
    expect(me.me.id).toBe(data.signUp.user.id);

    const stored = await t.app.deps.ds.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:address)', { address }).getOneOrFail();
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    const session = await t.app.deps.ds.query('SELECT token_hash FROM sessions WHERE user_id = $1', [stored.id]);
    expect(session[0].token_hash).not.toContain(data.signUp.token);
  });

  it('names every bad field and stores nothing', async () => {
    const before = await t.app.deps.ds.getRepository(UserEntity).count();
    const error = errorOf(await t.gql(SIGN_UP, { input: { email: 'not-an-email', password: 'short', displayName: '' } }));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual(['displayName', 'email', 'password']);
    expect(await t.app.deps.ds.getRepository(UserEntity).count()).toBe(before);
  });

  it('refuses an email that differs only by case', async () => {
    const address = email();
    ok(await t.gql(SIGN_UP, { input: { email: address, password: 'long enough password', displayName: 'One' } }));
    const error = errorOf(await t.gql(SIGN_UP, { input: { email: address.toUpperCase(), password: 'long enough password', displayName: 'Two' } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { email: 'is already registered' } });
  });
});

describe('signIn and signOut', () => {
  it('signs in with any case of the email', async () => {
    const { user } = await buildUser(t.app);
    const data = ok(await t.gql(SIGN_IN, { input: { email: user.email.toUpperCase(), password: FACTORY_PASSWORD } }));
    expect(ok(await t.gql(ME, {}, data.signIn.token)).me.id).toBe(data.signIn.user.id);
  });

  it('gives the same error for a wrong password and an unknown email', async () => {
    const { user } = await buildUser(t.app);
    const wrongPassword = errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: 'not the password' } }));
    const unknownEmail = errorOf(await t.gql(SIGN_IN, { input: { email: email(), password: FACTORY_PASSWORD } }));
    expect(wrongPassword).toEqual(unknownEmail);
    expect(wrongPassword.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses further attempts after 10 failures for one email, however the email is cased, before checking the password', async () => {
    const { user } = await buildUser(t.app);
    const { user: bystander } = await buildUser(t.app);
    for (let attempt = 0; attempt < 10; attempt++) {
      const email = attempt % 2 ? user.email.toUpperCase() : user.email;
      expect(errorOf(await t.gql(SIGN_IN, { input: { email, password: `wrong ${attempt}` } })).extensions?.code).toBe('UNAUTHENTICATED');
    }
    const limited = errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } }));
    expect(limited.extensions?.code).toBe('RATE_LIMITED');
    expect(limited.message).toMatch(/Try again in 15 minutes/);
    // Another account is not affected, and the counter is shared with every other instance through PostgreSQL,
    // keyed by a hash of the email (10 failures and the refused attempt).
    ok(await t.gql(SIGN_IN, { input: { email: bystander.email, password: FACTORY_PASSWORD } }));
    const [row] = await t.app.deps.ds.query(`SELECT points FROM sign_in_attempts WHERE key = $1`, [`email:${sha256(user.email.toLowerCase())}`]);
    expect(row.points).toBe(11);
  });

  it('limits an email of any length (the key is a hash) and never answers 500', async () => {
    const tooLong = `${'a'.repeat(300 - '@example.test'.length)}@example.test`;
    expect(['BAD_USER_INPUT', 'UNAUTHENTICATED']).toContain(errorOf(await t.gql(SIGN_IN, { input: { email: tooLong, password: 'wrong' } })).extensions?.code);

    // The longest email the input takes: its plain key would overflow the 255-character column.
    const longest = `${Math.random().toString(36).slice(2)}${'b'.repeat(254)}`.slice(0, 254 - '@example.test'.length) + '@example.test';
    expect(longest).toHaveLength(254);
    const { user } = await buildUser(t.app, { email: longest });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(errorOf(await t.gql(SIGN_IN, { input: { email: longest, password: `wrong ${attempt}` } })).extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } })).extensions?.code).toBe('RATE_LIMITED');
    const keys: Array<{ key: string }> = await t.app.deps.ds.query(`SELECT key FROM sign_in_attempts`);
    // Every limiter sharing the table (sign-in's, and the reset and verification mails' per address) keys by a hash.
    expect(keys.filter(({ key }) => !/^(email|address|reset-mail-address|verify-mail-address):[0-9a-f]{64}$/.test(key))).toEqual([]);
  });

  it('counts every Unicode form and case of an email as one', async () => {
    const local = `jos\u00e9.${Math.random().toString(36).slice(2)}`;
    const composed = `${local}@example.test`;
    const decomposed = composed.normalize('NFD').toUpperCase();
    expect(decomposed).not.toBe(composed);
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = errorOf(await t.gql(SIGN_IN, { input: { email: attempt % 2 ? decomposed : ` ${composed} `, password: 'wrong' } })).extensions?.code;
      expect(code).toBe('UNAUTHENTICATED');
    }
    expect(errorOf(await t.gql(SIGN_IN, { input: { email: composed, password: 'wrong' } })).extensions?.code).toBe('RATE_LIMITED');
  });

  it('checks at most 10 passwords of 30 sent at once for one account', async () => {
    const { user } = await buildUser(t.app);
    const codes = await Promise.all(
      Array.from({ length: 30 }, async (_, attempt) => errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: `wrong ${attempt}` } })).extensions?.code),
    );
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(10);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(20);
    // The right password is refused too until the window passes.
    expect(errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } })).extensions?.code).toBe('RATE_LIMITED');
  });

  it('limits failures per peer address: a forged X-Forwarded-For changes nothing without TRUST_PROXY', async () => {
    expect(t.config.trustProxy).toBe(false);
    // Each attempt claims another address and another email, so only the peer's own limit can stop them.
    for (let batch = 0; batch < FAILURES_PER_ADDRESS / 10; batch++) {
      const codes = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const forged = { 'x-forwarded-for': `198.51.100.${batch * 10 + i + 1}` };
          return errorOf(await t.gql(SIGN_IN, { input: { email: email(), password: 'wrong' } }, undefined, forged)).extensions?.code;
        }),
      );
      expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    }
    const { user } = await buildUser(t.app);
    const limited = errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } }, undefined, { 'x-forwarded-for': '198.51.100.200' }));
    expect(limited.extensions?.code).toBe('RATE_LIMITED');
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const { user } = await buildUser(t.app);
    for (let attempt = 0; attempt < 9; attempt++) errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: 'wrong' } }));
    ok(await t.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } }));
    for (let attempt = 0; attempt < 9; attempt++) errorOf(await t.gql(SIGN_IN, { input: { email: user.email, password: 'wrong' } }));
    ok(await t.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } }));
  });

  it('revokes the session on signOut', async () => {
    const { token } = await buildUser(t.app);
    expect(ok(await t.gql('mutation { signOut }', {}, token)).signOut).toBe(true);
    const after = await t.gql(ME, {}, token);
    expect(errorOf(after).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired session', async () => {
    const { user, token } = await buildUser(t.app);
    await t.app.deps.ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(errorOf(await t.gql(ME, {}, token)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers me with null when anonymous, and signOut needs a session', async () => {
    expect(ok(await t.gql(ME)).me).toBeNull();
    expect(errorOf(await t.gql('mutation { signOut }')).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('updateProfile', () => {
  const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { profile { displayName biography location } } }`;

  it('changes the given fields only', async () => {
    const { token } = await buildUser(t.app, { displayName: 'Before' });
    const data = ok(await t.gql(UPDATE, { input: { biography: 'Rust and Go', location: 'Lisbon' } }, token));
    expect(data.updateProfile.profile).toEqual({ displayName: 'Before', biography: 'Rust and Go', location: 'Lisbon' });
  });

  it('refuses a too-long location and keeps the profile', async () => {
    const { token } = await buildUser(t.app, { displayName: 'Kept' });
    const error = errorOf(await t.gql(UPDATE, { input: { displayName: 'Changed', location: 'x'.repeat(121) } }, token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { location: expect.any(String) } });
    expect(ok(await t.gql(ME, {}, token)).me.profile.displayName).toBe('Kept');
  });

  it('needs a session', async () => {
    expect(errorOf(await t.gql(UPDATE, { input: { biography: 'x' } })).extensions?.code).toBe('UNAUTHENTICATED');
  });
});

it('shows the email only to its owner', async () => {
  const { user } = await buildUser(t.app);
  const { token } = await buildUser(t.app);
  const { data } = await t.gql(`query ($id: ID!) { node(id: $id) { ... on User { email } } }`, { id: Buffer.from(`User:${user.id}`).toString('base64url') }, token);
  expect(data.node).toEqual({ email: null });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  const proxied = useTestApp({ env: { TRUST_PROXY: 'loopback' } });

  const signInFrom = async (address: string, input: { email: string; password: string }) =>
    errorOf(await proxied.gql(SIGN_IN, { input }, undefined, { 'x-forwarded-for': address })).extensions?.code;

  it("counts failures against the forwarded client address, an IPv6 address by its /64", async () => {
    const network = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    for (let batch = 0; batch < FAILURES_PER_ADDRESS / 10; batch++) {
      const codes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signInFrom(`${network}::${(batch * 10 + i + 1).toString(16)}`, { email: email(), password: 'wrong' })),
      );
      expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    }
    const { user } = await buildUser(proxied.app);
    const right = { email: user.email, password: FACTORY_PASSWORD };
    expect(await signInFrom(`${network}:ffff:ffff:ffff:ffff`, right)).toBe('RATE_LIMITED');
    // Other clients behind the same proxy keep their own buckets.
    ok(await proxied.gql(SIGN_IN, { input: right }, undefined, { 'x-forwarded-for': '203.0.113.9' }));
    ok(await proxied.gql(SIGN_IN, { input: right }, undefined, { 'x-forwarded-for': `${network.replace(/:7$/, ':8')}::1` }));
  });

  it('gives a successful sign-in its address point back', async () => {
    const { user } = await buildUser(proxied.app);
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    await proxied.app.deps.ds.query(`DELETE FROM sign_in_attempts WHERE key = $1`, [`address:${sha256(address)}`]);
    expect(await signInFrom(address, { email: user.email, password: 'wrong' })).toBe('UNAUTHENTICATED');
    ok(await proxied.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } }, undefined, { 'x-forwarded-for': address }));
    const [row] = await proxied.app.deps.ds.query(`SELECT points FROM sign_in_attempts WHERE key = $1`, [`address:${sha256(address)}`]);
    expect(row.points).toBe(1);
  });
});
