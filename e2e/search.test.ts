import { randomBytes } from 'node:crypto';
import type { Browser, Locator } from 'playwright-core';
import { startTestApp, type TestApp } from '../server/test/harness';
import { buildListing, buildPoster } from '../server/test/factories';
import { assertPrerequisites, launchChromium, openPerson, screenshot, type Person } from './browser';

/**
 * Search in the web app (issue 12, item 5), in real Chromium against the built web app:
 * suggestions under the search box as an accessible combobox (arrow keys, Enter, Escape),
 * matched words highlighted as text, and "Did you mean …".
 */

const WAIT = 10_000;
const KUBERNETES = 48;

async function sees(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: WAIT });
}

function word(): string {
  return `zq${[...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}x`;
}

describe('search in the web app', () => {
  let app: TestApp;
  let browser: Browser;
  let person: Person;

  beforeAll(async () => {
    assertPrerequisites();
    app = await startTestApp();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    person = await openPerson(browser, app.url, 'searcher');
  });

  afterEach(async () => {
    if (person.consoleErrors.length) await screenshot(person.page, 'search-console-errors').catch(() => undefined);
    expect(person.consoleErrors).toEqual([]);
    await person.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('suggests as you type: arrow keys move, Escape closes, Enter filters by the technology', async () => {
    const owner = await buildPoster(app.app);
    const unique = word();
    await buildListing(app.app, owner.employer, owner.user, { title: `Cluster upgrade ${unique}`, technologyIds: [KUBERNETES] });
    const { page } = person;
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search gigs' });
    await box.fill('kub');
    const list = page.getByRole('listbox', { name: 'Suggestions' });
    await sees(list.getByRole('option', { name: /Kubernetes/ }));
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();

    await box.press('ArrowDown');
    const first = list.getByRole('option').first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    await expect(first.textContent()).resolves.toMatch(/^Kubernetes.*Technology/);

    await box.press('Escape');
    await list.waitFor({ state: 'hidden', timeout: WAIT });
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    await box.press('ArrowDown');
    await sees(list.getByRole('option', { name: /Kubernetes/ }));
    await box.press('ArrowDown');
    await box.press('Enter');
    await page.waitForURL(/[?&]tech=/, { timeout: WAIT });
    await sees(page.getByRole('link', { name: `Cluster upgrade ${unique}` }));
    expect(await page.getByRole('checkbox', { name: /Kubernetes/ }).isChecked()).toBe(true);
  });

  it('highlights the matched words as text, never as markup from the gig', async () => {
    const owner = await buildPoster(app.app);
    const unique = word();
    await buildListing(app.app, owner.employer, owner.user, {
      title: `Node.js <b>bold</b> ${unique}`,
      description: `${'Background. '.repeat(30)}We need Node.js help with ${unique} soon. ${'More text. '.repeat(30)}`,
      technologyIds: [],
    });
    const { page } = person;
    await page.goto(`/?q=${encodeURIComponent(`node ${unique}`)}`);
    const card = page.locator('.listing-card', { hasText: unique });
    await sees(card);
    const title = card.getByRole('heading');
    expect(await title.locator('mark').allTextContents()).toEqual(['Node.js', unique]);
    expect(await title.textContent()).toBe(`Node.js <b>bold</b> ${unique}`);
    expect(await title.locator('b').count()).toBe(0);
    const excerpt = card.locator('.listing-card__excerpt');
    expect(await excerpt.locator('mark').allTextContents()).toEqual(['Node.js', unique]);
    expect(await excerpt.textContent()).toMatch(/^….*We need Node\.js help with .*…$/);
  });

  it('offers "Did you mean …" for a misspelt search, and follows it', async () => {
    const owner = await buildPoster(app.app);
    const unique = word();
    await buildListing(app.app, owner.employer, owner.user, { title: `Migration of the ${unique} service` });
    const typo = unique.slice(0, 4) + unique.slice(5);
    const { page } = person;
    await page.goto(`/?q=${typo}`);
    const suggestion = page.getByRole('link', { name: unique });
    await sees(page.getByText('Did you mean'));
    await suggestion.click();
    await page.waitForURL(new RegExp(`q=${unique}`), { timeout: WAIT });
    await sees(page.getByRole('link', { name: `Migration of the ${unique} service` }));
    expect(await page.getByText('Did you mean').count()).toBe(0);
  });
});
