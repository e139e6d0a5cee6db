import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import { buildUser, FACTORY_PASSWORD } from '../../../test/factories';
import { UserEntity } from './user.entity';

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email profile { displayName } } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token user { id } } }`;
const ME = `{ me { id email profile { displayName biography location } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

const email = () => `Someone.${Math.random().toString(36).slice(2)}@Example.test`;

describe('signUp', () => {
  it('creates an account with a hashed password and signs it in', async () => {
    const address = email();
    const data = ok(await t.gql(SIGN_UP, { input: { email: address, password: 'long enough password', displayName: 'Ada' } }));
    expect(data.signUp.user).toMatchObject({ email: address, profile: { displayName: 'Ada' } });
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
    // Another account is not affected, and the counter is shared with every other instance through PostgreSQL.
    ok(await t.gql(SIGN_IN, { input: { email: bystander.email, password: FACTORY_PASSWORD } }));
    const [row] = await t.app.deps.ds.query(`SELECT points FROM sign_in_attempts WHERE key = $1`, [`email:${user.email.toLowerCase()}`]);
    expect(row.points).toBe(10);
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
