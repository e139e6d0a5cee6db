import type { Browser, Locator } from 'playwright-core';
import { toGlobalId } from '../server/src/graphql/global-id';
import { buildCredits, buildListing, buildPoster, type BuiltPoster } from '../server/test/factories';
import { startTestApp, type TestApp } from '../server/test/harness';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, PHONE, type Person, type Screen } from './browser';

/**
 * Posting periods on the employer's page, for its members, in real Chromium against the real
 * server: when each listing ends, "Expiring soon" and "Expired", and Renew spending a credit.
 * Needs `npm run build:client`.
 */

const LIVE = 10_000;
const DAY = 24 * 60 * 60 * 1000;

async function sees(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: LIVE });
}

const SCREENS: Array<[string, Screen]> = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

describe('posting periods in the web app', () => {
  let app: TestApp;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    assertPrerequisites();
    app = await startTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const person of people) await person.context.close();
    await browser?.close();
    await app?.stop();
  });

  test.each(SCREENS)('on a %s, a member sees when each gig ends and renews an expired one for a credit', async (_name, screen) => {
    const poster: BuiltPoster = await buildPoster(app.app);
    await buildCredits(app.app, poster.employer, poster.user, 1);
    const soon = await buildListing(app.app, poster.employer, poster.user, { title: 'Fix our checkout flow', expiresAt: new Date(Date.now() + 2 * DAY) });
    const expired = await buildListing(app.app, poster.employer, poster.user, { title: 'Port the shop to Postgres', status: 'EXPIRED', expiresAt: new Date(Date.now() - DAY) });

    const person = await openPerson(browser, app.url, `member-${_name}`, screen);
    people.push(person);
    await person.context.addInitScript(`localStorage.setItem('techgigs.token', ${JSON.stringify(poster.token)})`);
    const { page } = person;
    // The expired gig's own page says so, and leads to where it is renewed.
    await page.goto(`/gigs/${toGlobalId('Listing', expired.id)}`);
    await sees(page.getByRole('heading', { name: expired.title, level: 1 }));
    await sees(page.locator('.status').getByText('Expired', { exact: true }));
    await page.getByRole('link', { name: 'Renew it on the employer’s page' }).click();

    const periods = page.getByRole('region', { name: 'Posting periods' });
    const soonItem = periods.getByRole('listitem', { name: soon.title });
    const expiredItem = periods.getByRole('listitem', { name: expired.title });
    await sees(soonItem.getByText('Expiring soon'));
    await sees(soonItem.getByText(/^In the catalogue until /));
    await sees(expiredItem.getByText('Expired', { exact: true }));
    await sees(expiredItem.getByText(/^Expired on .*: out of the catalogue\.$/));
    await expectAccessible(page, `${_name}: posting periods`);

    await expiredItem.getByRole('button', { name: 'Renew (1 credit)' }).click();
    await sees(expiredItem.getByText(/^In the catalogue until /));
    await expect(expiredItem.getByText('Expired', { exact: true }).count()).resolves.toBe(0);
    await sees(page.getByText(/^0 unspent credits\./));

    // No credit left: renewing says so, and nothing changes.
    await soonItem.getByRole('button', { name: 'Renew early (1 credit)' }).click();
    await sees(soonItem.getByRole('alert').getByText(/no unspent credit/));
    await sees(soonItem.getByText('Expiring soon'));
    await expectAccessible(page, `${_name}: renewal refused without a credit`);
    expect(person.consoleErrors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
});
