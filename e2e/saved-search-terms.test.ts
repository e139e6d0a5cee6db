import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../server/test/harness';
import { buildListing, buildPoster, buildUser, type BuiltUser } from '../server/test/factories';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, type Person } from './browser';

/**
 * Saved searches keep the catalogue's terms filters (issue 15 follow-up), in real Chromium
 * against the built web app: a freelancer narrows the catalogue to remote, hourly gigs paying
 * $50 to $100 an hour, saves the search, finds those terms in the saved-search list, and opening
 * it filters the catalogue as it was saved.
 */

const WAIT = 10_000;

async function sees(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: WAIT });
}

function word(): string {
  return `zq${[...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}x`;
}

async function openFilters(page: Page): Promise<void> {
  const filters = page.getByRole('button', { name: /^Filters/ });
  if ((await filters.isVisible()) && (await filters.getAttribute('aria-expanded')) !== 'true') await filters.click();
}

const SAVED = `{ savedSearches { name filter { search budget { currency minCents maxCents } budgetKind remoteOnly } } }`;

describe('saved searches with terms in the web app', () => {
  let app: TestApp;
  let browser: Browser;
  const people: Person[] = [];

  async function signedIn(user: BuiltUser, name: string): Promise<Person> {
    const person = await openPerson(browser, app.url, name, DESKTOP);
    await person.context.addInitScript(`localStorage.setItem('techgigs.token', ${JSON.stringify(user.token)})`);
    people.push(person);
    return person;
  }

  beforeAll(async () => {
    assertPrerequisites();
    app = await startTestApp();
    browser = await launchChromium();
  });

  afterEach(async () => {
    const errors = people.flatMap((person) => person.consoleErrors);
    for (const person of people) await person.context.close();
    people.length = 0;
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('saving from a filtered catalogue keeps the filters, lists them, and opening it filters again', async () => {
    const tag = word();
    const poster = await buildPoster(app.app);
    await buildListing(app.app, poster.employer, poster.user, {
      title: `Remote hourly gig ${tag}`,
      terms: { budget: { kind: 'HOURLY', minCents: 6_000, maxCents: 8_000, currency: 'USD' }, location: { kind: 'REMOTE', city: null, countryCode: null, timeZoneWindow: null } },
    });
    const user = await buildUser(app.app);
    const { page: F } = await signedIn(user, 'saved-search-terms');

    await F.goto(`/?q=${tag}`);
    await sees(F.getByRole('link', { name: `Remote hourly gig ${tag}` }));
    await openFilters(F);
    await F.getByRole('checkbox', { name: /^Remote only/ }).check();
    await F.waitForURL(/[?&]remote=1/, { timeout: WAIT });
    await F.getByRole('radio', { name: 'Hourly', exact: true }).check();
    await F.waitForURL(/[?&]pay=HOURLY/, { timeout: WAIT });
    await F.getByLabel('Currency', { exact: true }).selectOption('USD');
    await F.waitForURL(/[?&]cur=USD/, { timeout: WAIT });
    await F.getByRole('radio', { name: /^\$50\.00 to \$99\.99 an hour \(1\)/ }).check();
    await F.waitForURL(/[?&]min=5000/, { timeout: WAIT });

    await F.getByLabel('Name this search').fill('Remote hourly USD');
    await F.getByRole('button', { name: 'Save search and get alerts' }).click();
    await sees(F.getByText(/Saved as “Remote hourly USD”/));
    const [saved] = (await app.gql(SAVED, {}, user.token)).data?.savedSearches as Array<Record<string, unknown>>;
    expect(saved).toEqual({
      name: 'Remote hourly USD',
      filter: { search: tag, budget: { currency: 'USD', minCents: 5_000, maxCents: 9_999 }, budgetKind: 'HOURLY', remoteOnly: true },
    });

    await F.goto('/searches');
    await sees(F.getByText(/Remote only · Hourly · \$50\.00 to \$99\.99 an hour/));
    await F.getByRole('link', { name: 'Remote hourly USD' }).click();
    await F.waitForURL(/[?&]remote=1/, { timeout: WAIT });
    const address = new URL(F.url()).searchParams;
    expect(Object.fromEntries(['q', 'remote', 'pay', 'cur', 'min', 'max'].map((key) => [key, address.get(key)]))).toEqual({
      q: tag,
      remote: '1',
      pay: 'HOURLY',
      cur: 'USD',
      min: '5000',
      max: '9999',
    });
    await sees(F.getByRole('link', { name: `Remote hourly gig ${tag}` }));
    await openFilters(F);
    expect(await F.getByRole('checkbox', { name: /^Remote only/ }).isChecked()).toBe(true);
    expect(await F.getByRole('radio', { name: 'Hourly', exact: true }).isChecked()).toBe(true);
    expect(await F.getByRole('radio', { name: /^\$50\.00 to \$99\.99 an hour/ }).isChecked()).toBe(true);
  });
});
