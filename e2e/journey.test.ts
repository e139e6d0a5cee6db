import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../server/test/harness';
import { assertPrerequisites, clearScreenshots, launchChromium, openPerson, screenshot, type Person } from './browser';

/**
 * The whole journey of DESIGN §2 in real Chromium, as two people at two browsers: a poster and a
 * freelancer. Needs the built web app (`npm run build:client`) and Debian's Chromium.
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

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await sees(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }));
}

async function searchCatalogue(page: Page, words: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find gigs' }).click();
  await page.getByRole('searchbox', { name: 'Search gigs' }).fill(words);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

describe('the web app, end to end', () => {
  let app: TestApp;
  let browser: Browser;
  let poster: Person;
  let freelancer: Person;

  beforeAll(async () => {
    assertPrerequisites();
    clearScreenshots();
    app = await startTestApp();
    browser = await launchChromium();
    poster = await openPerson(browser, app.url, 'poster');
    freelancer = await openPerson(browser, app.url, 'freelancer');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('a poster and a freelancer walk the whole journey, each seeing the other live', async () => {
    const started = Date.now();
    const run = randomBytes(4).toString('hex');
    // A made-up word only this run's gig contains, so other tests' listings in the database never match.
    const keyword = `quokka${run}`;
    const title = `GraphQL API for a bike shop ${run}`;
    const P = poster.page;
    const F = freelancer.page;
    const step = stepper([poster, freelancer]);

    await step('both sign up; a bad field is refused beside the field', async () => {
      await P.goto('/signup');
      await P.getByLabel('Your name').fill('Paula Poster');
      await P.getByLabel('Email').fill(`paula.${run}@example.com`);
      await P.getByLabel('Password').fill('short');
      await P.getByRole('button', { name: 'Create account' }).click();
      await sees(P.getByText('must be 10 to 200 characters'));
      expect(await P.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      await Promise.all([signUp(P, 'Paula Poster', `paula.${run}@example.com`), signUp(F, 'Frank Freelancer', `frank.${run}@example.com`)]);
      expect(await P.title()).toBe('Find tech side gigs · TechGigs');
    });

    await step('the freelancer finds nothing yet and saves the search for alerts', async () => {
      await searchCatalogue(F, keyword);
      await sees(F.getByText('No gigs match your search.'));
      await F.getByLabel('Name this search').fill('Bike shop gigs');
      await F.getByRole('button', { name: 'Save search and get alerts' }).click();
      await sees(F.getByText(/Saved as “Bike shop gigs”/));
      await screenshot(F, 'catalogue-empty-saved-search');
    });

    const employerName = `Spoke & Chain ${run}`;
    await step('the poster creates an employer and writes the gig in the wizard', async () => {
      await P.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a gig' }).click();
      await sees(P.getByRole('heading', { name: 'Who is posting?' }));
      await P.getByLabel('Employer name').fill(employerName);
      await P.getByLabel('About the employer').fill('A bicycle repair shop with an online store.');
      await screenshot(P, 'wizard-employer');
      await P.getByRole('button', { name: 'Create employer and continue' }).click();

      await sees(P.getByRole('heading', { name: 'The basics' }));
      await P.getByLabel('Title').fill('Bike');
      await P.getByRole('button', { name: 'Save draft and continue' }).click();
      await sees(P.getByText('must be 5 to 120 characters'));
      await P.getByLabel('Title').fill(title);
      await P.getByLabel('Description').fill(
        `We need a GraphQL API for our repair bookings and parts inventory (${keyword}). TypeScript on the server, PostgreSQL for storage; about three weeks of work.`,
      );
      await screenshot(P, 'wizard-basics');
      // Saving the basics creates the draft on the server; every later step saves it there.
      await P.getByRole('button', { name: 'Save draft and continue' }).click();

      await sees(P.getByRole('heading', { name: 'What kind of project is it?' }));
      await sees(P.getByText(/^Draft saved/));
      await P.getByLabel('Software · Web · Backend', { exact: true }).check();
      await P.getByRole('button', { name: 'Save and continue' }).click();
      await sees(P.getByRole('heading', { name: 'Which technologies does it need?' }));
    });

    await step('the unfinished draft is on the server: resumed where it stopped, and review says what is missing', async () => {
      await P.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a gig' }).click();
      await sees(P.getByRole('heading', { name: 'Resume a draft' }));
      await P.getByRole('link', { name: title }).click();
      await sees(P.getByRole('heading', { name: 'Which technologies does it need?' }));

      await P.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: 'Review' }).click();
      await sees(P.getByRole('heading', { name: 'Review your gig' }));
      await sees(P.getByText('Software · Web · Backend'));
      await sees(P.getByText('Before it can be published, this draft still needs:'));
      expect(await P.getByRole('button', { name: 'Continue to payment' }).isDisabled()).toBe(true);
      await P.getByRole('button', { name: '(add it)' }).click();

      await sees(P.getByRole('heading', { name: 'Which technologies does it need?' }));
      await P.getByLabel('TypeScript', { exact: true }).check();
      await P.getByLabel('PostgreSQL', { exact: true }).check();
      await screenshot(P, 'wizard-technologies');
      await P.getByRole('button', { name: 'Save and review' }).click();
      await sees(P.getByRole('heading', { name: 'Review your gig' }));
      await sees(P.getByText('Software · Web · Backend'));
      expect(await P.getByText('Before it can be published').count()).toBe(0);
      await screenshot(P, 'wizard-review');
    });

    await step('the poster buys credits in test mode and publishes', async () => {
      await P.getByRole('button', { name: 'Continue to payment' }).click();
      await sees(P.getByText(/has\s+0 credits/));
      await P.getByRole('button', { name: 'Buy 5 credits' }).click();
      await sees(P.getByRole('heading', { name: 'Test checkout' }));
      await sees(P.getByText('$125.00'));
      await screenshot(P, 'test-checkout');
      await P.getByRole('button', { name: 'Confirm test payment' }).click();
      await sees(P.getByText(/has\s+5 credits/));
      await P.getByRole('button', { name: 'Publish gig (uses 1 credit)' }).click();
      await sees(P.getByRole('heading', { name: title, level: 1 }));
      await screenshot(P, 'gig-page-poster');
    });

    await step("the freelancer's saved search rings the bell, live", async () => {
      await sees(F.getByRole('link', { name: /^Notifications, \d+ unread$/ }));
    });

    await step('the freelancer searches, filters and opens the gig', async () => {
      await searchCatalogue(F, keyword);
      await sees(F.getByText(/^1 gig matching/));
      await F.getByRole('checkbox', { name: /^TypeScript \(\d+\)$/ }).check();
      await sees(F.getByRole('checkbox', { name: /^TypeScript \(\d+\)$/, checked: true }));
      await sees(F.getByRole('link', { name: title }));
      await screenshot(F, 'catalogue-results');
      await F.getByRole('link', { name: title }).click();
      await sees(F.getByRole('heading', { name: title, level: 1 }));
      await screenshot(F, 'gig-page');
    });

    const hello = `Hi Paula, I have built three GraphQL APIs in TypeScript. When would you like to start? (${run})`;
    await step('the freelancer messages the poster, who sees it arrive without reloading', async () => {
      await P.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
      await sees(P.getByText('No conversations yet.'));
      await F.getByLabel('Message the poster').fill(hello);
      await F.getByRole('button', { name: 'Send message' }).click();
      await sees(F.getByRole('log', { name: 'Messages' }).getByText(hello));
      // The poster's inbox and badge update live.
      await sees(P.getByRole('link', { name: /Frank Freelancer/ }));
      await sees(P.getByRole('link', { name: /^Inbox, 1 unread$/ }));
      await screenshot(P, 'inbox');
      await P.getByRole('link', { name: /Frank Freelancer/ }).click();
      await sees(P.getByRole('log', { name: 'Messages' }).getByText(hello));
    });

    await step('they chat live: typing, replies and read receipts', async () => {
      await P.getByLabel('Message', { exact: true }).pressSequentially('Hello Frank', { delay: 20 });
      await sees(F.getByText('Paula Poster is typing…'));
      await P.getByLabel('Message', { exact: true }).fill('Hello Frank! Next Monday works. I will draft a contract.');
      await P.getByRole('button', { name: 'Send', exact: true }).click();
      await sees(F.getByRole('log', { name: 'Messages' }).getByText('Next Monday works'));
      await F.getByLabel('Message', { exact: true }).fill('Great, talk soon.');
      await F.getByLabel('Message', { exact: true }).press('Enter');
      await sees(P.getByRole('log', { name: 'Messages' }).getByText('Great, talk soon.'));
      // The poster has the conversation open, so the freelancer's last message reads as read.
      await sees(F.getByText(/· Read/));
      await screenshot(F, 'chat-freelancer');
      await screenshot(P, 'chat-poster');
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
      await sees(P.getByRole('heading', { name: `Contract: ${title}` }));
      for (const [label, text] of sections) await P.getByLabel(label).fill(text);
      await P.getByRole('button', { name: 'Save as version 1' }).click();
      await sees(P.getByText('Saved as version 1.'));

      // The freelancer still has the chat open: the new contract shows up there by itself.
      await F.getByRole('link', { name: 'Open the contract' }).click();
      await sees(F.getByRole('heading', { name: 'The contract, version 1' }));
      await sees(F.getByText('USD 4,500'));

      await P.getByLabel('Deliverables').fill('Source code in our repository.\nA deployed staging server.\nAPI documentation.');
      await P.getByRole('button', { name: 'Save as version 2' }).click();
      await sees(F.getByRole('heading', { name: 'The contract, version 2' }));
      await sees(F.getByRole('heading', { name: 'Compare versions' }));
      await sees(F.locator('ins', { hasText: 'API documentation.' }));
      await screenshot(F, 'contract-diff');
    });

    await step('both sign version 2, each seeing the other sign live, and the contract locks', async () => {
      await sees(P.getByText(/You are signing\s+version 2/));
      await P.getByLabel('I have read version 2 and agree to it').check();
      await screenshot(P, 'contract-sign');
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
      await screenshot(F, 'contract-final');
      await F.emulateMedia({ media: 'print' });
      await screenshot(F, 'contract-print');
      await F.emulateMedia({ media: 'screen' });
    });

    await step('the freelancer submits a change order and the poster accepts it; both see the totals', async () => {
      await F.getByLabel('What changes and why').fill('Add an admin dashboard for the parts inventory.');
      await F.getByLabel('Price change (USD)').fill('750');
      await F.getByLabel('Schedule change (days)').fill('5');
      await F.getByRole('button', { name: 'Submit change order' }).click();
      await sees(F.getByRole('article', { name: 'Change order 1' }).getByText('Awaiting the poster'));

      await sees(P.getByRole('article', { name: 'Change order 1' }));
      await P.getByRole('button', { name: 'Accept change order 1' }).click();
      for (const page of [P, F]) {
        const totals = page.getByRole('status', { name: 'Running totals' });
        await sees(totals.getByText('+$750.00'));
        await sees(totals.getByText('+5 days'));
        await sees(page.getByRole('article', { name: 'Change order 1' }).getByText('Accepted'));
      }
      await screenshot(P, 'change-orders');
    });

    await step('notifications and the other main pages read well', async () => {
      await F.getByRole('link', { name: /^Notifications/ }).click();
      await sees(F.getByRole('heading', { name: 'Notifications' }));
      await sees(F.getByText(/New gig for your saved search/));
      await screenshot(F, 'notifications');
      await F.getByRole('link', { name: 'Saved searches and alerts' }).click();
      await sees(F.getByRole('link', { name: 'Bike shop gigs' }));
      await screenshot(F, 'saved-searches');

      await P.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
      await sees(P.getByRole('cell', { name: 'Active — signed' }));
      await screenshot(P, 'contracts');
      await P.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Paula Poster' }).click();
      await sees(P.getByRole('heading', { name: 'Your profile' }));
      await screenshot(P, 'profile');
      await P.getByRole('link', { name: employerName }).click();
      await sees(P.getByRole('heading', { name: employerName, level: 1 }));
      await P.getByRole('link', { name: 'Buy credits and see the ledger' }).click();
      await sees(P.getByRole('heading', { name: 'Ledger' }));
      await sees(P.getByRole('cell', { name: title }));
      await screenshot(P, 'credits-ledger');

      await F.setViewportSize({ width: 390, height: 844 });
      await searchCatalogue(F, keyword);
      await sees(F.getByRole('link', { name: title }));
      await screenshot(F, 'catalogue-phone');
    });

    await step('the poster signs out', async () => {
      await P.getByRole('button', { name: 'Sign out' }).click();
      await sees(P.getByRole('link', { name: 'Sign in' }));
    });

    expect([...poster.consoleErrors, ...freelancer.consoleErrors]).toEqual([]);
    console.info(`journey took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 240_000);
});
