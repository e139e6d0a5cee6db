import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { buildUser, FACTORY_PASSWORD } from '../../../test/factories';
import { errorOf, ok, startTestApp, useTestApp, type TestApp } from '../../../test/harness';
import { MovableClock } from '../../../test/clock';
import { eventually } from '../../../test/live';
import { TestSmtpServer } from '../../../test/smtp';
import { mailDirectory } from '../../mail/mailer';

const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token user { emailVerified } } }';
const SIGN_IN = 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }';
const ME = '{ me { id emailVerified } }';
const VERIFY = 'mutation ($token: String!) { verifyEmail(input: { token: $token }) }';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
const RESET = 'mutation ($token: String!, $password: String!) { resetPassword(input: { token: $token, password: $password }) }';
const RESEND = 'mutation { resendVerificationEmail }';

const VERIFY_SUBJECT = 'Verify your email for TechGigs';
const RESET_SUBJECT = 'Reset your TechGigs password';
const PUBLIC_URL = 'https://gigs.example.test';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** The token of the one link in a mail, checked to point at `page` under PUBLIC_URL in both parts. */
function tokenOf(mail: { links: string[]; html: string }, page: string): string {
  expect(mail.links).toHaveLength(1);
  const url = new URL(mail.links[0]);
  expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_URL}/${page}`);
  expect(mail.html).toContain(`href="${mail.links[0]}"`);
  return url.searchParams.get('token')!;
}

describe('account mail over SMTP', () => {
  const smtp = new TestSmtpServer();
  const clock = new MovableClock();
  let app: TestApp;
  beforeAll(async () => {
    await smtp.start();
    app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL }, clock });
  });
  afterAll(async () => {
    await app?.stop();
    await smtp.stop();
  });

  it('sign-up mails a verification link; it verifies the email once', async () => {
    const email = `new-${unique()}@example.test`;
    const { signUp } = ok(await app.gql(SIGN_UP, { input: { email, password: 'a long password', displayName: 'New' } }));
    expect(signUp.user.emailVerified).toBe(false);

    const mail = await smtp.mailTo(email, VERIFY_SUBJECT);
    expect(mail.headers.get('from')).toContain('no-reply@gigs.example.test');
    expect(mail.text).toContain('Verify my email');
    const token = tokenOf(mail, 'verify-email');
    await eventually(async () => (await app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [email])).length === 1, 10_000, 'the verification token committed');

    expect(ok(await app.gql(VERIFY, { token })).verifyEmail).toBe(true);
    expect(ok(await app.gql(ME, {}, signUp.token)).me.emailVerified).toBe(true);
    const reused = errorOf(await app.gql(VERIFY, { token }));
    expect(reused.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reused.extensions?.fields).toEqual({ token: expect.any(String) });

    // Already verified: asking again sends nothing (the job finds nothing to do).
    ok(await app.gql(RESEND, {}, signUp.token));
    expect(errorOf(await app.gql(RESEND)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('emailVerified is the user\'s own: null for anyone else', async () => {
    const a = await buildUser(app.app, { verified: false });
    const b = await buildUser(app.app);
    const query = 'query ($id: ID!) { user(id: $id) { emailVerified } }';
    const me = ok(await app.gql(ME, {}, a.token)).me;
    expect(me.emailVerified).toBe(false);
    expect(ok(await app.gql(query, { id: me.id }, b.token)).user.emailVerified).toBeNull();
    expect(ok(await app.gql(query, { id: me.id })).user.emailVerified).toBeNull();
  });

  it('password reset: one mail, a single-use token that ends every session, the new password signs in', async () => {
    const { user, token: session } = await buildUser(app.app, { verified: false });
    const other = ok(await app.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } })).signIn.token;

    expect(ok(await app.gql(REQUEST_RESET, { email: user.email.toUpperCase() })).requestPasswordReset).toBe(true);
    const mail = await smtp.mailTo(user.email, RESET_SUBJECT);
    expect(mail.text).toMatch(/one hour/);
    const token = tokenOf(mail, 'reset-password');
    // The mail leaves inside the job's transaction, just before its token commits.
    const stored = async () => app.app.deps.ds.query(`SELECT token_hash FROM account_tokens WHERE user_id = $1 AND purpose = 'RESET_PASSWORD'`, [user.id]);
    await eventually(async () => (await stored()).length === 1, 10_000, 'the reset token committed');
    const [row] = await stored();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);

    const badPassword = errorOf(await app.gql(RESET, { token, password: 'short' }));
    expect(badPassword.extensions?.fields).toEqual({ password: expect.any(String) });

    expect(ok(await app.gql(RESET, { token, password: 'a brand new password' })).resetPassword).toBe(true);
    for (const ended of [session, other]) expect(errorOf(await app.gql(ME, {}, ended)).extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await app.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } })).extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = ok(await app.gql(SIGN_IN, { input: { email: user.email, password: 'a brand new password' } })).signIn.token;
    expect(ok(await app.gql(ME, {}, fresh)).me.emailVerified).toBe(true);

    const reused = errorOf(await app.gql(RESET, { token, password: 'yet another password' }));
    expect(reused.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reused.extensions?.fields).toEqual({ token: expect.any(String) });
    ok(await app.gql(SIGN_IN, { input: { email: user.email, password: 'a brand new password' } }));
  });

  it('a reset token is refused after an hour, and nothing changes', async () => {
    const { user, token: session } = await buildUser(app.app);
    ok(await app.gql(REQUEST_RESET, { email: user.email }));
    const token = tokenOf(await smtp.mailTo(user.email, RESET_SUBJECT), 'reset-password');
    await eventually(async () => (await app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE user_id = $1`, [user.id])).length === 1, 10_000, 'the reset token committed');
    clock.advance(61 * 60 * 1000);
    try {
      const expired = errorOf(await app.gql(RESET, { token, password: 'a brand new password' }));
      expect(expired.extensions?.fields).toEqual({ token: expect.any(String) });
    } finally {
      clock.advance(-61 * 60 * 1000);
    }
    ok(await app.gql(ME, {}, session));
    ok(await app.gql(SIGN_IN, { input: { email: user.email, password: FACTORY_PASSWORD } }));
  });

  it('an unknown address gets the same answer and no mail', async () => {
    const email = `nobody-${unique()}@example.test`;
    expect(ok(await app.gql(REQUEST_RESET, { email })).requestPasswordReset).toBe(true);
    const job = async () => app.app.deps.ds.query(`SELECT state FROM pgboss.job WHERE name = 'accounts.password-reset-mail' AND data->>'email' = $1`, [email]);
    // Once the job has completed, a mail would have been sent.
    await eventually(async () => (await job())[0]?.state === 'completed', 10_000, 'the reset job to complete');
    expect(smtp.mailsTo(email)).toHaveLength(0);
    expect(errorOf(await app.gql(REQUEST_RESET, { email: 'not an address' })).extensions?.fields).toEqual({ email: expect.any(String) });
  });

  it('any token that was not mailed is refused on its field (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60, unit: fc.constantFrom(...'abcXYZ019-_ .~é€'.split('')) }).filter((s) => s.trim().length > 0), async (token) => {
        expect(errorOf(await app.gql(VERIFY, { token })).extensions?.code).toBe('BAD_USER_INPUT');
        expect(errorOf(await app.gql(RESET, { token, password: 'a long enough password' })).extensions?.code).toBe('BAD_USER_INPUT');
      }),
      { numRuns: 25 },
    );
  });
});

describe('account mail without SMTP_URL', () => {
  const t = useTestApp();

  it('is written as an .eml file under DATA_DIR/mail', async () => {
    const email = `files-${unique()}@example.test`;
    ok(await t.gql(SIGN_UP, { input: { email, password: 'a long password', displayName: 'Files' } }));
    const directory = mailDirectory(t.config.dataDir);
    let found: string | undefined;
    await eventually(async () => {
      for (const name of await readdir(directory).catch(() => [] as string[])) {
        if (name.endsWith('.eml') && (await readFile(path.join(directory, name), 'utf8')).includes(email)) found = path.join(directory, name);
      }
      return found !== undefined;
    }, 10_000, 'the .eml file');
    const parsed = await simpleParser(await readFile(found!));
    expect(parsed.subject).toBe(VERIFY_SUBJECT);
    expect(parsed.text).toContain(`${t.config.publicUrl}/verify-email?token=`);
    expect(parsed.html).toContain('Verify my email');
    await rm(found!);
  });
});
