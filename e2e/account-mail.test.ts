import type { Browser, Locator, Page } from 'playwright-core';
import { toGlobalId } from '../server/src/graphql/global-id';
import { DIGEST_DELAY_MS } from '../server/src/modules/notifications/digest.service';
import { MovableClock } from '../server/test/clock';
import { buildConversation, buildEmployer, buildListing, buildUser, FACTORY_PASSWORD, type BuiltUser } from '../server/test/factories';
import { ok, startTestApp, type TestApp } from '../server/test/harness';
import { eventually } from '../server/test/live';
import { TestSmtpServer } from '../server/test/smtp';
import { expectAccessible } from './axe';
import { assertPrerequisites, launchChromium, openPerson, type Person } from './browser';

/**
 * Mail that brings people back, in real Chromium against a real SMTP server (issue 15): forgot
 * password → the mail → the reset page → sign in with the new password (and the used link
 * refused in words); notification emails toggled in the settings; a digest's unsubscribe page,
 * which changes nothing until its button is pressed. Links in the mails start with PUBLIC_URL, a
 * name this machine does not serve, so the test opens them on the test server's own address.
 * Needs the built web app (`npm run build:client`) and Debian's Chromium.
 */

const PUBLIC_URL = 'https://gigs.example.test';
const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;

async function sees(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

describe('account mail in the web app', () => {
  const smtp = new TestSmtpServer();
  const clock = new MovableClock();
  let app: TestApp;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    assertPrerequisites();
    await smtp.start();
    app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL }, clock });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp.stop();
  });

  afterEach(() => {
    for (const person of people.splice(0)) expect(person.consoleErrors).toEqual([]);
  });

  async function person(name: string): Promise<Person> {
    const opened = await openPerson(browser, app.url, name);
    people.push(opened);
    return opened;
  }

  /** A link of a mail, on the test server (same path and query). */
  const local = (link: string) => {
    const url = new URL(link);
    expect(url.origin).toBe(PUBLIC_URL);
    return `${url.pathname}${url.search}`;
  };

  it('forgot password → mail → reset → sign in with the new password; the used link is refused in words', async () => {
    const { user } = await buildUser(app.app, { displayName: 'Rita Reset' });
    const { page } = await person('Rita');

    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await sees(page.getByRole('heading', { name: 'Forgot your password?' }));
    await expectAccessible(page, 'forgot password');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await sees(page.getByRole('heading', { name: 'Check your email' }));
    await expectAccessible(page, 'forgot password, sent');

    // The same answer for an address with no account, and no mail for it.
    await page.getByRole('button', { name: 'Use another address' }).click();
    const nobody = `nobody-${Date.now()}@example.test`;
    await page.getByLabel('Email').fill(nobody);
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await sees(page.getByRole('heading', { name: 'Check your email' }));

    const mail = await smtp.mailTo(user.email, 'Reset your TechGigs password');
    expect(mail.links).toHaveLength(1);
    const link = local(mail.links[0]);
    expect(link).toMatch(/^\/reset-password\?token=/);
    // The mail leaves inside the job's transaction, just before its token commits.
    await eventually(async () => (await app.app.deps.ds.query(`SELECT 1 FROM account_tokens WHERE user_id = $1 AND purpose = 'RESET_PASSWORD'`, [user.id])).length === 1, 10_000, 'the reset token committed');

    await page.goto(link);
    await sees(page.getByRole('heading', { name: 'Choose a new password' }));
    await expectAccessible(page, 'reset password');
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await sees(page.locator('.field__error'));
    await expectAccessible(page, 'reset password, too short');
    await page.getByLabel('New password').fill('a brand new password');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await sees(page.getByRole('heading', { name: 'Your password is changed' }));
    await expectAccessible(page, 'reset password, done');
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.waitForURL((url) => url.pathname === '/signin');

    // The old password no longer works; the new one does.
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(FACTORY_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await sees(page.getByRole('alert'));
    await signIn(page, user.email, 'a brand new password');

    // The link again: used, and said so in words, with the way to a new one.
    await page.goto(link);
    await page.getByLabel('New password').fill('yet another password');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await sees(page.getByText('This link no longer works'));
    await sees(page.getByRole('link', { name: 'Ask for a new link' }));
    await expectAccessible(page, 'reset password, used link');
    expect(smtp.mailsTo(nobody)).toHaveLength(0);
  });

  it('notification emails: turned off and on in the settings, from the Notifications page', async () => {
    const built = await buildUser(app.app, { displayName: 'Nora Notified' });
    const { page } = await person('Nora');
    await signIn(page, built.user.email, FACTORY_PASSWORD);
    await page.goto('/notifications');
    await page.getByRole('link', { name: 'Notification emails' }).click();
    await sees(page.getByRole('heading', { name: 'Notification emails' }));
    const messages = page.getByRole('checkbox', { name: /^Messages/ });
    const contracts = page.getByRole('checkbox', { name: /^Contracts/ });
    await sees(messages);
    expect(await messages.isChecked()).toBe(true);
    await expectAccessible(page, 'notification emails');

    await messages.uncheck();
    await contracts.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await sees(page.getByText('Saved.'));
    const stored = async () => Object.fromEntries((await app.app.deps.services.digests.preferences(built.user.id)).map((p) => [p.kind, p.emailDigest]));
    expect(await stored()).toEqual({ MESSAGES: false, CONTRACTS: false, REVIEWS: true, SAVED_SEARCHES: true, LISTINGS: true, OTHER: true });

    await page.reload();
    await sees(messages);
    expect(await messages.isChecked()).toBe(false);
    await messages.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await sees(page.getByText('Saved.'));
    expect(await stored()).toEqual({ MESSAGES: true, CONTRACTS: false, REVIEWS: true, SAVED_SEARCHES: true, LISTINGS: true, OTHER: true });
  });

  it("a digest's unsubscribe link: opening it changes nothing, its button unsubscribes without signing in", async () => {
    const poster: BuiltUser = await buildUser(app.app, { displayName: 'Uma Unsubscribe' });
    await app.app.deps.ds.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [poster.user.id]);
    const employer = await buildEmployer(app.app, poster.user);
    const listing = await buildListing(app.app, employer, poster.user, { title: 'A gig with mail' });
    const freelancer = await buildUser(app.app);
    const conversation = await buildConversation(app.app, listing, freelancer.user);
    ok(await app.gql(SEND, { id: toGlobalId('Conversation', conversation.id), body: 'Are you still hiring?' }, freelancer.token));

    let unsubscribe: string;
    clock.advance(DIGEST_DELAY_MS + 60_000);
    try {
      await app.app.deps.services.digests.sweep();
      const mail = await smtp.mailTo(poster.user.email, 'You have 1 unread notification on TechGigs');
      unsubscribe = /^<([^>]+)>$/.exec(mail.headers.get('list-unsubscribe') ?? '')![1];
      expect(mail.links).toContain(unsubscribe);
    } finally {
      clock.advance(-(DIGEST_DELAY_MS + 60_000));
    }
    const allOn = async () => (await app.app.deps.services.digests.preferences(poster.user.id)).every((p) => p.emailDigest);

    const uma = await person('Uma');
    const { page } = uma;
    await page.goto(local(unsubscribe));
    await sees(page.getByRole('button', { name: 'Unsubscribe' }));
    await expectAccessible(page, 'unsubscribe');
    expect(await allOn()).toBe(true);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await sees(page.getByText('You are unsubscribed'));
    await expectAccessible(page, 'unsubscribed');
    expect((await app.app.deps.services.digests.preferences(poster.user.id)).some((p) => p.emailDigest)).toBe(false);

    // A link cut short says so.
    await page.goto('/unsubscribe?token=nope');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await sees(page.getByText('This unsubscribe link is not complete or has expired'));
    // Chromium logs the refused POST (404) as a console error: that one, and nothing else, is expected.
    const refused = uma.consoleErrors.splice(0);
    expect(refused.every((line) => /404/.test(line))).toBe(true);
  });
});
