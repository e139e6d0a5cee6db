import type { Browser, Locator, Page } from 'playwright-core';
import { buildUser, FACTORY_PASSWORD, type BuiltUser } from '../server/test/factories';
import { startTestApp, type TestApp } from '../server/test/harness';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, PHONE, screenshot, type Person, type Screen } from './browser';

/**
 * The profile editor's links, in real Chromium (issue 14, public profiles): the API names a bad
 * link by its place in the list it was sent (`links.1.url`), and the form shows that error beside
 * that row alone, even when a blank row before it was left out of what was sent; the focus lands
 * on the row to fix, which announces its label and its error. Needs the built web app
 * (`npm run build:client`) and Debian's Chromium.
 */

const SCREENS: Array<[string, Screen]> = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

async function sees(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

async function signIn(page: Page, user: BuiltUser): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(user.user.email);
  await page.getByLabel('Password').fill(FACTORY_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

const address = (page: Page, row: number) => page.getByLabel(`Link ${row} address`, { exact: true });

/** Fills link row `row` (1-based); each filled row brings the next, empty one. */
async function fillLink(page: Page, row: number, url: string, label: string): Promise<void> {
  await address(page, row).fill(url);
  await page.getByLabel(`Link ${row} label`, { exact: true }).fill(label);
}

/** Rows (1-based) whose address is marked invalid, the error texts in the links group, and the error each invalid address is described by. */
async function linkErrors(page: Page) {
  return page.getByRole('group', { name: /^Links/ }).evaluate((group) => {
    const invalid = [...group.querySelectorAll('input[aria-invalid="true"]')].map((input) => {
      const described = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id: string) => group.ownerDocument.getElementById(id)?.textContent ?? '');
      return { label: group.querySelector(`label[for="${input.id}"]`)?.textContent ?? '', describedBy: described.join(' ') };
    });
    return { invalid, errors: [...group.querySelectorAll('.field__error')].map((p) => p.textContent) };
  });
}

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

describe('the profile form’s links, end to end', () => {
  let app: TestApp;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    assertPrerequisites();
    app = await startTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    expect(people.flatMap((person) => person.consoleErrors)).toEqual([]);
    for (const person of people) await person.context.close();
    await browser?.close();
    await app?.stop();
  });

  test.each(SCREENS)('on a %s, a bad link in the 2nd of 3 rows shows its error beside that row alone, focused; a blank row sent as nothing moves no error', async (screenName, screen) => {
    const user = await buildUser(app.app, { displayName: `Lina Links ${screenName}`, verified: true });
    const person = await openPerson(browser, app.url, `profile-${screenName}`, screen);
    people.push(person);
    const page = person.page;
    await signIn(page, user);
    await page.goto('/profile');
    await sees(page.getByRole('heading', { name: 'Your profile' }));

    await fillLink(page, 1, 'https://github.com/lina', 'GitHub');
    await fillLink(page, 2, 'ftp://files.example.com/cv.pdf', 'CV');
    await fillLink(page, 3, 'https://lina.example.com/', 'Site');
    await page.getByRole('button', { name: 'Save profile' }).click();

    await sees(page.getByRole('alert').getByText('One field needs another look: see the note beside it.'));
    expect(await linkErrors(page)).toEqual({
      invalid: [{ label: 'Link 2 address', describedBy: expect.stringMatching(/http or https/) }],
      errors: [expect.stringMatching(/http or https/)],
    });
    expect(await isFocused(address(page, 2))).toBe(true);
    await expectAccessible(page, `profile form ${screenName}: bad link in row 2`);
    await screenshot(page, `${screenName}-profile-link-error-row-2`);

    // Row 2 emptied, row 3 bad: the API is sent two links and names `links.1`, which is row 3 on screen.
    await fillLink(page, 2, '', '');
    await fillLink(page, 3, 'mailto:lina@example.com', 'Mail');
    await page.getByRole('button', { name: 'Save profile' }).click();
    // A function, not a string: the app's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('aria-invalid') === 'true');
    expect(await linkErrors(page)).toEqual({
      invalid: [{ label: 'Link 3 address', describedBy: expect.stringMatching(/http or https/) }],
      errors: [expect.stringMatching(/http or https/)],
    });
    expect(await isFocused(address(page, 3))).toBe(true);

    // Fixed: saved, and the profile comes back with its two links.
    await fillLink(page, 3, 'https://lina.example.com/', 'Site');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await sees(page.getByRole('status').getByText('Saved.'));
    expect(await linkErrors(page)).toEqual({ invalid: [], errors: [] });
    const profile = (await app.app.deps.ds.query(`SELECT links FROM profiles WHERE user_id = $1`, [user.user.id])) as Array<{ links: unknown }>;
    expect(profile[0].links).toEqual([
      { url: 'https://github.com/lina', label: 'GitHub' },
      { url: 'https://lina.example.com/', label: 'Site' },
    ]);
  }, 120_000);
});
