import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../server/test/harness';
import { checkedPages, expectAccessible } from './axe';
import { assertPrerequisites, clearScreenshots, DESKTOP, launchChromium, openPerson, PHONE, screenshot, type Person, type Screen } from './browser';

/**
 * The whole journey of DESIGN §2 in real Chromium, as two people at two browsers: a poster and a
 * freelancer; once on a desktop and once on a phone (390×844, touch). axe-core checks every page
 * against WCAG 2.2 AA on the way. Needs the built web app (`npm run build:client`) and Debian's Chromium.
 */

const LIVE = 10_000;

/** Waits until a person could see it: the way these tests assert what is on screen. */
async function sees(locator: Locator, timeout = LIVE): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** Runs one step of the journey; when it fails, says which and keeps what both people were looking at. */
function stepper(people: Person[]) {
  return async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      for (const person of people) await screenshot(person.page, `FAILED-${person.name}`).catch(() => undefined);
      const errors = people.flatMap((person) => person.consoleErrors);
      throw new Error(
        `Journey step failed: ${name}\n${error instanceof Error ? error.message : String(error)}${errors.length ? `\nConsole errors:\n${errors.join('\n')}` : ''}`,
        { cause: error },
      );
    }
  };
}

/** Waits until the element has the focus: where a keyboard or screen reader user now is. */
async function focusIsOn(locator: Locator): Promise<void> {
  type FocusWindow = { document: { activeElement: { tagName: string; textContent: string | null } | null } };
  const deadline = Date.now() + LIVE;
  // Asked afresh each time: the element the locator names may be rendered anew meanwhile.
  while (!(await locator.first().evaluate((el) => el === (globalThis as unknown as FocusWindow).document.activeElement, undefined, { timeout: LIVE }))) {
    if (Date.now() > deadline) {
      const active = await locator.page().evaluate(() => {
        const el = (globalThis as unknown as FocusWindow).document.activeElement;
        return el ? `<${el.tagName.toLowerCase()}> ${el.textContent?.slice(0, 60) ?? ''}` : 'nothing';
      });
      throw new Error(`the focus is not on ${locator.toString()} but on ${active}`);
    }
    await locator.page().waitForTimeout(50);
  }
}

/** On a phone the main links are behind the Menu button: open it first when it is there. */
async function openMenu(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
}

/** Follows a link of the main navigation, as a person on this screen would. */
async function nav(page: Page, name: string | RegExp): Promise<void> {
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

/** Sees a link in the main navigation (opening the menu on a phone, and closing it again). */
async function seesInNav(page: Page, name: string | RegExp): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  const folded = await menu.isVisible();
  if (folded) await menu.click();
  await sees(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }));
  if (folded) await menu.click();
}

/** On a phone the facets are behind the "Filters (n)" button: open them first when it is there. */
async function openFilters(page: Page): Promise<void> {
  const filters = page.getByRole('button', { name: /^Filters/ });
  if ((await filters.isVisible()) && (await filters.getAttribute('aria-expanded')) !== 'true') await filters.click();
}

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto('/');
  await openMenu(page);
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Signed up, the person lands on the catalogue with the focus on its heading, and is named in the menu.
  await focusIsOn(page.getByRole('heading', { name: 'Find a side gig', level: 1 }));
  await seesInNav(page, name);
}

/** Follows the verification link of `email`'s mail from the development mailbox page (`/dev/mailbox`). */
async function verifyThroughMailbox(page: Page, email: string): Promise<void> {
  await sees(page.getByRole('complementary', { name: /Verify your email/ }));
  await page.goto('/dev/mailbox');
  const mail = page.getByRole('article', { name: `Verify your email for TechGigs, to ${email}` });
  // The mail is written by a job a moment after the sign-up: refresh until it is listed.
  const deadline = Date.now() + 20_000;
  await page.getByRole('heading', { name: 'Mailbox', level: 1 }).waitFor();
  for (;;) {
    await page.getByText('Reading the mailbox…').waitFor({ state: 'detached' });
    if (await mail.isVisible()) break;
    if (Date.now() > deadline) throw new Error(`no verification mail to ${email} in the mailbox`);
    await page.getByRole('button', { name: 'Refresh' }).click();
  }
  await mail.getByRole('link', { name: /\/verify-email\?token=/ }).click();
  await page.getByRole('button', { name: 'Verify my email' }).click();
  await sees(page.getByText('Your email is verified. You can now publish gigs and sign contracts.'));
}

async function searchCatalogue(page: Page, words: string): Promise<void> {
  await nav(page, 'Find gigs');
  await page.getByLabel('Search gigs', { exact: true }).fill(words);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

const SCREENS: Array<[string, Screen]> = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

describe('the web app, end to end', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    assertPrerequisites();
    clearScreenshots();
    app = await startTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    console.info(`axe-core (WCAG 2.2 AA) checked ${checkedPages.length} page views:\n${checkedPages.join('\n')}`);
  });

  test.each(SCREENS)('on a %s, a poster and a freelancer walk the whole journey, each seeing the other live', async (screenName, screenSize) => {
    const started = Date.now();
    const poster = await openPerson(browser, app.url, `poster-${screenName}`, screenSize);
    const freelancer = await openPerson(browser, app.url, `freelancer-${screenName}`, screenSize);
    const phone = screenSize === PHONE;
    /** axe-core on the page as it is now: any WCAG 2.2 AA violation fails the journey. */
    const accessible = (person: Person, page: string) => expectAccessible(person.page, `${screenName} ${person.name.split('-')[0]}: ${page}`);
    const run = randomBytes(4).toString('hex');
    // A made-up word only this run's gig contains, so other tests' listings in the database never match.
    const keyword = `quokka${run}`;
    const title = `GraphQL API for a bike shop ${run}`;
    const P = poster.page;
    const F = freelancer.page;
    const step = stepper([poster, freelancer]);

    await step('both sign up; a bad field is refused beside the field, focused, saying what to do', async () => {
      await P.goto('/signup');
      await accessible(poster, 'sign up');
      await P.getByLabel('Your name').fill('Paula Poster');
      await P.getByLabel('Email').fill(`paula.${run}@example.com`);
      await P.getByLabel('Password').fill('short');
      await P.getByRole('button', { name: 'Create account' }).click();
      await sees(P.getByText('Use 10 to 200 characters.'));
      expect(await P.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      await focusIsOn(P.getByLabel('Password'));
      await sees(P.getByRole('alert').getByText('One field needs another look: see the note beside it.'));
      await accessible(poster, 'sign up with a field error');
      await Promise.all([signUp(P, 'Paula Poster', `paula.${run}@example.com`), signUp(F, 'Frank Freelancer', `frank.${run}@example.com`)]);
      expect(await P.title()).toBe('Find tech side gigs · TechGigs');
      await accessible(poster, 'catalogue, signed in');
    });

    await step('both verify their email through the mailbox page (publishing and signing need it)', async () => {
      await Promise.all([verifyThroughMailbox(P, `paula.${run}@example.com`), verifyThroughMailbox(F, `frank.${run}@example.com`)]);
      await accessible(poster, 'email verified');
    });

    await step('the freelancer finds nothing yet and saves the search for alerts', async () => {
      await searchCatalogue(F, keyword);
      await sees(F.getByText('No gigs match your search.'));
      await openFilters(F);
      await F.getByLabel('Name this search').fill('Bike shop gigs');
      await F.getByRole('button', { name: 'Save search and get alerts' }).click();
      await sees(F.getByText(/Saved as “Bike shop gigs”/));
      await accessible(freelancer, 'catalogue, no results, search saved');
      await screenshot(F, `${screenName}-catalogue-empty-saved-search`);
    });

    const employerName = `Spoke & Chain ${run}`;
    await step('the poster creates an employer and writes the gig in the wizard, the focus following each step', async () => {
      await nav(P, 'Post a gig');
      await focusIsOn(P.getByRole('heading', { name: 'Who is posting?' }));
      await accessible(poster, 'wizard: employer');
      await P.getByLabel('Employer name').fill(employerName);
      await P.getByLabel('About the employer').fill('A bicycle repair shop with an online store.');
      await screenshot(P, `${screenName}-wizard-employer`);
      await P.getByRole('button', { name: 'Create employer and continue' }).click();

      await focusIsOn(P.getByRole('heading', { name: 'The basics' }));
      await P.getByLabel('Title').fill('Bike');
      await P.getByRole('button', { name: 'Save draft and continue' }).click();
      await sees(P.getByText('Use 5 to 120 characters.'));
      await focusIsOn(P.getByLabel('Title'));
      await accessible(poster, 'wizard: basics with a field error');
      await P.getByLabel('Title').fill(title);
      await P.getByLabel('Description').fill(
        `We need a GraphQL API for our repair bookings and parts inventory (${keyword}). TypeScript on the server, PostgreSQL for storage; about three weeks of work.`,
      );
      await screenshot(P, `${screenName}-wizard-basics`);
      // Saving the basics creates the draft on the server; every later step saves it there.
      await P.getByRole('button', { name: 'Save draft and continue' }).click();

      await focusIsOn(P.getByRole('heading', { name: 'What kind of project is it?' }));
      await sees(P.getByText(/^Draft saved/));
      await accessible(poster, 'wizard: project type');
      await P.getByLabel('Software · Web · Backend', { exact: true }).check();
      await P.getByRole('button', { name: 'Save and continue' }).click();
      await focusIsOn(P.getByRole('heading', { name: 'Which technologies does it need?' }));
    });

    await step('the unfinished draft is on the server: resumed where it stopped, and review says what is missing', async () => {
      await nav(P, 'Post a gig');
      await sees(P.getByRole('heading', { name: 'Resume a draft' }));
      await accessible(poster, 'wizard: resume a draft');
      await P.getByRole('link', { name: title }).click();
      await sees(P.getByRole('heading', { name: 'Which technologies does it need?' }));

      await P.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: 'Review' }).click();
      await focusIsOn(P.getByRole('heading', { name: 'Review your gig' }));
      await sees(P.getByText('Software · Web · Backend'));
      await sees(P.getByText('Before it can be published, this draft still needs:'));
      await accessible(poster, 'wizard: review, incomplete');
      expect(await P.getByRole('button', { name: 'Continue to payment' }).isDisabled()).toBe(true);
      await P.getByRole('button', { name: '(add it)' }).first().click();

      await sees(P.getByRole('heading', { name: 'Which technologies does it need?' }));
      // The filter box narrows fifty checkboxes to the few that match.
      await P.getByLabel('Filter technologies').fill('script');
      await sees(P.getByText(/technologies match “script”/));
      expect(await P.getByRole('checkbox').count()).toBeLessThan(5);
      await P.getByLabel('TypeScript', { exact: true }).check();
      await P.getByLabel('Filter technologies').fill('postgre');
      await P.getByLabel('PostgreSQL', { exact: true }).check();
      await sees(P.getByText('2 of at most 10 chosen: TypeScript, PostgreSQL.'));
      await accessible(poster, 'wizard: technologies, filtered');
      await screenshot(P, `${screenName}-wizard-technologies`);
      await P.getByRole('button', { name: 'Save and continue' }).click();
      // Terms (issue 15): what it pays, for how long and where.
      await focusIsOn(P.getByRole('heading', { name: 'Budget, duration and place' }));
      await P.getByLabel('At least').fill('2500');
      await P.getByLabel('At most').fill('3000');
      await P.getByLabel('Weeks').fill('3');
      await P.getByLabel('Hours a week').fill('20');
      await accessible(poster, 'wizard: terms');
      await P.getByRole('button', { name: 'Save and review' }).click();
      await sees(P.getByRole('heading', { name: 'Review your gig' }));
      await sees(P.getByText('Software · Web · Backend'));
      expect(await P.getByText('Before it can be published').count()).toBe(0);
      await screenshot(P, `${screenName}-wizard-review`);
    });

    await step('the poster buys credits in test mode and publishes; the news is not repeated on reload', async () => {
      await P.getByRole('button', { name: 'Continue to payment' }).click();
      await sees(P.getByText(/has\s+0 credits/));
      await accessible(poster, 'wizard: pay and publish, no credits');
      await P.getByRole('button', { name: 'Buy 5 credits' }).click();
      await sees(P.getByRole('heading', { name: 'Test checkout' }));
      await sees(P.getByText('$125.00'));
      await accessible(poster, 'test checkout');
      await screenshot(P, `${screenName}-test-checkout`);
      await P.getByRole('button', { name: 'Confirm test payment' }).click();
      await sees(P.getByText(/has\s+5 credits/));
      await P.getByRole('button', { name: 'Publish gig (uses 1 credit)' }).click();
      await focusIsOn(P.getByRole('heading', { name: title, level: 1 }));
      await sees(P.getByText('Your gig is published: freelancers can find it in the catalogue now.'));
      await accessible(poster, 'gig page, just published');
      await screenshot(P, `${screenName}-gig-page-poster`);
      await P.reload();
      await sees(P.getByRole('heading', { name: title, level: 1 }));
      expect(await P.getByText('Your gig is published').count()).toBe(0);
    });

    await step("the freelancer's saved search rings the bell, live", async () => {
      await seesInNav(F, /^Notifications, \d+ unread$/);
    });

    await step('the freelancer searches, filters, opens the gig and comes back to the same results', async () => {
      await searchCatalogue(F, keyword);
      await sees(F.getByText(/^1 gig matching/));
      await openFilters(F);
      await F.getByRole('checkbox', { name: /^TypeScript \(\d+\)$/ }).check();
      await sees(F.getByRole('checkbox', { name: /^TypeScript \(\d+\)$/, checked: true }));
      // The Filters button (in the page at every size, shown on a phone) counts the one filter chosen.
      const filtersButton = F.locator('button[aria-controls="catalogue-filters"]');
      await filtersButton.filter({ hasText: /^Filters \(1\)$/ }).waitFor({ state: 'attached', timeout: LIVE });
      expect((await filtersButton.textContent())?.trim()).toBe('Filters (1)');
      await sees(F.getByRole('link', { name: title }));
      await accessible(freelancer, 'catalogue, searched and filtered');
      await screenshot(F, `${screenName}-catalogue-results`);
      const results = F.url();
      await F.getByRole('link', { name: title }).click();
      await focusIsOn(F.getByRole('heading', { name: title, level: 1 }));
      await accessible(freelancer, 'gig page');
      await screenshot(F, `${screenName}-gig-page`);
      await F.getByRole('link', { name: 'Back to the results' }).click();
      await sees(F.getByText(/^1 gig matching/));
      expect(F.url()).toBe(results);
      await F.getByRole('link', { name: title }).click();
      await sees(F.getByRole('heading', { name: title, level: 1 }));
    });

    const hello = `Hi Paula, I have built three GraphQL APIs in TypeScript. When would you like to start? (${run})`;
    await step('the freelancer messages the poster, who sees it arrive without reloading', async () => {
      await nav(P, /^Inbox/);
      await sees(P.getByText('No conversations yet.'));
      await accessible(poster, 'inbox, empty');
      await F.getByLabel('Message the poster').fill(hello);
      await F.getByRole('button', { name: 'Send message' }).click();
      await sees(F.getByRole('log', { name: 'Messages' }).getByText(hello));
      // The poster's inbox and badge update live.
      await sees(P.getByRole('link', { name: /Frank Freelancer/ }));
      await seesInNav(P, /^Inbox, 1 unread$/);
      await accessible(poster, 'inbox');
      await screenshot(P, `${screenName}-inbox`);
      await P.getByRole('link', { name: /Frank Freelancer/ }).click();
      await sees(P.getByRole('log', { name: 'Messages' }).getByText(hello));
      // Back on the gig, the freelancer is shown the conversation, not an empty first-message form.
      await F.goBack();
      await sees(F.getByRole('link', { name: 'Open the conversation' }));
      expect(await F.getByLabel('Message the poster').count()).toBe(0);
      await accessible(freelancer, 'gig page, already in touch');
      await F.getByRole('link', { name: 'Open the conversation' }).click();
      await sees(F.getByRole('log', { name: 'Messages' }).getByText(hello));
    });

    await step('they chat live: typing, replies and read receipts', async () => {
      await P.getByLabel('Message', { exact: true }).pressSequentially('Hello Frank', { delay: 20 });
      await sees(F.getByText('Paula Poster is typing…'));
      await P.getByLabel('Message', { exact: true }).fill('Hello Frank! Next Monday works. I will draft a contract.');
      await P.getByRole('button', { name: 'Send', exact: true }).click();
      await sees(F.getByRole('log', { name: 'Messages' }).getByText('Next Monday works'));
      await F.getByLabel('Message', { exact: true }).fill('Great, talk soon.');
      if (phone) {
        // On a touch screen Enter starts a new line; the Send button sends.
        await F.getByLabel('Message', { exact: true }).press('Enter');
        await F.getByLabel('Message', { exact: true }).pressSequentially('Frank');
        expect(await F.getByLabel('Message', { exact: true }).inputValue()).toBe('Great, talk soon.\nFrank');
        await F.getByRole('button', { name: 'Send', exact: true }).click();
      } else {
        await F.getByLabel('Message', { exact: true }).press('Enter');
      }
      await sees(P.getByRole('log', { name: 'Messages' }).getByText('Great, talk soon.'));
      // The poster has the conversation open, so the freelancer's last message reads as read.
      await sees(F.getByText(/· Read/));
      await accessible(freelancer, 'chat');
      await accessible(poster, 'chat');
      if (phone) {
        // The composer is in sight without scrolling the page.
        const box = await F.getByLabel('Message', { exact: true }).boundingBox();
        expect(box && box.y + box.height).toBeLessThanOrEqual(844);
      }
      await screenshot(F, `${screenName}-chat-freelancer`);
      await screenshot(P, `${screenName}-chat-poster`);
    });

    const sections: Array<[label: string, text: string]> = [
      ['Description of services', 'Design and build a GraphQL API for repair bookings and parts inventory.'],
      ['Deliverables', 'Source code in our repository.\nA deployed staging server.'],
      ['Project schedule', 'Start Monday; staging in two weeks; done in three weeks.'],
      ['Pricing and rates', 'Fixed price: USD 4,500.'],
      ['Payment terms and schedule', '50% at start, 50% on delivery, by bank transfer within 7 days.'],
      ['Terms and conditions', 'The code belongs to Spoke & Chain once paid. Either party may end the contract with a week of notice.'],
    ];

    await step('the poster creates the contract and fills in the six sections; the freelancer watches it change', async () => {
      await P.getByRole('button', { name: 'Create a contract' }).click();
      await focusIsOn(P.getByRole('heading', { name: `Contract: ${title}` }));
      await accessible(poster, 'contract, empty');
      for (const [label, text] of sections) await P.getByLabel(label).fill(text);
      await P.getByRole('button', { name: 'Save as version 1' }).click();
      await sees(P.getByText('Saved as version 1.'));

      // The freelancer still has the chat open: the new contract shows up there by itself.
      await F.getByRole('link', { name: 'Open the contract' }).click();
      await sees(F.getByRole('heading', { name: 'The contract, version 1' }));
      await sees(F.getByText('USD 4,500'));
      await accessible(freelancer, 'contract, version 1');

      await P.getByLabel('Deliverables').fill('Source code in our repository.\nA deployed staging server.\nAPI documentation.');
      await P.getByRole('button', { name: 'Save as version 2' }).click();
      await sees(F.getByRole('heading', { name: 'The contract, version 2' }));
      await sees(F.getByRole('heading', { name: 'Compare versions' }));
      await sees(F.locator('ins', { hasText: 'API documentation.' }));
      await accessible(freelancer, 'contract, version 2 with its changes');
      await accessible(poster, 'contract, editing version 2');
      await screenshot(F, `${screenName}-contract-diff`);
    });

    await step('both sign version 2, each seeing the other sign live, and the contract locks', async () => {
      await sees(P.getByText(/You are signing\s+version 2/));
      await P.getByLabel('I have read version 2 and agree to it').check();
      await screenshot(P, `${screenName}-contract-sign`);
      await P.getByRole('button', { name: 'Sign version 2' }).click();
      await sees(F.getByText(/Poster: Paula Poster\s*Signed version 2/));

      await F.getByLabel('I have read version 2 and agree to it').check();
      await F.getByRole('button', { name: 'Sign version 2' }).click();
      await sees(P.getByText(/Freelancer: Frank Freelancer\s*Signed version 2/));
      for (const page of [P, F]) {
        await sees(page.getByRole('heading', { name: 'Final and signed by both parties' }));
        await sees(page.getByRole('status', { name: 'Contract status: Active — signed' }));
      }
      expect(await P.getByRole('button', { name: /Save as version/ }).count()).toBe(0);
      await accessible(freelancer, 'contract, signed by both');
      await screenshot(F, `${screenName}-contract-final`);
      await F.emulateMedia({ media: 'print' });
      await screenshot(F, `${screenName}-contract-print`);
      await F.emulateMedia({ media: 'screen' });
    });

    await step('the freelancer submits a change order and the poster accepts it; both see the totals', async () => {
      await F.getByLabel('What changes and why').fill('Add an admin dashboard for the parts inventory.');
      await F.getByLabel('Price change (USD)').fill('750');
      await F.getByLabel('Schedule change (days)').fill('5');
      await F.getByRole('button', { name: 'Submit change order' }).click();
      await sees(F.getByRole('article', { name: 'Change order 1' }).getByText('Awaiting the poster'));

      await sees(P.getByRole('article', { name: 'Change order 1' }));
      await accessible(poster, 'contract, a change order to decide');
      await P.getByRole('button', { name: 'Accept change order 1' }).click();
      for (const page of [P, F]) {
        const totals = page.getByRole('status', { name: 'Running totals' });
        await sees(totals.getByText('+$750.00'));
        await sees(totals.getByText('+5 days'));
        await sees(page.getByRole('article', { name: 'Change order 1' }).getByText('Accepted'));
      }
      await screenshot(P, `${screenName}-change-orders`);
    });

    await step('the freelancer proposes one more change and asks for completion; the poster sends it back, and the freelancer reads why', async () => {
      await F.getByLabel('What changes and why').fill('Add a CSV export of the inventory.');
      await F.getByLabel('Price change (USD)').fill('100');
      await F.getByRole('button', { name: 'Submit change order' }).click();
      await sees(P.getByRole('article', { name: 'Change order 2' }).getByText('Awaiting the poster'));

      await F.getByLabel('What did you deliver?').fill('The API and the admin dashboard are live on staging, documented.');
      await F.getByRole('button', { name: 'Ask the poster to complete' }).click();
      await sees(F.getByText(/You asked the poster to complete the contract on/));
      await sees(P.getByText('The freelancer asked you to complete the contract'));
      await sees(P.getByText('Delivered: The API and the admin dashboard are live on staging, documented.'));
      await accessible(poster, 'contract, completion requested');

      await P.getByRole('button', { name: 'Send back to work…' }).click();
      await P.getByLabel('What is still missing?').fill('The <b>inventory</b> endpoints are not documented yet.');
      await P.getByRole('button', { name: 'Send back to work', exact: true }).click();
      const sentBack = F.getByRole('status', { name: 'Completion sent back' });
      await sees(sentBack.getByText(/Your completion request was sent back to work/));
      // The reason reads as the poster typed it: text, never markup.
      await sees(sentBack.getByText('The <b>inventory</b> endpoints are not documented yet.'));
      await accessible(freelancer, 'contract, completion sent back');
      await screenshot(F, `${screenName}-completion-sent-back`);
    });

    await step('the freelancer asks again; the poster completes, confirming what completion withdraws', async () => {
      await F.getByLabel('What did you deliver?').fill('Inventory endpoints documented too.');
      await F.getByRole('button', { name: 'Ask the poster to complete' }).click();
      await sees(P.getByText('Delivered: Inventory endpoints documented too.'));

      await P.getByRole('button', { name: 'Complete the contract…' }).click();
      // One click is not enough for something final: the poster reads what it does first.
      await sees(P.getByText(/Complete the contract for good\? It can never change again/));
      await sees(P.getByText('The 1 proposed change order will be withdrawn.'));
      expect(await P.getByRole('heading', { name: 'Completed' }).count()).toBe(0);
      await accessible(poster, 'contract, confirming completion');
      await screenshot(P, `${screenName}-completion-confirm`);
      await P.getByRole('button', { name: 'Complete the contract for good' }).click();
      for (const page of [P, F]) {
        await sees(page.getByRole('status', { name: 'Contract status: Completed' }));
        await sees(page.getByRole('heading', { name: 'Completed' }));
        await sees(page.getByRole('article', { name: 'Change order 2' }).getByText('Withdrawn'));
      }
    });

    await step('both review each other (double-blind), both reviews appear, and the ratings show on the profile and the gig', async () => {
      await sees(F.getByText(/Reviews are double-blind/));
      await F.getByLabel('5 stars').check();
      await F.getByLabel('Your review').fill(`Clear brief, quick answers, paid on time. (${run})`);
      await F.getByRole('button', { name: 'Submit review' }).click();
      await sees(F.getByText(/Your review is saved; both appear when/));
      await accessible(freelancer, 'contract, review saved and hidden');

      await P.reload();
      await sees(P.getByRole('heading', { name: 'Review Frank Freelancer' }));
      await sees(P.getByText(/^Frank Freelancer has already reviewed you\. Write yours by/));
      expect(await P.getByText(`Clear brief, quick answers, paid on time. (${run})`).count()).toBe(0);
      await P.getByLabel('4 stars').check();
      await P.getByLabel('Your review').fill(`Solid work; the documentation came a little late. (${run})`);
      await P.getByRole('button', { name: 'Submit review' }).click();
      for (const page of [P, F]) {
        await sees(page.getByText(`Clear brief, quick answers, paid on time. (${run})`));
        await sees(page.getByText(`Solid work; the documentation came a little late. (${run})`));
      }
      await accessible(poster, 'contract, both reviews published');
      await screenshot(P, `${screenName}-reviews-published`);

      await P.getByRole('link', { name: 'Frank Freelancer' }).first().click();
      await sees(P.getByRole('heading', { name: 'Frank Freelancer', level: 1 }));
      await sees(P.getByLabel('Rated 4.0 out of 5 from 1 review'));
      await sees(P.getByText(/1 completed contract/));
      await accessible(poster, 'freelancer profile with a review');
      await screenshot(P, `${screenName}-freelancer-profile`);

      await searchCatalogue(F, keyword);
      await F.getByRole('link', { name: title }).first().click();
      await sees(F.getByRole('heading', { name: title, level: 1 }));
      await sees(F.getByLabel('Rated 5.0 out of 5 from 1 review'));
      await accessible(freelancer, 'gig with its employer rated');
      await screenshot(F, `${screenName}-gig-rated`);
    });

    await step('notifications and the other main pages read well', async () => {
      await nav(F, /^Notifications/);
      await focusIsOn(F.getByRole('heading', { name: 'Notifications' }));
      await sees(F.getByText(/New gig for your saved search/));
      await accessible(freelancer, 'notifications');
      await screenshot(F, `${screenName}-notifications`);
      await F.getByRole('link', { name: 'Saved searches and alerts' }).click();
      await sees(F.getByRole('link', { name: 'Bike shop gigs' }));
      await accessible(freelancer, 'saved searches');
      await screenshot(F, `${screenName}-saved-searches`);

      await nav(P, 'Contracts');
      await sees(P.getByRole('cell', { name: 'Completed' }));
      await accessible(poster, 'contracts');
      await screenshot(P, `${screenName}-contracts`);
      await nav(P, 'Paula Poster');
      await focusIsOn(P.getByRole('heading', { name: 'Your profile' }));
      await accessible(poster, 'profile');
      await screenshot(P, `${screenName}-profile`);
      await P.getByRole('link', { name: employerName }).click();
      await sees(P.getByRole('heading', { name: employerName, level: 1 }));
      await accessible(poster, 'employer');
      await P.getByRole('link', { name: 'Buy credits and see the ledger' }).click();
      await sees(P.getByRole('heading', { name: 'Ledger' }));
      await sees(P.getByRole('cell', { name: title }));
      await accessible(poster, 'credits and ledger');
      await screenshot(P, `${screenName}-credits-ledger`);

      await searchCatalogue(F, keyword);
      await sees(F.getByRole('link', { name: title }));
      await screenshot(F, `${screenName}-catalogue`);
    });

    await step('the poster signs out', async () => {
      await openMenu(P);
      await P.getByRole('button', { name: 'Sign out' }).click();
      await seesInNav(P, 'Sign in');
      await accessible(poster, 'catalogue, signed out');
    });

    expect([...poster.consoleErrors, ...freelancer.consoleErrors]).toEqual([]);
    await poster.context.close();
    await freelancer.context.close();
    console.info(`journey on a ${screenName} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
});
