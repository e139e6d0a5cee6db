import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildContract, buildConversation, buildEmployer, buildListing, buildUser, FACTORY_PASSWORD, type BuiltUser } from '../server/test/factories';
import { startTestApp, type TestApp } from '../server/test/harness';
import { toGlobalId } from '../server/src/graphql/global-id';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, PHONE, screenshot, type Person, type Screen } from './browser';

/**
 * Cancelling a contract from its page, in real Chromium, as two people at two browsers (DESIGN §2,
 * "end the gig"; issue 14, Cancellation): a DRAFT cancelled by the freelancer, an ACTIVE one by
 * the poster. Each time the other party sees it CANCELLED live (no reload), the page says who
 * cancelled, when and why, the contract offers nothing more to do, and the review form appears
 * only when both had signed; axe passes on each state. The first review tells the other party
 * alone (a notification, and the form says so). Once on a desktop and once on a phone (390×844,
 * touch), as the journey. Needs the built web app (`npm run build:client`) and Debian's Chromium.
 */

const LIVE = 10_000;

const SCREENS: Array<[string, Screen]> = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

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

/** Opens the cancel form on `page`, checks a blank reason is refused beside its field, and cancels with `reason`. */
async function cancel(page: Page, reason: string): Promise<void> {
  await page.getByRole('button', { name: 'Cancel the contract…' }).click();
  await page.getByRole('button', { name: 'Cancel the contract for good' }).click();
  await sees(page.getByText('Fill this in.'));
  await page.getByLabel('Why are you cancelling?').fill(reason);
  await page.getByRole('button', { name: 'Cancel the contract for good' }).click();
}

/** What both parties' pages say of a cancelled contract: the status, who, when (a date), why; nothing left to do. */
async function showsCancelled(page: Page, who: string, reason: string): Promise<void> {
  await sees(page.getByRole('status', { name: 'Contract status: Cancelled' }));
  await sees(page.getByRole('heading', { name: 'Cancelled', level: 2 }));
  await sees(page.getByText(new RegExp(`${who} cancelled this contract on .*\\d.*It can no longer change\\.`)));
  await sees(page.getByText(`Reason: ${reason}`));
  expect(await page.getByRole('heading', { name: 'End the contract' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /Cancel the contract|Ask the poster to complete|Complete the contract|Sign version/ }).count()).toBe(0);
}

describe('cancelling a contract, end to end', () => {
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

  describe.each(SCREENS)('on a %s', (screenName, screen) => {
    let poster: Person;
    let freelancer: Person;
    let posterUser: BuiltUser;
    let freelancerUser: BuiltUser;
    let run: string;

    beforeAll(async () => {
      run = `${screenName} ${randomBytes(4).toString('hex')}`;
      posterUser = await buildUser(app.app, { displayName: 'Paula Poster', verified: true });
      freelancerUser = await buildUser(app.app, { displayName: 'Frank Freelancer', verified: true });
      poster = await openPerson(browser, app.url, `poster-cancel-${screenName}`, screen);
      freelancer = await openPerson(browser, app.url, `freelancer-cancel-${screenName}`, screen);
      await Promise.all([signIn(poster.page, posterUser), signIn(freelancer.page, freelancerUser)]);
    });

    afterAll(async () => {
      expect([...(poster?.consoleErrors ?? []), ...(freelancer?.consoleErrors ?? [])]).toEqual([]);
      await poster?.context.close();
      await freelancer?.context.close();
    });

    /** A contract between the two: ACTIVE, or a DRAFT the poster alone has signed. */
    async function contractPage(active: boolean): Promise<string> {
      const employer = await buildEmployer(app.app, posterUser.user, { name: `Spoke & Chain ${run} ${active ? 'active' : 'draft'}` });
      const listing = await buildListing(app.app, employer, posterUser.user, { title: `Bike shop API ${run} ${active ? 'active' : 'draft'}` });
      const contract = await buildContract(app.app, await buildConversation(app.app, listing, freelancerUser.user), { active });
      if (!active) await app.app.deps.services.contracts.sign(posterUser.user.id, contract.id, 1, { ip: null, userAgent: null });
      return `/contracts/${toGlobalId('Contract', contract.id)}`;
    }

    const accessible = (person: Person, state: string) => expectAccessible(person.page, `cancellation ${screenName} ${person.name.split('-')[0]}: ${state}`);

    test('the freelancer cancels a DRAFT the poster signed: the poster sees it live, with who, when and why, nothing left to sign and no review form', async () => {
      const path = await contractPage(false);
      const [P, F] = [poster.page, freelancer.page];
      await Promise.all([P.goto(path), F.goto(path)]);
      await sees(F.getByRole('status', { name: 'Contract status: Draft' }));
      await sees(P.getByRole('status', { name: 'Contract status: Draft' }));
      await sees(F.getByRole('heading', { name: 'End the contract' }));
      await sees(F.getByRole('button', { name: 'Sign version 1' }));
      await sees(P.getByText('You signed version 1. Waiting for the other party.'));

      const reason = 'We could not agree on the schedule.';
      await cancel(F, reason);
      for (const page of [F, P]) await showsCancelled(page, 'Frank Freelancer', reason);
      // Never signed by both: nothing to sign or wait for any more, no reviews, and nothing says there could be.
      expect(await P.getByText(/Waiting for the other party/).count()).toBe(0);
      expect(await F.getByText(/I have read version/).count()).toBe(0);
      for (const page of [F, P]) {
        expect(await page.getByRole('heading', { name: 'Reviews' }).count()).toBe(0);
        expect(await page.getByText(/double-blind/).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Submit review' }).count()).toBe(0);
      }
      await accessible(freelancer, 'draft cancelled');
      await accessible(poster, 'draft cancelled, seen live');
      await screenshot(P, `${screenName}-cancellation-draft-cancelled`);
    }, 120_000);

    test('the poster cancels an ACTIVE contract: the freelancer sees it live, and both get the review form (both had signed)', async () => {
      const path = await contractPage(true);
      const [P, F] = [poster.page, freelancer.page];
      await Promise.all([P.goto(path), F.goto(path)]);
      await sees(F.getByRole('status', { name: 'Contract status: Active — signed' }));
      await sees(P.getByRole('button', { name: 'Cancel the contract…' }));
      await accessible(poster, 'active contract, cancel offered');

      const reason = 'The shop closed; the work is no longer needed.';
      await P.getByRole('button', { name: 'Cancel the contract…' }).click();
      await sees(P.getByLabel('Why are you cancelling?'));
      await accessible(poster, 'cancel form open');
      await P.getByRole('button', { name: 'Cancel the contract for good' }).click();
      await sees(P.getByText('Fill this in.'));
      await accessible(poster, 'cancel form, blank reason refused');
      await P.getByLabel('Why are you cancelling?').fill(reason);
      await P.getByRole('button', { name: 'Cancel the contract for good' }).click();

      for (const page of [P, F]) await showsCancelled(page, 'Paula Poster', reason);
      // Both had signed: each may review the other, double-blind.
      await sees(P.getByRole('heading', { name: 'Review Frank Freelancer' }));
      await sees(F.getByRole('heading', { name: /^Review / }));
      for (const page of [P, F]) await sees(page.getByText(/Reviews are double-blind/));
      await accessible(poster, 'active cancelled, review form');
      await accessible(freelancer, 'active cancelled, seen live, review form');
      await screenshot(F, `${screenName}-cancellation-active-cancelled`);

      // A review after a cancellation is saved and hidden, as after a completion.
      await F.getByLabel('2 stars').check();
      await F.getByLabel('Your review').fill('Cancelled after a week of work; polite about it.');
      await F.getByRole('button', { name: 'Submit review' }).click();
      await sees(F.getByText(/Your review is saved; both appear when/));
      await accessible(freelancer, 'review after cancellation, hidden');
      await P.reload();
      await sees(P.getByRole('heading', { name: 'Review Frank Freelancer' }));
      expect(await P.getByText('Cancelled after a week of work; polite about it.').count()).toBe(0);
      // The poster, the other party, is told it exists (never what it says), on the form and in the notifications.
      await sees(P.getByText(/^Frank Freelancer has already reviewed you\. Write yours by .*\d.* and both appear together/));
      await accessible(poster, 'review form, the other party has reviewed');
      await P.goto('/notifications');
      const notice = P.getByRole('link', { name: /^Frank Freelancer has reviewed you: write yours by .*\d.* and both appear together$/ });
      await sees(notice);
      expect(await P.getByText(/polite about it|2 stars/).count()).toBe(0);
      await accessible(poster, 'notifications, review awaiting yours');
      await notice.click();
      await P.waitForURL((url) => url.pathname === path);
      await sees(P.getByRole('heading', { name: 'Review Frank Freelancer' }));
      // The freelancer, who wrote it, is told nothing of their own review.
      await F.goto('/notifications');
      // Counted once the list has loaded: the cancellation the freelancer was told of is in it.
      await sees(F.getByRole('link', { name: 'The other party cancelled the contract' }));
      expect(await F.getByText(/has reviewed you/).count()).toBe(0);
    }, 120_000);
  });
});
