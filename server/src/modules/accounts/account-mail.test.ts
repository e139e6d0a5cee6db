import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { buildNotification, buildUser, FACTORY_PASSWORD } from '../../../test/factories';
import { errorOf, ok, startTestApp, useTestApp, type TestApp } from '../../../test/harness';
import { MovableClock } from '../../../test/clock';
import { connectLive, eventually, LiveSubscription, probeUntilLive } from '../../../test/live';
import { TestSmtpServer } from '../../../test/smtp';
import { mailDirectory } from '../../mail/mailer';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { ACCOUNT_MAIL_REQUESTS_PER_ADDRESS } from './account-mail-limiter';
import { MAIL_INTERVAL_MS } from './account-mail.service';

const SIGN_UP = 'mutation ($input: SignUpInput!) { signUp(input: $input) { token user { emailVerified } } }';
const SIGN_IN = 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }';
const ME = '{ me { id emailVerified } }';
const VERIFY = 'mutation ($token: String!) { verifyEmail(input: { token: $token }) }';
const REQUEST_RESET = 'mutation ($email: String!) { requestPasswordReset(input: { email: $email }) }';
const RESET = 'mutation ($token: String!, $password: String!) { resetPassword(input: { token: $token, password: $password }) }';
const RESEND = 'mutation { resendVerificationEmail { sent emailVerified nextAllowedAt } }';

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
    // TRUST_PROXY: the address-limit tests give each its own client address (X-Forwarded-For).
    app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL, TRUST_PROXY: 'loopback' }, clock });
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

    // Already verified: asking again, even past the minute, says so and queues no mail at all.
    clock.advance(MAIL_INTERVAL_MS + 1000);
    expect(ok(await app.gql(RESEND, {}, signUp.token)).resendVerificationEmail).toEqual({ sent: false, emailVerified: true, nextAllowedAt: null });
    const [{ jobs }] = await app.app.deps.ds.query(
      `SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'accounts.verification-mail' AND data->>'userId' = (SELECT id::text FROM users WHERE email = $1)`,
      [email],
    );
    expect(jobs).toBe(1);
    expect(smtp.mailsTo(email).filter((sent) => sent.subject === VERIFY_SUBJECT)).toHaveLength(1);
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

  it('a token works only as mailed: not with one character changed, not for the other purpose, not twice', async () => {
    const email = `exact-${unique()}@example.test`;
    ok(await app.gql(SIGN_UP, { input: { email, password: 'a long password', displayName: 'Exact' } }));
    const verifyToken = tokenOf(await smtp.mailTo(email, VERIFY_SUBJECT), 'verify-email');
    ok(await app.gql(REQUEST_RESET, { email }));
    const resetToken = tokenOf(await smtp.mailTo(email, RESET_SUBJECT), 'reset-password');
    const tokens = async () => app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [email]);
    await eventually(async () => (await tokens()).length === 2, 10_000, 'both tokens committed');
    const refusedOnToken = (response: Awaited<ReturnType<TestApp['gql']>>) => expect(errorOf(response).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { token: expect.any(String) } });

    for (const position of [0, 21, resetToken.length - 1]) {
      const changed = resetToken.slice(0, position) + (resetToken[position] === 'A' ? 'B' : 'A') + resetToken.slice(position + 1);
      refusedOnToken(await app.gql(RESET, { token: changed, password: 'a long enough password' }));
    }
    refusedOnToken(await app.gql(RESET, { token: verifyToken, password: 'a long enough password' }));
    refusedOnToken(await app.gql(VERIFY, { token: resetToken }));
    // Another user's token is theirs: it verifies them, not this account.
    const other = await buildUser(app.app, { verified: false });
    ok(await app.gql(RESEND, {}, other.token));
    const othersToken = tokenOf(await smtp.mailTo(other.user.email, VERIFY_SUBJECT), 'verify-email');
    await eventually(async () => (await app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE user_id = $1`, [other.user.id])).length === 1, 10_000, 'the other token committed');
    ok(await app.gql(VERIFY, { token: othersToken }));
    expect(ok(await app.gql(ME, {}, other.token)).me.emailVerified).toBe(true);
    const [{ verified }] = await app.app.deps.ds.query(`SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE email = $1`, [email]);
    expect(verified).toBe(false);

    ok(await app.gql(RESET, { token: resetToken, password: 'a long enough password' }));
    refusedOnToken(await app.gql(RESET, { token: resetToken, password: 'another long password' }));
    ok(await app.gql(SIGN_IN, { input: { email, password: 'a long enough password' } }));
  });

  it('only the newest link works: a newer reset or verification link retires the older ones, and a reset retires every other', async () => {
    const email = `newest-${unique()}@example.test`;
    const { signUp } = ok(await app.gql(SIGN_UP, { input: { email, password: 'a long password', displayName: 'Newest' } }));
    const committed = async (purpose: string, count: number) =>
      eventually(
        async () => (await app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE purpose = $2 AND user_id = (SELECT id FROM users WHERE email = $1)`, [email, purpose])).length === count,
        10_000,
        `${count} ${purpose} tokens committed`,
      );
    const mails = (subject: string, count: number) => smtp.waitFor(() => smtp.mailsTo(email).filter((mail) => mail.subject === subject).length === count);
    const nth = (subject: string, index: number, page: string) => tokenOf(smtp.mailsTo(email).filter((mail) => mail.subject === subject)[index], page);

    await mails(VERIFY_SUBJECT, 1);
    await committed('VERIFY_EMAIL', 1);
    clock.advance(MAIL_INTERVAL_MS + 1000);
    expect(ok(await app.gql(RESEND, {}, signUp.token)).resendVerificationEmail.sent).toBe(true);
    await mails(VERIFY_SUBJECT, 2);
    await committed('VERIFY_EMAIL', 2);
    const refused = errorOf(await app.gql(VERIFY, { token: nth(VERIFY_SUBJECT, 0, 'verify-email') }));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { token: expect.any(String) } });
    ok(await app.gql(VERIFY, { token: nth(VERIFY_SUBJECT, 1, 'verify-email') }));

    ok(await app.gql(REQUEST_RESET, { email }));
    await mails(RESET_SUBJECT, 1);
    await committed('RESET_PASSWORD', 1);
    clock.advance(MAIL_INTERVAL_MS + 1000);
    ok(await app.gql(REQUEST_RESET, { email }));
    await mails(RESET_SUBJECT, 2);
    await committed('RESET_PASSWORD', 2);
    const [older, newer] = [nth(RESET_SUBJECT, 0, 'reset-password'), nth(RESET_SUBJECT, 1, 'reset-password')];
    expect(errorOf(await app.gql(RESET, { token: older, password: 'the older link password' })).extensions?.fields).toEqual({ token: expect.any(String) });
    ok(await app.gql(RESET, { token: newer, password: 'the newest link password' }));
    expect(errorOf(await app.gql(RESET, { token: older, password: 'the older link password' })).extensions?.fields).toEqual({ token: expect.any(String) });
    const [{ unused }] = await app.app.deps.ds.query(
      `SELECT count(*)::int AS unused FROM account_tokens WHERE used_at IS NULL AND purpose = 'RESET_PASSWORD' AND user_id = (SELECT id FROM users WHERE email = $1)`,
      [email],
    );
    expect(unused).toBe(0);
    ok(await app.gql(SIGN_IN, { input: { email, password: 'the newest link password' } }));
  });

  it('at most one mail of a kind per address a minute, counted from the last one sent, and the answer says so', async () => {
    const user = await buildUser(app.app, { verified: false });
    const resend = async () => ok(await app.gql(RESEND, {}, user.token)).resendVerificationEmail;
    const first = await resend();
    expect(first).toEqual({ sent: true, emailVerified: false, nextAllowedAt: expect.any(String) });
    const firstAt = clock.now().getTime();
    expect(Math.abs(new Date(first.nextAllowedAt).getTime() - (firstAt + MAIL_INTERVAL_MS))).toBeLessThan(5000);

    clock.advance(MAIL_INTERVAL_MS - 2000);
    // Within the minute of the last one: nothing sent, and when the next may go.
    expect(await resend()).toEqual({ sent: false, emailVerified: false, nextAllowedAt: first.nextAllowedAt });
    clock.advance(3000);
    const second = await resend();
    expect(second.sent).toBe(true);
    expect(new Date(second.nextAllowedAt).getTime()).toBeGreaterThan(new Date(first.nextAllowedAt).getTime() + MAIL_INTERVAL_MS - 5000);
    await smtp.waitFor(() => smtp.mailsTo(user.user.email).length === 2);

    // Reset mail: the same rule per address, the same answer whether sent or not.
    const email = `throttled-${unique()}@example.test`;
    const resetJobs = async () => (await app.app.deps.ds.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'accounts.password-reset-mail' AND data->>'email' = $1`, [email]))[0].n;
    expect(ok(await app.gql(REQUEST_RESET, { email })).requestPasswordReset).toBe(true);
    clock.advance(MAIL_INTERVAL_MS - 2000);
    expect(ok(await app.gql(REQUEST_RESET, { email: email.toUpperCase() })).requestPasswordReset).toBe(true);
    expect(await resetJobs()).toBe(1);
    clock.advance(3000);
    ok(await app.gql(REQUEST_RESET, { email }));
    expect(await resetJobs()).toBe(2);
  });

  it.each([
    ['requestPasswordReset', () => [REQUEST_RESET, { email: `limit-${unique()}@example.test` }] as const],
    ['resendVerificationEmail', () => [RESEND, {}] as const],
  ])('%s: one client address is refused RATE_LIMITED past the limit; another address is not', async (_name, operation) => {
    const user = await buildUser(app.app, { verified: false });
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const ask = (from: string) => {
      const [query, variables] = operation();
      return app.gql(query, variables, user.token, { 'x-forwarded-for': from });
    };
    for (let i = 0; i < ACCOUNT_MAIL_REQUESTS_PER_ADDRESS; i++) ok(await ask(address));
    const refused = errorOf(await ask(address));
    expect(refused.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.message).toMatch(/Try again in \d+ minutes?/);
    ok(await ask(`2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}::1`));
  });

  it('a reset ends the live subscriptions of every session with the session-ended error', async () => {
    const { user, token } = await buildUser(app.app);
    const socket = connectLive(app.url, token);
    const live = new LiveSubscription(socket, 'subscription { notificationAdded { id } }');
    await probeUntilLive(live, async () => {
      const notification = await buildNotification(app.app, user);
      await app.app.deps.pubsub.publish(notificationAddedTopic(user.id), { notificationId: notification.id, userId: user.id });
    }, () => true);
    ok(await app.gql(REQUEST_RESET, { email: user.email }));
    const resetToken = tokenOf(await smtp.mailTo(user.email, RESET_SUBJECT), 'reset-password');
    await eventually(async () => (await app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE user_id = $1`, [user.id])).length === 1, 10_000, 'the reset token committed');
    ok(await app.gql(RESET, { token: resetToken, password: 'a brand new password' }));
    expect(await live.firstError(5000)).toEqual({ message: 'Your session has ended', extensions: { code: 'UNAUTHENTICATED' } });
    await socket.dispose();
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
