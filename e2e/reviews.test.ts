import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildContract, buildConversation, buildEmployer, buildListing, buildUser, FACTORY_PASSWORD, type BuiltUser } from '../server/test/factories';
import { startTestApp, type TestApp } from '../server/test/harness';
import { toGlobalId } from '../server/src/graphql/global-id';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, PHONE, screenshot, type Person, type Screen } from './browser';

/**
 * The end of the journey (DESIGN §2, "end the gig"), in real Chromium: the browser journey
 * (`journey.test.ts`) takes a gig up to an active contract with change orders; this one starts from
 * such a contract, made through the contract rules, and ends it as two people at two browsers: the
 * freelancer asks for completion, the poster sends it back once and then completes it, both review
 * each other double-blind, the poster replies, and the reputations show on the profile and the gig.
 * Needs the built web app (`npm run build:client`) and Debian's Chromium.
 */

const LIVE = 10_000;

async function sees(locator: Locator, timeout = LIVE): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

async function signIn(page: Page, user: BuiltUser): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(user.user.email);
  await page.getByLabel('Password').fill(FACTORY_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

describe('ending a contract and reviewing, end to end', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    assertPrerequisites();
    app = await startTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const SCREENS: Array<[string, Screen]> = [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ];

  test.each(SCREENS)('on a %s, a freelancer asks, the poster completes, both review double-blind, and the ratings appear on the profile and the gig', async (screenName, screenSize) => {
    const run = randomBytes(4).toString('hex');
    const posterUser = await buildUser(app.app, { displayName: 'Paula Poster' });
    const freelancerUser = await buildUser(app.app, { displayName: 'Frank Freelancer' });
    const employer = await buildEmployer(app.app, posterUser.user, { name: `Spoke & Chain ${run}` });
    const title = `GraphQL API for a bike shop ${run}`;
    const listing = await buildListing(app.app, employer, posterUser.user, { title });
    const contract = await buildContract(app.app, await buildConversation(app.app, listing, freelancerUser.user), { active: true });
    const contractPath = `/contracts/${toGlobalId('Contract', contract.id)}`;

    const poster = await openPerson(browser, app.url, `poster-${screenName}`, screenSize);
    const freelancer = await openPerson(browser, app.url, `freelancer-${screenName}`, screenSize);
    const P = poster.page;
    const F = freelancer.page;
    const accessible = (person: Person, page: string) => expectAccessible(person.page, `reviews ${screenName} ${person.name.split('-')[0]}: ${page}`);
    await Promise.all([signIn(P, posterUser), signIn(F, freelancerUser)]);

    // The freelancer picks skills from the taxonomy in the profile editor.
    await F.goto('/profile');
    await sees(F.getByRole('heading', { name: 'Your profile' }));
    await F.getByLabel('Headline').fill('GraphQL and TypeScript on the server');
    await F.getByLabel('Filter technologies').fill('script');
    await F.getByLabel('TypeScript', { exact: true }).check();
    await F.getByLabel('Filter technologies').fill('postgre');
    await F.getByLabel('PostgreSQL', { exact: true }).check();
    await sees(F.getByText('2 of at most 20 chosen: TypeScript, PostgreSQL.'));
    await F.getByLabel('Link 1 address').fill('javascript:alert(1)');
    await F.getByRole('button', { name: 'Save profile' }).click();
    await sees(F.getByText(/http or https/));
    await F.getByLabel('Link 1 address').fill('https://github.com/frank');
    await F.getByLabel('Link 1 label').fill('GitHub');
    await F.getByLabel('Hourly rate').fill('85');
    await F.getByRole('button', { name: 'Save profile' }).click();
    await sees(F.getByRole('status').getByText('Saved.'));
    await accessible(freelancer, 'profile editor with skills');

    await Promise.all([P.goto(contractPath), F.goto(contractPath)]);
    await sees(F.getByRole('heading', { name: 'End the contract' }));
    await sees(P.getByText(/Freelancer: Frank Freelancer/));
    await accessible(freelancer, 'active contract, end section');

    // Asked, sent back with what is missing, asked again, completed: each seen live by the other.
    await F.getByLabel('What did you deliver?').fill('The API is deployed to staging with its documentation.');
    await F.getByRole('button', { name: 'Ask the poster to complete' }).click();
    await sees(P.getByText('The freelancer asked you to complete the contract'));
    await sees(P.getByText('Delivered: The API is deployed to staging with its documentation.'));
    await accessible(poster, 'contract, completion requested');
    await P.getByRole('button', { name: 'Send back to work…' }).click();
    await P.getByLabel('What is still missing?').fill('The inventory endpoints are not documented yet.');
    await P.getByRole('button', { name: 'Send back to work' }).click();
    await sees(F.getByRole('button', { name: 'Ask the poster to complete' }));
    await F.getByLabel('What did you deliver?').fill('Inventory endpoints documented too.');
    await F.getByRole('button', { name: 'Ask the poster to complete' }).click();
    await sees(P.getByText('Delivered: Inventory endpoints documented too.'));
    await P.getByRole('button', { name: 'Complete the contract…' }).click();
    await P.getByRole('button', { name: 'Complete the contract for good' }).click();
    for (const page of [P, F]) {
      await sees(page.getByRole('status', { name: 'Contract status: Completed' }));
      await sees(page.getByRole('heading', { name: 'Completed' }));
    }
    await screenshot(F, `${screenName}-reviews-contract-completed`);

    // Double-blind: the freelancer's review is saved but the poster cannot read it yet.
    await sees(F.getByText(/Reviews are double-blind/));
    await accessible(freelancer, 'completed contract, review form');
    await F.getByRole('button', { name: 'Submit review' }).click();
    await sees(F.getByText('Choose from 1 to 5 stars.'));
    await F.getByLabel('5 stars').check();
    await F.getByLabel('Your review').fill('Clear brief, quick answers, paid on time.');
    await F.getByRole('button', { name: 'Submit review' }).click();
    await sees(F.getByText(/Your review is saved; both appear when/));
    await accessible(freelancer, 'review saved, hidden');
    await screenshot(F, `${screenName}-reviews-saved-hidden`);
    await P.reload();
    await sees(P.getByRole('heading', { name: 'Review Frank Freelancer' }));
    expect(await P.getByText('Clear brief, quick answers, paid on time.').count()).toBe(0);

    // The poster reviews too: both appear, to both.
    await P.getByLabel('4 stars').check();
    await P.getByLabel('Your review').fill('Solid work; documentation came a little late.');
    await P.getByRole('button', { name: 'Submit review' }).click();
    await sees(P.getByText('Clear brief, quick answers, paid on time.'));
    await F.reload();
    await sees(F.getByText('Solid work; documentation came a little late.'));
    await sees(F.getByText('Clear brief, quick answers, paid on time.'));

    // The reviewee may reply once, in public.
    await F.getByLabel('Your public reply (once; it cannot be changed)').fill('Thanks Paula, it was a pleasure.');
    await F.getByRole('button', { name: 'Post reply' }).click();
    await sees(F.getByText('Thanks Paula, it was a pleasure.'));
    expect(await F.getByRole('button', { name: 'Post reply' }).count()).toBe(0);
    await accessible(freelancer, 'contract, both reviews published');
    await screenshot(P, `${screenName}-reviews-published`);

    // Reputations: the freelancer's public profile, and the employer beside the gig.
    await P.getByRole('link', { name: 'Frank Freelancer' }).first().click();
    await sees(P.getByRole('heading', { name: 'Frank Freelancer', level: 1 }));
    await sees(P.getByLabel('Rated 4.0 out of 5 from 1 review'));
    await sees(P.getByText('GraphQL and TypeScript on the server'));
    await sees(P.getByRole('list', { name: 'Skills' }).getByText('TypeScript'));
    await sees(P.getByRole('link', { name: 'GitHub' }));
    await sees(P.getByText('$85.00 per hour'));
    await sees(P.getByText('Thanks Paula, it was a pleasure.'));
    expect(await P.getByText(freelancerUser.user.email).count()).toBe(0);
    await accessible(poster, 'freelancer public profile');
    await screenshot(P, `${screenName}-reviews-freelancer-profile`);

    await F.goto(`/gigs/${toGlobalId('Listing', listing.id)}`);
    await sees(F.getByRole('heading', { name: title, level: 1 }));
    await F.getByRole('link', { name: 'Rated 5.0 out of 5 from 1 review' }).click();
    await sees(F.getByRole('heading', { name: `Reviews of Spoke & Chain ${run}` }));
    await sees(F.getByText('Clear brief, quick answers, paid on time.'));
    await accessible(freelancer, 'employer reviews');
    await screenshot(F, `${screenName}-reviews-employer`);

    expect([...poster.consoleErrors, ...freelancer.consoleErrors]).toEqual([]);
    await poster.context.close();
    await freelancer.context.close();
  }, 240_000);
});
