import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { toGlobalId } from '../server/src/graphql/global-id';
import { buildChangeOrder, buildContract, buildConversation, buildCredits, buildEmployer, buildListing, buildPoster, buildSavedSearch, buildUser, FACTORY_PASSWORD, type BuiltPoster, type BuiltUser } from '../server/test/factories';
import { databaseUrl, templateDatabase, withAdminClient } from '../server/test/databases';
import { liveRegistrySizes } from '../server/src/graphql/subscriptions';
import { startTestApp, type TestApp } from '../server/test/harness';
import { eventually } from '../server/test/live';
import { TYPESCRIPT } from '../server/test/ids';
import { expectAccessible } from './axe';
import { assertPrerequisites, DESKTOP, launchChromium, openPerson, PHONE, type Person, type Screen } from './browser';

/**
 * The web app's behaviours of issue 13, one test each, in real Chromium against the real server:
 * the chat's scroll position and kept draft, focus after navigation and "Load more", the error
 * sentences, Not found pages, facets at zero results, whose turn it is. Needs `npm run build:client`.
 */

const LIVE = 10_000;

async function sees(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: LIVE });
}

type FocusWindow = { document: { activeElement: unknown } };

async function focusIsOn(locator: Locator): Promise<void> {
  const deadline = Date.now() + LIVE;
  while (!(await locator.first().evaluate((el) => el === (globalThis as unknown as FocusWindow).document.activeElement, undefined, { timeout: LIVE }))) {
    if (Date.now() > deadline) throw new Error(`the focus is not on ${locator.toString()}`);
    await locator.page().waitForTimeout(50);
  }
}

type DomWindow = {
  document: { activeElement: { tagName: string; textContent: string } | null; body: unknown };
  history: { pushState(state: unknown, title: string, url: string): void };
  dispatchEvent(event: unknown): void;
  PopStateEvent: new (type: string) => unknown;
};

/** Moves within the web app as its links do (no page load): the history entry, then the router hears of it. */
/** What the page sends over its graphql-ws socket, parsed (`subscribe` messages carry the operation). */
function socketMessage(message: string | Buffer): { id?: string; type?: string; payload?: { operationName?: string; variables?: Record<string, unknown> } } {
  try {
    return JSON.parse(message.toString()) as ReturnType<typeof socketMessage>;
  } catch {
    return {};
  }
}

/**
 * The page's sockets through a route that passes every message on, but each `SendMessage` (the chat
 * sends over the socket while it is live) only once `hold` resolves; others do not wait for it.
 * Resolves `acknowledged` once the server has acknowledged a socket (the page's socket is then live).
 */
async function holdingSends(page: Page, hold: () => Promise<void>): Promise<{ acknowledged: Promise<void> }> {
  let acknowledge: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => (acknowledge = resolve));
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage(async (message) => {
      const sent = socketMessage(message);
      if (sent.type === 'subscribe' && sent.payload?.operationName === 'SendMessage') await hold();
      server.send(message);
    });
    server.onMessage((message) => {
      ws.send(message);
      if (socketMessage(message).type === 'connection_ack') setTimeout(acknowledge, 100);
    });
  });
  return { acknowledged };
}

async function navigateInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    const w = globalThis as unknown as DomWindow;
    w.history.pushState({}, '', to);
    w.dispatchEvent(new w.PopStateEvent('popstate'));
  }, path);
}

/** Waits until the focus is on a heading (h1 or h2), never the page's body, and says which. */
async function focusedHeading(page: Page, where: string): Promise<string> {
  const deadline = Date.now() + LIVE;
  for (;;) {
    const focused = await page.evaluate(() => {
      const { document } = globalThis as unknown as DomWindow;
      const active = document.activeElement;
      return active && active !== document.body ? { tag: active.tagName, text: active.textContent.trim() } : null;
    });
    if (focused && /^H[12]$/.test(focused.tag)) return focused.text;
    if (Date.now() > deadline) throw new Error(`after ${where} the focus is on ${focused ? `<${focused.tag.toLowerCase()}> “${focused.text}”` : '<body>'}, not on a heading`);
    await page.waitForTimeout(50);
  }
}

/** How far the chat's log is from showing its last message, in pixels (0: at the newest). */
/** How many elements match `selector` once that is `expected` (or, after LIVE ms, however many there are then). */
async function settledCount(page: Page, selector: string, expected: number): Promise<number> {
  const deadline = Date.now() + LIVE;
  for (;;) {
    const count = await page.locator(selector).count();
    if (count === expected || Date.now() > deadline) return count;
    await page.waitForTimeout(50);
  }
}

/** How many pixels the page is wider than the window (0 when it never scrolls sideways). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return Math.max(0, w.document.documentElement.scrollWidth - w.innerWidth);
  });
}

function distanceFromEnd(page: Page): Promise<number> {
  return page.getByRole('log', { name: 'Messages' }).evaluate((el: { scrollHeight: number; scrollTop: number; clientHeight: number }) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.first().boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not displayed`);
  return box;
}

/**
 * The chat's newest message is on screen, inside the log's visible part, above the composer and
 * under nobody else (what is at its middle is the message), and the composer's box and Send
 * button are wholly on screen.
 */
async function newestAndComposerInView(page: Page, newest: string): Promise<void> {
  const screen = page.viewportSize()!;
  const log = page.getByRole('log', { name: 'Messages' });
  const message = log.locator('li', { hasText: newest });
  const [messageBox, logBox, box, send] = await Promise.all([boxOf(message), boxOf(log), boxOf(page.getByLabel('Message', { exact: true })), boxOf(page.getByRole('button', { name: 'Send', exact: true }))]);
  const bottom = (b: Box) => b.y + b.height;
  expect(messageBox.y).toBeGreaterThanOrEqual(Math.max(0, logBox.y) - 1);
  expect(bottom(messageBox)).toBeLessThanOrEqual(Math.min(bottom(logBox), screen.height) + 1);
  expect(bottom(messageBox)).toBeLessThanOrEqual(box.y);
  for (const control of [box, send]) {
    expect(control.y).toBeGreaterThanOrEqual(0);
    expect(bottom(control)).toBeLessThanOrEqual(screen.height);
  }
  const hit = await page.evaluate(
    ([x, y]) => (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { closest(s: string): { textContent: string } | null } | null } }).document.elementFromPoint(x, y)?.closest('li')?.textContent ?? null,
    [messageBox.x + messageBox.width / 2, messageBox.y + messageBox.height / 2],
  );
  expect(hit).toContain(newest);
}

const SEND_MESSAGE = 'mutation ($conversationId: ID!, $body: String!) { sendMessage(conversationId: $conversationId, body: $body) { id } }';

describe('the web app as people use it', () => {
  let app: TestApp;
  let browser: Browser;
  let people: Person[] = [];

  /** A browser signed in as `user` (the session token the web app keeps), at the phone or desktop size. */
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
    const errors = people.flatMap((person) => person.consoleErrors).filter((e) => !e.includes('Failed to load resource'));
    for (const person of people) await person.context.close();
    people = [];
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  describe('chat', () => {
    let poster: BuiltPoster;
    let freelancer: BuiltUser;
    let conversationId: string;

    beforeEach(async () => {
      poster = await buildPoster(app.app);
      freelancer = await buildUser(app.app, { displayName: 'Frank Freelancer' });
      const listing = await buildListing(app.app, poster.employer, poster.user);
      const conversation = await buildConversation(app.app, listing, freelancer.user, { firstMessage: 'Message 1' });
      conversationId = toGlobalId('Conversation', conversation.id);
      for (let n = 2; n <= 26; n++) {
        const from = n % 2 ? freelancer : poster;
        const { errors } = await app.gql(SEND_MESSAGE, { conversationId, body: `Message ${n}\nwith a second line to take up room` }, from.token);
        expect(errors).toBeUndefined();
      }
    });

    test('a conversation of 26 messages opens at the newest, follows new ones, and offers a button to a reader who scrolled up', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      await page.goto(`/inbox/${conversationId}`);
      const log = page.getByRole('log', { name: 'Messages' });
      await sees(log.getByText('Message 26'));
      expect(await distanceFromEnd(page)).toBeLessThan(2);
      await expectAccessible(page, 'chat of 26 messages');

      // A new message while reading the newest: it comes into view.
      expect((await app.gql(SEND_MESSAGE, { conversationId, body: 'Message 27' }, poster.token)).errors).toBeUndefined();
      await sees(log.getByText('Message 27'));
      expect(await distanceFromEnd(page)).toBeLessThan(2);

      // The reader scrolls up to read earlier messages: a new one does not pull them down.
      await log.evaluate((el: { scrollTop: number }) => {
        el.scrollTop = 0;
      });
      expect((await app.gql(SEND_MESSAGE, { conversationId, body: 'Message 28' }, poster.token)).errors).toBeUndefined();
      const button = page.getByRole('button', { name: '1 new message ↓' });
      await sees(button);
      expect(await log.evaluate((el: { scrollTop: number }) => el.scrollTop)).toBe(0);
      await expectAccessible(page, 'chat, scrolled up, with the new-messages button');
      await button.click();
      expect(await distanceFromEnd(page)).toBeLessThan(2);
      expect(await button.count()).toBe(0);

      // One's own message always comes into view, even from higher up.
      await log.evaluate((el: { scrollTop: number }) => {
        el.scrollTop = 0;
      });
      await page.getByLabel('Message', { exact: true }).fill('My own reply');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await sees(log.getByText('My own reply'));
      expect(await distanceFromEnd(page)).toBeLessThan(2);
    });

    test('what is typed while a message is sending is kept when the send completes', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      // Hold the send on its way to the server until the next message is being typed (routed before the page opens its socket).
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const socket = await holdingSends(page, async () => held);
      await page.goto(`/inbox/${conversationId}`);
      await sees(page.getByRole('log', { name: 'Messages' }).getByText('Message 26'));
      await socket.acknowledged;
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('The first message');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await sees(page.getByRole('status').getByText('Sending…'));
      await box.pressSequentially('The next one, begun while sending');
      release();
      await sees(page.getByRole('log', { name: 'Messages' }).getByText('The first message'));
      await page.getByRole('status').getByText('Sending…').waitFor({ state: 'detached', timeout: LIVE });
      expect(await box.inputValue()).toBe('The next one, begun while sending');
    });

    test('Enter pressed while a message is sending sends the new text right after it, in order, losing nothing', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let sends = 0;
      const socket = await holdingSends(page, async () => {
        if (++sends === 1) await held;
      });
      await page.goto(`/inbox/${conversationId}`);
      const log = page.getByRole('log', { name: 'Messages' });
      await sees(log.getByText('Message 26'));
      await socket.acknowledged;
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('First of two');
      await box.press('Enter');
      await sees(page.getByRole('status').getByText('Sending…'));
      await box.fill('Second of two, written while the first was on its way');
      await box.press('Enter');
      expect(await box.inputValue()).toBe('');
      expect(sends).toBe(1);
      release();
      await sees(log.getByText('Second of two, written while the first was on its way'));
      const texts = await log.locator('li').allTextContents();
      expect(texts.findIndex((t) => t.includes('First of two'))).toBe(texts.length - 2);
      expect(texts.at(-1)).toContain('Second of two');
      expect(sends).toBe(2);
      await page.getByRole('status').getByText('Sending…').waitFor({ state: 'detached', timeout: LIVE });
      expect(await box.inputValue()).toBe('');
    });

    test('a message whose answer was lost with the socket is sent again on reconnect and stored and shown once', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      // The first SendMessage reaches the server, which stores it; the socket then drops (1012, a
      // server restart) before its answer reaches the page. graphql-ws sends it again on the new
      // socket, with the same clientMessageId, and the server answers with the message it has.
      const sends: Array<Record<string, unknown> | undefined> = [];
      let dropAnswerOf: string | undefined;
      let dropped = false;
      let acknowledged = 0;
      await page.routeWebSocket(/\/graphql$/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          const sent = socketMessage(message);
          if (sent.type === 'subscribe' && sent.payload?.operationName === 'SendMessage') {
            sends.push(sent.payload.variables);
            if (!dropped) dropAnswerOf = sent.id;
          }
          server.send(message);
        });
        server.onMessage((message) => {
          if (socketMessage(message).type === 'connection_ack') acknowledged += 1;
          if (dropAnswerOf === undefined || socketMessage(message).id !== dropAnswerOf) return ws.send(message);
          dropAnswerOf = undefined;
          dropped = true;
          void ws.close({ code: 1012, reason: 'restarting' });
          server.close();
        });
      });
      await page.goto(`/inbox/${conversationId}`);
      const log = page.getByRole('log', { name: 'Messages' });
      await sees(log.getByText('Message 26'));
      // The socket is live (a send goes over it only then).
      await eventually(() => acknowledged > 0, LIVE, 'the socket to be acknowledged');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('Sent as the socket dropped');
      await box.press('Enter');
      await eventually(() => sends.length === 2, 30_000, 'the send to go again on the new socket');
      expect(sends[1]).toEqual(sends[0]);
      expect(sends[0]?.clientMessageId).toMatch(/^[0-9a-f]{32}$/);
      await page.getByRole('status').getByText('Sending…').waitFor({ state: 'detached', timeout: 30_000 });
      await sees(log.getByText('Sent as the socket dropped'));
      expect(await log.getByText('Sent as the socket dropped').count()).toBe(1);
      expect(await box.inputValue()).toBe('');
      const [{ count }] = (await app.app.deps.ds.query('SELECT count(*)::int AS count FROM messages WHERE body = $1', ['Sent as the socket dropped'])) as Array<{ count: number }>;
      expect(count).toBe(1);
    }, 60_000);

    test('the new-messages button counts every message of a batch and takes the focus to the first of them', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      await page.goto(`/inbox/${conversationId}`);
      const log = page.getByRole('log', { name: 'Messages' });
      await sees(log.getByText('Message 26'));
      await log.evaluate((el: { scrollTop: number }) => {
        el.scrollTop = 0;
      });
      // Three at once: the server delivers them as fast as it can, the web app may render them together.
      const sent = await Promise.all(['Batch A', 'Batch B', 'Batch C'].map((body) => app.gql(SEND_MESSAGE, { conversationId, body }, poster.token)));
      expect(sent.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
      await sees(log.getByText('Batch C'));
      await sees(log.getByText('Batch A'));
      const button = page.getByRole('button', { name: '3 new messages ↓' });
      await sees(button);
      await button.focus();
      await page.keyboard.press('Enter');
      expect(await button.count()).toBe(0);
      const first = await log.getByText(/^Batch [ABC]$/).first().textContent();
      await focusIsOn(log.locator('li', { hasText: first! }));
      expect(await distanceFromEnd(page)).toBeLessThan(2);
    });

    test('on a phone the newest message and the composer are both in view, on opening and after a send', async () => {
      const { page } = await signedIn(freelancer, 'freelancer', PHONE);
      await page.goto(`/inbox/${conversationId}`);
      await sees(page.getByRole('log', { name: 'Messages' }).getByText('Message 26'));
      await newestAndComposerInView(page, 'Message 26');
      await expectAccessible(page, 'chat on a phone');

      await page.getByLabel('Message', { exact: true }).fill('Sent from a phone');
      await page.getByRole('button', { name: 'Send', exact: true }).tap();
      await sees(page.getByRole('log', { name: 'Messages' }).getByText('Sent from a phone'));
      await newestAndComposerInView(page, 'Sent from a phone');

      // Scrolled to the top of the page, a send still brings the newest message and the composer back.
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await page.getByLabel('Message', { exact: true }).fill('And another');
      await page.getByRole('button', { name: 'Send', exact: true }).tap();
      await sees(page.getByRole('log', { name: 'Messages' }).getByText('And another'));
      await newestAndComposerInView(page, 'And another');
    });

    test('on a phone the messages get most of the screen, and Send gives the focus back to the message box (the keyboard stays open)', async () => {
      const { page } = await signedIn(freelancer, 'freelancer', PHONE);
      await page.goto(`/inbox/${conversationId}`);
      const log = page.getByRole('log', { name: 'Messages' });
      await sees(log.getByText('Message 26'));
      const { height } = await boxOf(log);
      // The reviewer measured 329 px of 844 with the full header; at least half the screen now.
      expect(height).toBeGreaterThanOrEqual(PHONE.viewport.height / 2);
      expect(await sidewaysOverflow(page)).toBe(0);
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('Tapped Send');
      await page.getByRole('button', { name: 'Send', exact: true }).tap();
      await sees(log.getByText('Tapped Send'));
      await focusIsOn(box);
    });

    test('when live updates stop (the socket is down) the chat says "Reconnecting…", and clears it once they flow again', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      let down = false;
      const sockets: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
      await page.routeWebSocket(/\/graphql$/, (ws) => {
        if (down) return void ws.close({ code: 1012, reason: 'down' });
        ws.connectToServer();
        sockets.push(ws);
      });
      await page.goto(`/inbox/${conversationId}`);
      const log = page.getByRole('log', { name: 'Messages' });
      await sees(log.getByText('Message 26'));
      const status = page.getByRole('status').filter({ hasText: 'Reconnecting…' });
      // Live: a message from the other side arrives, and nothing says otherwise.
      expect((await app.gql(SEND_MESSAGE, { conversationId, body: 'Before the drop' }, poster.token)).errors).toBeUndefined();
      await sees(log.getByText('Before the drop'));
      expect(await status.count()).toBe(0);
      const liveBefore = liveRegistrySizes(app.app.deps.pubsub).fanoutMembers;

      down = true;
      // 1012 (service restart), as a server going down says it; graphql-ws retries it.
      for (const socket of sockets.splice(0)) await socket.close({ code: 1012, reason: 'restarting' });
      await sees(status);
      await expectAccessible(page, 'chat, reconnecting');

      down = false;
      // The client retries with a growing wait (at most 15 s): once back, the sentence goes.
      await status.waitFor({ state: 'detached', timeout: 30_000 });
      // The socket is back before its subscriptions are set up again on the server, and a message sent in between
      // reaches this chat only at its next refetch (a known gap: no resume cursor on messageAdded yet). So probe until one
      // arrives live — the subscription is then set up — and only then require the next message live.
      await eventually(() => liveRegistrySizes(app.app.deps.pubsub).fanoutMembers >= liveBefore, LIVE, 'the chat subscribed again');
      let probe = 0;
      await eventually(async () => {
        probe += 1;
        expect((await app.gql(SEND_MESSAGE, { conversationId, body: `Probe #${probe}.` }, poster.token)).errors).toBeUndefined();
        return (await log.getByText(`Probe #${probe}.`).first().waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false));
      }, 20_000, 'a message live again after the reconnect');
      expect((await app.gql(SEND_MESSAGE, { conversationId, body: 'After the drop' }, poster.token)).errors).toBeUndefined();
      await sees(log.getByText('After the drop'));
      expect(await page.getByText('Reconnecting…').count()).toBe(0);
    }, 60_000);

    test('a session that ended while the socket was down signs out when the socket is refused on reconnect, rather than retrying for ever', async () => {
      const { page } = await signedIn(freelancer, 'freelancer');
      let down = false;
      const sockets: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
      await page.routeWebSocket(/\/graphql$/, (ws) => {
        if (down) return void ws.close({ code: 1012, reason: 'down' });
        ws.connectToServer();
        sockets.push(ws);
      });
      await page.goto(`/inbox/${conversationId}`);
      await sees(page.getByRole('log', { name: 'Messages' }).getByText('Message 26'));
      down = true;
      for (const socket of sockets.splice(0)) await socket.close({ code: 1012, reason: 'restarting' });
      await sees(page.getByRole('status').filter({ hasText: 'Reconnecting…' }));
      // Signed out on another device while this page could not hear of it.
      expect((await app.gql('mutation { signOut }', {}, freelancer.token)).errors).toBeUndefined();
      down = false;
      // The next connect is refused with 4403 (the token is no longer a session): the page signs out and says so.
      await page.waitForURL((url) => url.pathname === '/signin', { timeout: 30_000 });
      await sees(page.getByRole('status').filter({ hasText: 'Your session has ended: sign in again.' }));
      expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('techgigs.token'))).toBeNull();
    }, 60_000);

    test('on a phone Escape closes the menu and gives the focus back to its button; the bell names the unread count', async () => {
      const unread = await app.gql<{ notifications: { unreadCount: number } }>('{ notifications(first: 1) { unreadCount } }', {}, poster.token);
      const count = unread.data!.notifications.unreadCount;
      expect(count).toBeGreaterThan(0);
      const { page } = await signedIn(poster, 'poster', PHONE);
      await page.goto('/');
      const menu = page.getByRole('button', { name: 'Menu' });
      await menu.tap();
      const bell = page.getByRole('link', { name: `Notifications, ${count} unread`, exact: true });
      await sees(bell);
      await expectAccessible(page, 'phone menu open');
      await bell.focus();
      await page.keyboard.press('Escape');
      await bell.waitFor({ state: 'hidden', timeout: LIVE });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await focusIsOn(menu);
      // Escape with the focus on the button itself closes it too.
      await menu.press('Enter');
      await sees(bell);
      await page.keyboard.press('Escape');
      await bell.waitFor({ state: 'hidden', timeout: LIVE });
      await focusIsOn(menu);
    });
  });

  test('every route of App.tsx takes the focus to its heading after an in-app move, never leaving it on <body>, has one h1, passes axe on a desktop and a phone, and never scrolls sideways on a phone', async () => {
    const poster = await buildPoster(app.app);
    const freelancer = await buildUser(app.app);
    const listing = await buildListing(app.app, poster.employer, poster.user);
    const draft = await buildListing(app.app, poster.employer, poster.user, { status: 'DRAFT' });
    const conversation = await buildConversation(app.app, listing, freelancer.user);
    const contract = await buildContract(app.app, conversation);
    await buildSavedSearch(app.app, poster.user);
    const id = (type: string, uuid: string) => toGlobalId(type, uuid);
    // Addresses for every route App.tsx declares, some several ways; a route missing here fails the test.
    const examples: Record<string, string[]> = {
      '/gigs/:listingId': [`/gigs/${id('Listing', listing.id)}`],
      '/employers/:employerId': [`/employers/${id('Employer', poster.employer.id)}`],
      '/employers/:employerId/reviews': [`/employers/${id('Employer', poster.employer.id)}/reviews`],
      '/users/:userId': [`/users/${id('User', freelancer.user.id)}`],
      '/employers/new': ['/employers/new'],
      '/profile': ['/profile'],
      '/post': ['/post'],
      '/post/:listingId': [`/post/${id('Listing', draft.id)}`, `/post/${id('Listing', draft.id)}?step=basics`],
      '/credits': ['/credits', '/credits?employer=bogus'],
      '/checkout/test': ['/checkout/test', '/checkout/test?payment=bogus'],
      '/inbox': ['/inbox'],
      '/inbox/:conversationId': [`/inbox/${id('Conversation', conversation.id)}`],
      '/contracts': ['/contracts'],
      '/contracts/:contractId': [`/contracts/${id('Contract', contract.id)}`],
      '/notifications': ['/notifications'],
      '/searches': ['/searches'],
      '/settings/notifications': ['/settings/notifications'],
      '/signup': ['/signup'],
      '/signin': ['/signin'],
      '/forgot-password': ['/forgot-password'],
      '/reset-password': ['/reset-password'],
      '/verify-email': ['/verify-email'],
      '/unsubscribe': ['/unsubscribe'],
      '/dev/mailbox': ['/dev/mailbox'],
      '*': ['/no/such/page'],
      '/': ['/'],
    };
    const declared = [...readFileSync(path.join(__dirname, '..', 'client', 'src', 'App.tsx'), 'utf8').matchAll(/<Route\s+path="([^"]+)"/g)].map((match) => match[1]);
    expect(declared.length).toBeGreaterThan(20);
    expect([...declared].sort()).toEqual(Object.keys(examples).sort());
    const routes = Object.values(examples).flat();
    for (const screen of [DESKTOP, PHONE]) {
      const { page } = await signedIn(poster, `poster on ${screen === PHONE ? 'a phone' : 'a desktop'}`, screen);
      await page.goto('/searches');
      await sees(page.getByRole('heading', { level: 1 }));
      let from = '/searches';
      for (const route of routes) {
        await navigateInApp(page, route);
        const heading = await focusedHeading(page, `a move from ${from} to ${route}`);
        expect(heading.length).toBeGreaterThan(0);
        expect([route, await settledCount(page, 'h1', 1)]).toEqual([route, 1]);
        await expectAccessible(page, `${route} on ${screen === PHONE ? 'a phone' : 'a desktop'}`);
        if (screen === PHONE) expect([route, await sidewaysOverflow(page)]).toEqual([route, 0]);
        from = route;
      }
    }
    // Signed out: the forms one reaches from the header.
    const visitor = await signedIn(null, 'visitor');
    await visitor.page.goto('/');
    await sees(visitor.page.getByRole('heading', { level: 1 }));
    for (const route of ['/signin', '/signup', '/']) {
      await navigateInApp(visitor.page, route);
      await focusedHeading(visitor.page, `a move to ${route}`);
    }
  });

  test('every step of the post wizard takes the focus to its heading, and every refused form focuses what to fix', async () => {
    const poster = await buildPoster(app.app);
    await buildCredits(app.app, poster.employer, poster.user, 1);
    const { page } = await signedIn(poster, 'poster');
    await page.goto('/');
    await sees(page.getByRole('heading', { level: 1 }));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a gig' }).click();
    expect(await focusedHeading(page, 'opening "Post a gig" with an employer')).toBe('Who is posting?');
    await expectAccessible(page, 'wizard, employer step with an employer');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await focusedHeading(page, 'the employer step')).toBe('The basics');

    await page.getByRole('button', { name: 'Save draft and continue' }).click();
    await focusIsOn(page.getByLabel('Title'));
    await page.getByLabel('Title').fill('A gig to walk the wizard with');
    await page.getByLabel('Description').fill('Long enough to be a description of a gig that needs doing.');
    await page.getByRole('button', { name: 'Save draft and continue' }).click();
    expect(await focusedHeading(page, 'the basics step')).toBe('What kind of project is it?');

    // No project type chosen: the step's error takes the focus and is announced.
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const typeError = page.getByRole('alert').filter({ hasText: 'Choose the kind of project.' });
    await focusIsOn(typeError);
    // Asked again with the same error: the focus comes back to it.
    await page.getByRole('button', { name: 'Save and continue' }).focus();
    await page.keyboard.press('Enter');
    await focusIsOn(typeError);
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await focusedHeading(page, 'the project type step')).toBe('Which technologies does it need?');

    await page.getByRole('button', { name: 'Save and continue' }).click();
    await focusIsOn(page.getByRole('alert').filter({ hasText: /^Choose 1 to 10 technologies/ }));
    await page.getByRole('checkbox', { name: 'TypeScript', exact: true }).check();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    // Terms not stated yet (issue 15): the terms step follows, and its refused save focuses the first field to fix.
    expect(await focusedHeading(page, 'the technologies step')).toBe('Budget, duration and place');
    await page.getByRole('button', { name: 'Save and review' }).click();
    await focusIsOn(page.getByLabel('At least'));
    await page.getByLabel('At least').fill('500');
    await page.getByLabel('At most').fill('800');
    await page.getByLabel('Weeks').fill('2');
    await page.getByLabel('Hours a week').fill('10');
    await page.getByRole('button', { name: 'Save and review' }).click();
    const review = await focusedHeading(page, 'the terms step');
    expect(review.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    expect(await focusedHeading(page, 'the review step')).toBe('Pay and publish');

    // Publishing refused by the server: the sentence that says why takes the focus.
    await page.route('**/graphql', async (route) => {
      if (route.request().postDataJSON()?.operationName !== 'PublishListing') return route.continue();
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, errors: [{ message: 'The listing changed meanwhile.', extensions: { code: 'CONFLICT' } }] }) });
    });
    await page.getByRole('button', { name: /^Publish gig/ }).click();
    const publishError = page.getByRole('main').getByRole('alert');
    await sees(publishError);
    await focusIsOn(publishError);
    await expectAccessible(page, 'wizard, publish refused');
    await page.unroute('**/graphql');

    // A saved search with a name too long: the name field takes the focus.
    await page.goto('/?q=wizard');
    await sees(page.getByLabel('Name this search'));
    await page.getByLabel('Name this search').fill('x'.repeat(300));
    await page.getByRole('button', { name: 'Save search and get alerts' }).click();
    await focusIsOn(page.getByLabel('Name this search'));
    expect(await page.getByLabel('Name this search').getAttribute('aria-invalid')).toBe('true');
  });

  test('a refused change order decision focuses the sentence that says why, inside its card', async () => {
    const poster = await buildPoster(app.app);
    const freelancer = await buildUser(app.app);
    const listing = await buildListing(app.app, poster.employer, poster.user);
    const conversation = await buildConversation(app.app, listing, freelancer.user);
    const contract = await buildContract(app.app, conversation, { active: true });
    await buildChangeOrder(app.app, contract, { changes: 'Add a second payment provider.' });
    const { page } = await signedIn(poster, 'poster');
    await page.route('**/graphql', async (route) => {
      if (route.request().postDataJSON()?.operationName !== 'AcceptChangeOrder') return route.continue();
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, errors: [{ message: 'This change order was withdrawn meanwhile.', extensions: { code: 'CONFLICT' } }] }) });
    });
    await page.goto(`/contracts/${toGlobalId('Contract', contract.id)}`);
    const card = page.getByRole('article', { name: 'Change order 1' });
    await card.getByRole('button', { name: 'Accept change order 1' }).click();
    await focusIsOn(card.getByRole('alert'));
    await sees(card.getByRole('alert').getByText('This change order was withdrawn meanwhile.'));
  });

  test('an unknown or malformed id shows a Not found page with a way on, not a form error or "Try again"', async () => {
    const user = await buildUser(app.app);
    const { page } = await signedIn(user, 'user');
    const unknownUuid = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[path: string, heading: string, link: string]> = [
      [`/gigs/${toGlobalId('Listing', unknownUuid)}`, 'Gig not found', 'Browse open gigs'],
      ['/gigs/not-an-id', 'Gig not found', 'Browse open gigs'],
      [`/inbox/${toGlobalId('Conversation', unknownUuid)}`, 'Conversation not found', 'Go to your inbox'],
      ['/inbox/garbage', 'Conversation not found', 'Go to your inbox'],
      [`/contracts/${toGlobalId('Contract', unknownUuid)}`, 'Contract not found', 'See your contracts'],
      [`/employers/${toGlobalId('Employer', unknownUuid)}`, 'Employer not found', 'Browse open gigs'],
      [`/post/${toGlobalId('Listing', unknownUuid)}`, 'Draft not found', 'Post a gig'],
      ['/no/such/page', 'Page not found', 'Find a gig'],
    ];
    for (const [path, heading, link] of cases) {
      await page.goto(path);
      await sees(page.getByRole('heading', { name: heading, level: 1 }));
      await sees(page.getByRole('main').getByRole('link', { name: link }));
      expect(await page.getByText('Please correct the fields').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
      expect(await page.title()).toBe(`${heading} · TechGigs`);
      await expectAccessible(page, `${heading} (${path})`);
    }
  });

  test('failures are told in words people understand: a wrong password, a server error, no network', async () => {
    const user = await buildUser(app.app, { email: `sentence-${randomBytes(4).toString('hex')}@example.test` });
    const { page } = await signedIn(null, 'visitor');
    await page.goto('/signin');
    await page.getByLabel('Email').fill(user.user.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('main').getByRole('alert');
    await sees(alert.getByText('That email and password do not match an account. Check both, then try again.'));
    await focusIsOn(alert);
    await expectAccessible(page, 'sign in, wrong password');

    // The server answers 500 with no GraphQL body (a proxy in the way, say): a sentence, not a status code.
    await page.route('**/graphql', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }));
    await page.getByLabel('Password').fill(FACTORY_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await sees(alert.getByText('Something went wrong on our side, and nothing was changed.', { exact: false }));
    expect(await page.getByText(/status code/).count()).toBe(0);

    // No network at all.
    await page.unroute('**/graphql');
    await page.route('**/graphql', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await sees(alert.getByText('Cannot reach TechGigs. Check your internet connection, then try again.'));

    // Back online, the same form signs in.
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await focusIsOn(page.getByRole('heading', { name: 'Find a side gig', level: 1 }));
  });

  test('a failure to load the session (server error, 429, no network) keeps the person signed in, with "Try again"; only a session ended elsewhere signs out, and the sign-in page says so', async () => {
    const user = await buildUser(app.app, { displayName: 'Sam Session' });
    const { page } = await signedIn(user, 'signed-in person');
    const failures: Array<[string, (route: Route) => Promise<void>, string]> = [
      ['server error', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }), 'Something went wrong on our side'],
      ['429', (route) => route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] }) }), 'Too many attempts in a short time.'],
      ['no network', (route) => route.abort('internetdisconnected'), 'Cannot reach TechGigs. Check your internet connection, then try again.'],
    ];
    for (const [what, fail, sentence] of failures) {
      let failing = true;
      await page.route('**/graphql', async (route) => {
        if (failing && route.request().postDataJSON()?.operationName === 'Session') return fail(route);
        return route.continue();
      });
      await page.goto('/inbox');
      const alert = page.getByRole('main').getByRole('alert').filter({ hasText: 'Your account could not be loaded: you are still signed in.' });
      await sees(alert);
      if (sentence) await sees(alert.getByText(sentence, { exact: false }));
      await sees(page.getByRole('heading', { name: 'Your account could not be loaded', level: 1 }));
      expect(page.url()).toMatch(/\/inbox$/);
      expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('techgigs.token'))).toBe(user.token);
      expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
      await expectAccessible(page, `session not loaded (${what})`);
      failing = false;
      await alert.getByRole('button', { name: 'Try again' }).click();
      await sees(page.getByRole('heading', { name: 'Inbox', level: 1 }));
      await sees(page.getByRole('link', { name: 'Sam Session' }));
      expect(await alert.count()).toBe(0);
      await page.unroute('**/graphql');
    }

    // Signed out on another device: the next request finds the session over, and the sign-in page says so.
    expect((await app.gql('mutation { signOut }', {}, user.token)).errors).toBeUndefined();
    await page.goto('/inbox');
    await page.waitForURL(/\/signin\?next=%2Finbox$/, { timeout: LIVE });
    await sees(page.getByRole('status').filter({ hasText: 'Your session has ended: sign in again.' }));
    expect(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('techgigs.token'))).toBeNull();
    await expectAccessible(page, 'sign in after the session ended elsewhere');

    // Someone who simply comes to sign in is told nothing of the kind.
    const { page: visitor } = await signedIn(null, 'visitor');
    await visitor.goto('/signin');
    await sees(visitor.getByRole('heading', { name: 'Sign in', level: 1 }));
    expect(await visitor.getByText('Your session has ended').count()).toBe(0);
  });

  test('an empty marketplace says so and what to do, after an honest "Finding gigs…"', async () => {
    // A marketplace of its own, as a new install has: migrated, with nobody's gigs in it.
    const database = templateDatabase().replace(/_template$/, '_empty_marketplace');
    await withAdminClient(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${database}" TEMPLATE "${templateDatabase()}"`);
    });
    const empty = await startTestApp({ env: { DATABASE_URL: databaseUrl(database) } });
    try {
      const person = await openPerson(browser, empty.url, 'visitor of an empty marketplace');
      people.push(person);
      const { page } = person;
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/graphql', async (route) => {
        if (route.request().postDataJSON()?.operationName === 'CataloguePage') await held;
        await route.continue();
      });
      await page.goto('/');
      await sees(page.getByRole('status').filter({ hasText: 'Finding gigs…' }));
      expect(await page.getByText(/No gigs/).count()).toBe(0);
      await expectAccessible(page, 'catalogue, loading');
      release();
      const results = page.getByRole('main').locator('#results');
      await sees(results.getByText('No gigs are open right now.'));
      await sees(results.getByRole('link', { name: 'Post a gig' }));
      expect(await page.getByText('No gigs match your search.').count()).toBe(0);
      expect(await page.getByRole('status').filter({ hasText: 'Finding gigs…' }).count()).toBe(0);
      await expectAccessible(page, 'catalogue, empty marketplace');
    } finally {
      await empty.stop();
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    }
  });

  test('a read that fails says why in words, offline or on a server error, and its "Try again" brings the page', async () => {
    const poster = await buildPoster(app.app);
    const listing = await buildListing(app.app, poster.employer, poster.user, { title: `A gig to read offline ${randomBytes(3).toString('hex')}` });
    const { page } = await signedIn(null, 'visitor');
    const cases: Array<[path: string, operation: string, shown: () => Locator]> = [
      ['/', 'CataloguePage', () => page.getByText(/^\d[\d,]* gigs?\b/)],
      [`/gigs/${toGlobalId('Listing', listing.id)}`, 'ListingPage', () => page.getByRole('heading', { name: listing.title, level: 1 })],
    ];
    for (const [path, operation, shown] of cases) {
      for (const [failure, sentence] of [
        ['offline', 'Cannot reach TechGigs. Check your internet connection, then try again.'],
        ['server error', 'Something went wrong on our side, and nothing was changed.'],
      ] as const) {
        let failing = true;
        await page.route('**/graphql', async (route) => {
          if (!failing || route.request().postDataJSON()?.operationName !== operation) return route.continue();
          if (failure === 'offline') return route.abort('internetdisconnected');
          return route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
        });
        await page.goto(path);
        const alert = page.getByRole('main').getByRole('alert');
        await sees(alert.getByText(sentence, { exact: false }));
        expect(await page.getByText(/status code|Failed to fetch|NetworkError/).count()).toBe(0);
        await expectAccessible(page, `${path}, read failed (${failure})`);
        failing = false;
        await alert.getByRole('button', { name: 'Try again' }).click();
        await sees(shown());
        // "Try again" is gone with the error: the focus goes to what it brought, never to <body>.
        await focusIsOn(shown());
        expect(await alert.count()).toBe(0);
        await page.unroute('**/graphql');
      }
    }
  });

  test('content replaced in place takes the focus to what replaced it, never <body>: forgot password, unsubscribe, the phone menu on the page one is on', async () => {
    const { page } = await signedIn(null, 'visitor');
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(`someone-${randomBytes(3).toString('hex')}@example.test`);
    await page.getByRole('button', { name: /reset link|Send/i }).click();
    await focusIsOn(page.getByRole('heading', { name: 'Check your email', level: 1 }));

    await page.goto('/unsubscribe?token=bogus');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await sees(page.getByText('This unsubscribe link is not complete or has expired', { exact: false }));
    expect(await focusedHeading(page, 'pressing Unsubscribe with a bogus link')).toBe('Notification emails');

    const phone = await signedIn(null, 'visitor on a phone', PHONE);
    await phone.page.goto('/');
    await sees(phone.page.getByText(/^\d[\d,]* gigs?\b|No gigs are open right now/));
    await phone.page.getByRole('button', { name: 'Menu' }).tap();
    await phone.page.getByRole('link', { name: 'Find gigs' }).tap();
    // The menu closes on the next render: wait for it (a read straight after the tap raced it under load).
    await phone.page.getByRole('button', { name: 'Menu', expanded: false }).waitFor({ timeout: LIVE });
    // The catalogue's count of results is what it marks to take the focus when content is replaced.
    await focusIsOn(phone.page.getByRole('main').locator('.results__count'));
  });

  test('a bad address is corrected before it is sent, with a note; a refused read says what was wrong in read words with "Clear filters"; /credits?employer=bogus is Not found', async () => {
    const { page } = await signedIn(null, 'visitor');
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && request.postDataJSON()?.operationName === 'CataloguePage') sent.push(JSON.stringify(request.postDataJSON().variables));
    });
    const notes = page.getByRole('main').getByRole('status').filter({ hasText: /left out|shown|searched for/ });
    const cases: Array<[string, RegExp, RegExp]> = [
      ['/?tech=nonsense', /a technology we do not know \(“nonsense”\): it was left out/, /nonsense/],
      ['/?min=abc&max=-1&cur=XXX', /a currency we do not filter by \(“XXX”\): gigs of any budget are shown/, /XXX|abc|-1/],
      ['/?min=abc&max=-1&cur=USD', /budget range was not an amount: it was left out/, /abc|-1|Cents/],
      ['/?q=%00%01', /characters that cannot be searched for: they were left out/, /\\u0000|\\u0001/],
    ];
    for (const [address, note, neverSent] of cases) {
      sent.length = 0;
      await page.goto(address);
      await sees(notes.filter({ hasText: note }));
      await sees(page.getByText(/^\d[\d,]* gigs?\b|No gigs are open right now/));
      expect(await page.getByRole('main').getByRole('alert').count()).toBe(0);
      expect(sent.length).toBeGreaterThan(0);
      for (const variables of sent) expect([address, variables]).toEqual([address, expect.not.stringMatching(neverSent)]);
      await expectAccessible(page, `catalogue at ${address}`);
    }
    // The search box takes no more than the API does.
    expect(await page.getByRole('combobox', { name: 'Search gigs' }).getAttribute('maxlength')).toBe('200');

    // A filter the API refuses all the same (its rules may be stricter than the address check): read words, no form words, "Clear filters".
    await page.route('**/graphql', async (route) => {
      if (route.request().postDataJSON()?.operationName !== 'CataloguePage') return route.continue();
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ data: null, errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fields: { 'filter.search': 'must be at most 200 characters' } } }] }),
      });
    });
    await page.goto('/?q=refused');
    const alert = page.getByRole('main').getByRole('alert');
    await sees(alert.getByText(/^These gigs cannot be listed: the search cannot be used as it is\./));
    expect(await page.getByText(/needs? another look|see the note/).count()).toBe(0);
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await expectAccessible(page, 'catalogue, refused search');
    await page.unroute('**/graphql');
    await alert.getByRole('link', { name: 'Clear filters' }).click();
    await sees(page.getByText(/^\d[\d,]* gigs?\b|No gigs are open right now/));
    expect(new URL(page.url()).search).toBe('');

    const poster = await buildPoster(app.app);
    const { page: posterPage } = await signedIn(poster, 'poster');
    await posterPage.goto('/credits?employer=bogus');
    await sees(posterPage.getByRole('heading', { name: 'Employer not found', level: 1 }));
    await sees(posterPage.getByRole('link', { name: 'Your credits' }));
  });

  test('an unverified poster is told on the publish step, before pressing, that publishing needs a verified email, with the resend action', async () => {
    const owner = await buildUser(app.app, { verified: false });
    const employer = await buildEmployer(app.app, owner.user);
    await buildCredits(app.app, employer, owner.user, 1);
    const draft = await buildListing(app.app, employer, owner.user, { status: 'DRAFT' });
    const { page } = await signedIn(owner, 'unverified poster');
    await page.goto(`/post/${toGlobalId('Listing', draft.id)}?step=publish`);
    await sees(page.getByRole('heading', { name: 'Pay and publish' }));
    const step = page.locator('#publish-needs-verified');
    await sees(step.getByText('Verify your email to publish.'));
    await sees(step.getByRole('button', { name: 'Resend the link' }));
    const publish = page.getByRole('button', { name: /^Publish gig/ });
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('aria-describedby')).toBe('publish-needs-verified');
    await expectAccessible(page, 'publish step, email not verified');

    // A verified poster sees no such notice, and may publish.
    const poster = await buildPoster(app.app);
    await buildCredits(app.app, poster.employer, poster.user, 1);
    const ready = await buildListing(app.app, poster.employer, poster.user, { status: 'DRAFT' });
    const { page: verified } = await signedIn(poster, 'verified poster');
    await verified.goto(`/post/${toGlobalId('Listing', ready.id)}?step=publish`);
    await sees(verified.getByRole('heading', { name: 'Pay and publish' }));
    expect(await verified.getByRole('button', { name: /^Publish gig/ }).isEnabled()).toBe(true);
    expect(await verified.locator('#publish-needs-verified').count()).toBe(0);
  });

  describe('the catalogue', () => {
    const keyword = `wombat${randomBytes(4).toString('hex')}`;
    let poster: BuiltPoster;

    beforeAll(async () => {
      poster = await buildPoster(app.app);
      for (let n = 1; n <= 12; n++) {
        await buildListing(app.app, poster.employer, poster.user, {
          title: `Gig number ${n} ${keyword}`,
          description: `A side gig about ${keyword}, number ${n}, that needs doing soon.`,
          technologyIds: [TYPESCRIPT],
          publishedAt: new Date(Date.UTC(2026, 0, n)),
        });
      }
    });

    test('on a phone Escape closes the Filters panel from inside it and gives the focus back to its button; the search box keeps its own Escape', async () => {
      const { page } = await signedIn(null, 'visitor', PHONE);
      await page.goto(`/?q=${keyword}`);
      await sees(page.getByText(/^12 gigs matching/));
      const filters = page.getByRole('button', { name: /^Filters/ });
      const panel = page.getByRole('complementary', { name: 'Filters' });
      await filters.tap();
      await sees(panel.getByLabel('Sort'));
      expect(await filters.getAttribute('aria-expanded')).toBe('true');
      await panel.getByRole('checkbox', { name: /^Remote only/ }).focus();
      await page.keyboard.press('Escape');
      await panel.getByLabel('Sort').waitFor({ state: 'hidden', timeout: LIVE });
      expect(await filters.getAttribute('aria-expanded')).toBe('false');
      await focusIsOn(filters);
      // Open again, with the focus on its button: Escape closes it too.
      await filters.press('Enter');
      await sees(panel.getByLabel('Sort'));
      await page.keyboard.press('Escape');
      await panel.getByLabel('Sort').waitFor({ state: 'hidden', timeout: LIVE });
      await focusIsOn(filters);
      // The search box's suggestions take their Escape first; the panel stays as it was until a second one.
      await filters.press('Enter');
      await sees(panel.getByLabel('Sort'));
      const search = page.getByRole('combobox', { name: 'Search gigs' });
      await search.fill(keyword.slice(0, 5));
      const suggestions = page.getByRole('listbox');
      await sees(suggestions);
      await search.press('Escape');
      await suggestions.waitFor({ state: 'hidden', timeout: LIVE });
      expect(await filters.getAttribute('aria-expanded')).toBe('true');
      await focusIsOn(search);
    });

    test('"Skip to results" is the second Tab, and the first gig the next one', async () => {
      const { page } = await signedIn(null, 'visitor');
      await page.goto(`/?q=${keyword}`);
      await sees(page.getByText(/^12 gigs matching/));
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await focusIsOn(page.getByRole('link', { name: 'Skip to results' }));
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await focusIsOn(page.getByRole('link', { name: `Gig number 12 ${keyword}` }));
    });

    test('"Load more" takes the focus to the first gig it brought', async () => {
      const { page } = await signedIn(null, 'visitor');
      await page.goto(`/?q=${keyword}`);
      await sees(page.getByRole('link', { name: `Gig number 3 ${keyword}` }));
      await page.getByRole('button', { name: 'Load more' }).click();
      await focusIsOn(page.getByRole('link', { name: `Gig number 2 ${keyword}` }));
    });

    test('Back from a gig keeps the pages "Load more" brought, the scroll, and the focus on the gig followed', async () => {
      const { page } = await signedIn(null, 'visitor');
      await page.goto(`/?q=${keyword}`);
      await sees(page.getByRole('link', { name: `Gig number 3 ${keyword}` }));
      await page.getByRole('button', { name: 'Load more' }).click();
      const last = page.getByRole('link', { name: `Gig number 1 ${keyword}` });
      await sees(last);
      await last.scrollIntoViewIfNeeded();
      const scrollY = () => page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
      const before = await scrollY();
      expect(before).toBeGreaterThan(0);
      await last.click();
      await focusIsOn(page.getByRole('heading', { name: `Gig number 1 ${keyword}`, level: 1 }));
      await page.goBack();
      await sees(last);
      await focusIsOn(last);
      expect(await page.locator('#results ol > li').count()).toBe(12);
      expect(Math.abs((await scrollY()) - before)).toBeLessThanOrEqual(2);
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

      // Forward and Back again: the same.
      await page.goForward();
      await sees(page.getByRole('heading', { name: `Gig number 1 ${keyword}`, level: 1 }));
      await page.goBack();
      await focusIsOn(last);
      expect(await page.locator('#results ol > li').count()).toBe(12);
    });

    test('a search with no results keeps the chosen filters, so they can be taken back', async () => {
      const { page } = await signedIn(null, 'visitor');
      await page.goto(`/?q=${keyword}`);
      await page.getByRole('checkbox', { name: /^TypeScript \(12\)$/ }).check();
      await sees(page.getByRole('checkbox', { name: /^TypeScript/, checked: true }));
      await page.getByLabel('Search gigs', { exact: true }).fill(`${keyword} zzzznothing`);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await sees(page.getByText('No gigs match your search.'));
      const kept = page.getByRole('checkbox', { name: 'TypeScript (0)', checked: true });
      await sees(kept);
      await expectAccessible(page, 'catalogue, no results with a filter');
      // A click, not uncheck(): a value with no gigs that is no longer chosen leaves the list, so the box may be
      // gone before Playwright could read its state back.
      await kept.click();
      await page.waitForURL((url) => url.searchParams.getAll('tech').length === 0);
      await sees(page.getByText('No gigs match your search.'));
      await page.getByRole('checkbox', { name: /^TypeScript/ }).waitFor({ state: 'detached' });
    });

    test('"Back to the results" returns to the same search', async () => {
      const { page } = await signedIn(null, 'visitor');
      await page.goto(`/?q=${keyword}`);
      await page.getByRole('link', { name: `Gig number 7 ${keyword}` }).click();
      await focusIsOn(page.getByRole('heading', { name: `Gig number 7 ${keyword}`, level: 1 }));
      await page.getByRole('link', { name: 'Back to the results' }).click();
      await sees(page.getByText(/^12 gigs matching/));
      expect(new URL(page.url()).searchParams.get('q')).toBe(keyword);
    });
  });

  test('the contracts list says whose turn it is', async () => {
    const poster = await buildPoster(app.app);
    await buildCredits(app.app, poster.employer, poster.user, 1);
    const freelancer = await buildUser(app.app);
    const listing = await buildListing(app.app, poster.employer, poster.user, { title: `Turn-taking gig ${randomBytes(3).toString('hex')}` });
    const conversation = await buildConversation(app.app, listing, freelancer.user);
    const created = await app.gql('mutation ($id: ID!) { createContract(conversationId: $id) { id } }', { id: toGlobalId('Conversation', conversation.id) }, poster.token);
    expect(created.errors).toBeUndefined();

    const posterView = await signedIn(poster, 'poster');
    await posterView.page.goto('/contracts');
    await sees(posterView.page.getByRole('cell', { name: 'Your turn: fill in the contract' }));
    await expectAccessible(posterView.page, 'contracts, your turn');
    const freelancerView = await signedIn(freelancer, 'freelancer');
    await freelancerView.page.goto('/contracts');
    await sees(freelancerView.page.getByRole('cell', { name: /^Waiting for .+ to fill in the contract$/ }));
  });
});
