import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../server/test/harness';
import { buildCredits, buildListing, buildPoster, type BuiltUser } from '../server/test/factories';
import { toGlobalId } from '../server/src/graphql/global-id';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, PHONE, screenshot, type Person, type Screen } from './browser';

/**
 * Listing terms in the web app (issue 15, items 1 and 5), in real Chromium against the built web
 * app: a poster states budget, duration and place in the wizard (its own checks first), publishes,
 * and the terms show on the gig page and its card; a freelancer narrows the catalogue by remote
 * only, pay and a budget band, and sorts by budget, all kept in the address.
 */

const WAIT = 10_000;

async function sees(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: WAIT });
}

type DomWindow = { document: { activeElement: unknown; querySelector(selector: string): { textContent: string | null } | null } };

/** The focus is on the locator's element (it may take a render or two to get there). */
async function focusIsOn(locator: Locator): Promise<void> {
  await sees(locator);
  const deadline = Date.now() + WAIT;
  while (!(await locator.first().evaluate((el) => el === (globalThis as unknown as DomWindow).document.activeElement))) {
    if (Date.now() > deadline) throw new Error(`the focus is not on ${locator.toString()}`);
    await locator.page().waitForTimeout(50);
  }
}

function word(): string {
  return `zq${[...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}x`;
}

async function openFilters(page: Page): Promise<void> {
  const filters = page.getByRole('button', { name: /^Filters/ });
  if ((await filters.isVisible()) && (await filters.getAttribute('aria-expanded')) !== 'true') await filters.click();
}

describe('listing terms in the web app', () => {
  let app: TestApp;
  let browser: Browser;
  const people: Person[] = [];

  async function signedIn(user: BuiltUser | null, name: string, screen: Screen = DESKTOP): Promise<Person> {
    const person = await openPerson(browser, app.url, name, screen);
    if (user) await person.context.addInitScript(`localStorage.setItem('techgigs.token', ${JSON.stringify(user.token)})`);
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

  it('posts a gig with terms through the wizard, shows them on its page and card, and finds it by them', async () => {
    const tag = word();
    const poster = await buildPoster(app.app);
    await buildCredits(app.app, poster.employer, poster.user, 1);
    // A remote, fixed-price gig in dollars to tell apart from the one posted below.
    await buildListing(app.app, poster.employer, poster.user, {
      title: `Remote dollar gig ${tag}`,
      terms: { budget: { kind: 'FIXED', minCents: 300_000, maxCents: 400_000, currency: 'USD' }, location: { kind: 'REMOTE', city: null, countryCode: null, timeZoneWindow: null } },
    });

    const { page } = await signedIn(poster, 'terms-poster');
    await page.goto('/post');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Title').fill(`Lisbon booking app ${tag}`);
    await page.getByLabel('Description').fill('A booking app for a surf school in Lisbon, with a calendar and payments.');
    await page.getByRole('button', { name: 'Save draft and continue' }).click();
    await page.getByLabel('Software · Web · Backend', { exact: true }).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByLabel('TypeScript', { exact: true }).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await focusIsOn(page.getByRole('heading', { name: 'Budget, duration and place' }));
    await expectAccessible(page, 'wizard: terms');
    // The step's own checks: nothing stated yet, the first field to fix takes the focus.
    await page.getByRole('button', { name: 'Save and review' }).click();
    await focusIsOn(page.getByLabel('At least'));
    await sees(page.getByText('Enter the least it pays, e.g. 1500 or 1500.50.'));

    // Amounts speak in the currency's units and its decimals, with the API's caps, before anything is sent.
    await page.getByLabel('How it pays').selectOption('HOURLY');
    await page.getByLabel('At least, per hour').fill('60');
    await page.getByLabel('At most, per hour').fill('100000.01');
    await page.getByRole('button', { name: 'Save and review' }).click();
    await sees(page.getByText('The most it pays can be at most $100,000.00 an hour.'));
    await page.getByLabel('Currency').fill('JPY');
    await page.getByLabel('At least, per hour').fill('1000.5');
    await page.getByLabel('At most, per hour').fill('99999999999');
    await page.getByRole('button', { name: 'Save and review' }).click();
    await sees(page.getByText('JPY amounts take no decimals.'));
    await sees(page.getByText('The most it pays can be at most ¥100,000 an hour.'));
    // A currency only the API knows is not one: its refusal shows beside the field and takes the focus.
    await page.getByLabel('Currency').fill('XYZ');
    await page.getByLabel('At least, per hour').fill('60');
    await page.getByLabel('At most, per hour').fill('85');
    await page.getByLabel('Weeks').fill('6');
    await page.getByLabel('Hours a week').fill('15');
    await page.getByRole('button', { name: 'Save and review' }).click();
    await focusIsOn(page.getByLabel('Currency'));
    expect(await page.getByLabel('Currency').getAttribute('aria-invalid')).toBe('true');
    // Put right, it no longer says it is wrong; the next failure focuses what is wrong now, not the old refusal.
    await page.getByLabel('Currency').fill('EUR');
    expect(await page.getByLabel('Currency').getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Hours a week').fill('0');
    await page.getByRole('button', { name: 'Save and review' }).click();
    await focusIsOn(page.getByLabel('Hours a week'));
    expect(await page.getByLabel('Currency').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);

    await page.getByLabel('At least, per hour').fill('60');
    await page.getByLabel('At most, per hour').fill('85');
    await page.getByLabel('Weeks').fill('6');
    await page.getByLabel('Hours a week').fill('15');
    await page.getByLabel('Where the work happens').selectOption('HYBRID');
    await page.getByLabel('City').fill('Lisbon');
    // A country code the API refuses (not a country): its message shows beside the field.
    await page.getByLabel('Country code').fill('EU');
    await page.getByRole('button', { name: 'Save and review' }).click();
    await focusIsOn(page.getByLabel('Country code'));
    // Refused again on the next submit, until the field is edited: then it is clear at once.
    expect(await page.getByLabel('Country code').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Country code').fill('PT');
    expect(await page.getByLabel('Country code').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Save and review' }).click();

    await focusIsOn(page.getByRole('heading', { name: 'Review your gig' }));
    await sees(page.getByText('Budget: €60.00–€85.00 an hour'));
    await sees(page.getByText('Duration: 6 weeks, 15 hours a week'));
    await sees(page.getByText('Where: Hybrid, Lisbon, Portugal'));
    expect(await page.getByText('Before it can be published').count()).toBe(0);
    await expectAccessible(page, 'wizard: review with terms');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByRole('button', { name: 'Publish gig (uses 1 credit)' }).click();

    await sees(page.getByRole('heading', { name: `Lisbon booking app ${tag}`, level: 1 }));
    const terms = page.locator('.gig dl.terms');
    await sees(terms.getByText('€60.00–€85.00 an hour'));
    await sees(terms.getByText('6 weeks, 15 hours a week'));
    await sees(terms.getByText('Hybrid, Lisbon, Portugal'));
    await expectAccessible(page, 'gig page with terms');
    await screenshot(page, 'terms-gig-page');

    // The catalogue: both gigs by the tag, each card with its terms; then the filters narrow them.
    const freelancer = await signedIn(null, 'terms-freelancer');
    const F = freelancer.page;
    await F.goto(`/?q=${tag}`);
    await sees(F.getByRole('link', { name: `Lisbon booking app ${tag}` }));
    await sees(F.getByRole('link', { name: `Remote dollar gig ${tag}` }));
    await sees(F.getByText('$3,000.00–$4,000.00 fixed price'));
    await openFilters(F);
    await F.getByRole('checkbox', { name: /^Remote only \(1\)/ }).check();
    await F.waitForURL(/[?&]remote=1/, { timeout: WAIT });
    await sees(F.getByText('1 gig matching'));
    expect(await F.getByRole('link', { name: `Lisbon booking app ${tag}` }).count()).toBe(0);
    await F.getByRole('checkbox', { name: /^Remote only/ }).uncheck();
    await F.waitForURL((url) => !url.searchParams.has('remote'), { timeout: WAIT });

    await F.getByRole('radio', { name: 'Hourly', exact: true }).check();
    await F.waitForURL(/[?&]pay=HOURLY/, { timeout: WAIT });
    await sees(F.getByText('1 gig matching'));
    await F.getByLabel('Currency', { exact: true }).selectOption('EUR');
    await F.waitForURL(/[?&]cur=EUR/, { timeout: WAIT });
    await F.getByRole('radio', { name: /^€50\.00 to €99\.99 an hour \(1\)/ }).check();
    await F.waitForURL(/[?&]min=5000/, { timeout: WAIT });
    expect(new URL(F.url()).searchParams.get('max')).toBe('9999');
    await sees(F.getByRole('link', { name: `Lisbon booking app ${tag}` }));
    await sees(F.getByText('1 gig matching'));
    await expectAccessible(F, 'catalogue filtered by terms');
    await screenshot(F, 'terms-catalogue-filtered');

    // Sorting by budget needs one pay kind and one currency (amounts of others do not compare): offered, disabled, with a hint, until both are chosen.
    await F.goto(`/?q=${tag}&sort=budget-high`);
    await sees(F.getByRole('link', { name: `Remote dollar gig ${tag}` }));
    expect(await F.getByLabel('Sort').inputValue()).toBe('');
    expect(await F.locator('#catalogue-sort option[value="budget-high"]').isDisabled()).toBe(true);
    await sees(F.getByText('To sort by budget, choose fixed price or hourly and a currency below.'));
    await openFilters(F);
    await F.getByRole('radio', { name: 'Fixed price', exact: true }).check();
    await F.waitForURL(/[?&]pay=FIXED/, { timeout: WAIT });
    await F.getByLabel('Currency', { exact: true }).selectOption('USD');
    await F.waitForURL(/[?&]cur=USD/, { timeout: WAIT });
    expect(await F.locator('#catalogue-sort option[value="budget-high"]').isDisabled()).toBe(false);
    expect(await F.getByText('To sort by budget, choose fixed price or hourly and a currency below.').count()).toBe(0);
    await F.getByLabel('Sort').selectOption('budget-low');
    await F.waitForURL(/[?&]sort=budget-low/, { timeout: WAIT });
    await sees(F.getByText('1 gig matching'));
    await sees(F.getByRole('link', { name: `Remote dollar gig ${tag}` }));
    // The address keeps it: reloading sorts the same way.
    await F.reload();
    await sees(F.getByRole('link', { name: `Remote dollar gig ${tag}` }));
    expect(await F.getByLabel('Sort').inputValue()).toBe('budget-low');
    // Clearing the currency drops the budget sort from the address, and the sort shows what applies.
    await openFilters(F);
    await F.getByLabel('Currency', { exact: true }).selectOption('');
    await F.waitForURL((url) => !url.searchParams.has('sort') && !url.searchParams.has('cur'), { timeout: WAIT });
    expect(await F.getByLabel('Sort').inputValue()).toBe('');
    expect(await F.locator('#catalogue-sort option[value="budget-low"]').isDisabled()).toBe(true);
  });

  it('leaves out of a budget address what the API would refuse, and shows what is applied', async () => {
    const { page } = await signedIn(null, 'terms-bad-budget');
    const cases: Array<[address: string, currency: string, anyBudget: boolean]> = [
      ['/?cur=USD&min=5&max=1', 'USD', false],
      ['/?cur=USD&min=9999999999', 'USD', true],
      ['/?cur=USD&max=2000000000', 'USD', true],
      ['/?cur=XXX&min=100', '', true],
      ['/?cur=usd&min=100', '', true],
      ['/?min=100&max=200', '', true],
    ];
    for (const [address, currency, anyBudget] of cases) {
      await page.goto(address);
      await sees(page.locator('.results__count'));
      expect(await page.getByText('see the note beside it').count()).toBe(0);
      await openFilters(page);
      expect(await page.getByLabel('Currency', { exact: true }).inputValue()).toBe(currency);
      expect(await page.getByRole('radio', { name: 'Any budget' }).isChecked()).toBe(anyBudget);
    }
  });

  it('offers bands in dollars, euros and pounds, and a range typed in its units for another currency', async () => {
    const { page } = await signedIn(null, 'terms-yen');
    await page.goto('/?cur=GBP');
    await openFilters(page);
    await sees(page.getByRole('radio', { name: 'Any budget' }));
    await page.getByLabel('Currency', { exact: true }).selectOption('JPY');
    await page.waitForURL(/[?&]cur=JPY/, { timeout: WAIT });
    await sees(page.getByLabel('Lowest (JPY)'));
    expect(await page.getByRole('radio', { name: 'Any budget' }).count()).toBe(0);
    await page.getByLabel('Lowest (JPY)').fill('1000.5');
    await page.getByRole('button', { name: 'Apply budget' }).click();
    await sees(page.getByText('JPY amounts take no decimals.'));
    await page.getByLabel('Lowest (JPY)').fill('100,000');
    await page.getByLabel('Highest (JPY)').fill('500000');
    await page.getByRole('button', { name: 'Apply budget' }).click();
    await page.waitForURL(/[?&]min=10000000/, { timeout: WAIT });
    expect(new URL(page.url()).searchParams.get('max')).toBe('50000000');
    await sees(page.locator('.results__count'));
    expect(await page.getByLabel('Lowest (JPY)').inputValue()).toBe('100000');
    await expectAccessible(page, 'catalogue, budget range in yen');
  });

  it('wraps a long unbroken city on a phone: neither the card nor the gig page is wider than the window', async () => {
    const tag = word();
    const poster = await buildPoster(app.app);
    const city = `Llanfair${'pwllgwyngyll'.repeat(8)}`.slice(0, 100);
    const listing = await buildListing(app.app, poster.employer, poster.user, {
      title: `Long city gig ${tag}`,
      terms: { location: { kind: 'ONSITE', city, countryCode: 'GB', timeZoneWindow: null } },
    });
    const { page } = await signedIn(null, 'terms-long-city', PHONE);
    type Box = { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number } };
    // Nothing wider than the window, and no terms value or card spilling out of its own box (a page may hide the spill).
    const fits = () =>
      page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as { document: { documentElement: Box; querySelectorAll(selector: string): Box[] }; innerWidth: number };
        const boxes = [...document.querySelectorAll('.terms dd, .listing-card, .gig')];
        return boxes.length > 0 && document.documentElement.scrollWidth <= innerWidth && boxes.every((box) => box.scrollWidth <= box.clientWidth + 1 && box.getBoundingClientRect().right <= innerWidth + 1);
      });
    await page.goto(`/?q=${tag}`);
    await sees(page.getByText(city, { exact: false }));
    expect(await fits()).toBe(true);
    await page.goto(`/gigs/${toGlobalId('Listing', listing.id)}`);
    await sees(page.locator('.gig dl.terms').getByText(city, { exact: false }));
    expect(await fits()).toBe(true);
  });

  it('counts the terms filters on the phone "Filters (n)" button', async () => {
    const { page } = await signedIn(null, 'terms-phone', PHONE);
    await page.goto('/?remote=1&pay=FIXED&cur=USD');
    await sees(page.getByRole('button', { name: 'Filters (3)' }));
    await openFilters(page);
    expect(await page.getByRole('checkbox', { name: /^Remote only/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Fixed price', exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Currency', { exact: true }).inputValue()).toBe('USD');
    await expectAccessible(page, 'catalogue filters on a phone');
    // A band is part of the budget, counted once with its currency; a chosen band stays in sight with a count of 0.
    await page.goto('/?remote=1&pay=FIXED&cur=USD&min=987600&max=987699');
    await sees(page.getByRole('button', { name: 'Filters (3)' }));
    await openFilters(page);
    const chosen = page.getByRole('radio', { name: /\(0\)$/ });
    await sees(chosen);
    expect(await chosen.isChecked()).toBe(true);
    // What the API would not take is not applied, and not counted.
    await page.goto('/?pay=WEEKLY');
    await sees(page.getByRole('button', { name: 'Filters', exact: true }));
  });
});
