import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { startTestApp, type TestApp } from '../server/test/harness';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, type Person } from './browser';

/**
 * The verification of an account through the web app's mailbox page (`/dev/mailbox`), in real
 * Chromium against the real server writing mails as files: the banner says why publishing is
 * refused and answers a resend honestly, the settings say digests wait for a verified address, the
 * mail is listed, its link opens a page that verifies only on a button press, the banner goes.
 * Needs `npm run build:client`.
 */

const LIVE = 20_000;

async function sees(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: LIVE });
}

describe('the mailbox page', () => {
  let app: TestApp;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    assertPrerequisites();
    app = await startTestApp({ env: { DATA_DIR: path.join(os.tmpdir(), `techgigs-e2e-mailbox-${randomBytes(4).toString('hex')}`) } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const person of people) await person.context.close();
    await browser?.close();
    await app?.stop();
  });

  it('a new account sees why it cannot publish yet, finds its mail in /dev/mailbox, follows the link and is verified', async () => {
    const person = await openPerson(browser, app.url, 'newcomer', DESKTOP);
    people.push(person);
    const { page } = person;
    const email = `mia.${randomBytes(4).toString('hex')}@example.com`;

    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Mia Mailbox');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    const banner = page.getByRole('complementary', { name: /Verify your email/ });
    await sees(banner);
    await sees(banner.getByText('you can do everything but publish or renew a gig and sign a contract'));
    await expectAccessible(page, 'catalogue with the verify-email banner');
    // The sign-up's mail went less than a minute ago: the banner says none was sent, and when one may be.
    await banner.getByRole('button', { name: 'Resend the link' }).click();
    await sees(banner.getByRole('status').getByText(/^No new link sent: one went less than a minute ago.*You can ask for another at /));

    await page.goto('/settings/notifications');
    await sees(page.getByRole('note').getByText(/digests go only to a verified address, and .* is not verified/));

    await page.goto('/dev/mailbox');
    await sees(page.getByRole('heading', { name: 'Mailbox', level: 1 }));
    // The job writes the mail a moment after the sign-up: refresh until it is there.
    const mail = page.getByRole('article', { name: `Verify your email for TechGigs, to ${email}` });
    const deadline = Date.now() + LIVE;
    for (;;) {
      await mail.or(page.getByText(/^No mail yet/)).first().waitFor({ state: 'visible', timeout: LIVE });
      if (await mail.isVisible()) break;
      if (Date.now() > deadline) throw new Error('the verification mail never reached the mailbox');
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await expectAccessible(page, 'mailbox with a verification mail');
    await mail.getByRole('link', { name: /\/verify-email\?token=/ }).click();

    // Opening the link (as a mail scanner would) verifies nothing: the button does.
    await sees(page.getByRole('heading', { name: 'Verify your email', level: 1 }));
    const verifyButton = page.getByRole('button', { name: 'Verify my email' });
    await sees(verifyButton);
    await expectAccessible(page, 'verify page before the button');
    await page.reload();
    await sees(verifyButton);
    await sees(banner);
    await verifyButton.click();
    await sees(page.getByRole('status').getByText('Your email is verified. You can now publish gigs and sign contracts.'));
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    await expectAccessible(page, 'email verified');
    await page.goto('/settings/notifications');
    await sees(page.getByRole('heading', { name: 'Notification emails', level: 1 }));
    await sees(page.getByRole('group', { name: 'Email me a digest of' }));
    await expect(page.getByText(/digests go only to a verified address/).count()).resolves.toBe(0);

    // The link works once.
    await page.goBack();
    await verifyButton.click();
    await sees(page.getByRole('alert').getByText(/This link no longer works/));
    expect(person.consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
