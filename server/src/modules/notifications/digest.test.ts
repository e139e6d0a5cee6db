import { toGlobalId } from '../../graphql/global-id';
import { buildConversation, buildCredits, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import { MovableClock } from '../../../test/clock';
import { eventually } from '../../../test/live';
import { TestSmtpServer, type ReceivedMail } from '../../../test/smtp';
import { NotificationDigestsBaseline1796150000001 } from '../../db/migrations/1796150000001-NotificationDigestsBaseline';
import { DIGEST_DELAY_MS } from './digest.service';

const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
const MARK_CONVERSATION_READ = `mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }`;
const PREFERENCES = '{ notificationPreferences { kind emailDigest } }';
const UPDATE = `mutation ($input: UpdateNotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { kind emailDigest } }`;
const PUBLIC_URL = 'https://gigs.example.test';
const ALL_KINDS = ['MESSAGES', 'CONTRACTS', 'REVIEWS', 'SAVED_SEARCHES', 'LISTINGS', 'OTHER'];
const digestSubject = (count: number) => (count === 1 ? 'You have 1 unread notification on TechGigs' : `You have ${count} unread notifications on TechGigs`);

describe('notification digests', () => {
  const smtp = new TestSmtpServer();
  const clock = new MovableClock();
  let t: TestApp;
  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL }, clock });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp.stop();
  });

  const digests = () => t.app.deps.services.digests;

  /** A user whose address is verified (the verification mail itself is tested in account-mail.test.ts). */
  async function verifiedUser(displayName?: string): Promise<BuiltUser> {
    const built = await buildUser(t.app, displayName ? { displayName } : {});
    await t.app.deps.ds.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [built.user.id]);
    return built;
  }

  /** A poster with `count` conversations, each started by a freelancer of its own (the factory's first message is not notified). */
  async function inbox(poster: BuiltUser, count: number, title = 'Build a shop') {
    const employer = await buildEmployer(t.app, poster.user);
    const chats: Array<{ freelancer: BuiltUser; conversationId: string }> = [];
    for (let i = 0; i < count; i++) {
      const listing = await buildListing(t.app, employer, poster.user, { title: `${title} ${i}` });
      const freelancer = await buildUser(t.app, { displayName: `Freelancer ${i}` });
      const conversation = await buildConversation(t.app, listing, freelancer.user);
      chats.push({ freelancer, conversationId: toGlobalId('Conversation', conversation.id) });
    }
    return chats;
  }

  async function digestJobsFor(userId: string): Promise<number> {
    const rows = await t.app.deps.ds.query(`SELECT 1 FROM pgboss.job WHERE name = 'notifications.digest-mail' AND data->>'userId' = $1`, [userId]);
    return rows.length;
  }

  /**
   * Moves the clock past the digest delay, runs the sweep (what the every-minute job runs), then
   * `then` while the clock is still moved (the digest jobs read it too); the clock goes back after.
   */
  async function sweepLater(then: () => Promise<unknown> = async () => {}, ms = DIGEST_DELAY_MS + 60_000): Promise<void> {
    clock.advance(ms);
    try {
      await digests().sweep();
      await then();
    } finally {
      clock.advance(-ms);
    }
  }

  /** Every digest job of the user has finished (none is waiting or running). */
  async function digestJobsSettled(userId: string): Promise<void> {
    await eventually(
      async () =>
        (await t.app.deps.ds.query(`SELECT 1 FROM pgboss.job WHERE name = 'notifications.digest-mail' AND data->>'userId' = $1 AND state < 'completed'`, [userId]))
          .length === 0,
      10_000,
      'the digest jobs to finish',
    );
  }

  /** POSTs to the unsubscribe URL of a digest's header as a mail client does (RFC 8058), on this test's server. */
  function postUnsubscribe(headerUrl: string, body: string | FormData, contentType?: string): Promise<Response> {
    const url = new URL(headerUrl);
    return fetch(`${t.url}${url.pathname}${url.search}`, { method: 'POST', body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) });
  }

  function unsubscribeUrlOf(mail: ReceivedMail): string {
    const header = mail.headers.get('list-unsubscribe') ?? '';
    const match = /^<([^>]+)>$/.exec(header);
    expect(match).not.toBeNull();
    return match![1];
  }

  it('preferences: every kind on by default; updates change only the listed kinds; validated; signed in only', async () => {
    const { token } = await verifiedUser();
    expect(ok(await t.gql(PREFERENCES, {}, token)).notificationPreferences).toEqual(ALL_KINDS.map((kind) => ({ kind, emailDigest: true })));
    const updated = ok(await t.gql(UPDATE, { input: { preferences: [{ kind: 'MESSAGES', emailDigest: false }, { kind: 'REVIEWS', emailDigest: false }] } }, token));
    expect(updated.updateNotificationPreferences).toEqual(ALL_KINDS.map((kind) => ({ kind, emailDigest: kind !== 'MESSAGES' && kind !== 'REVIEWS' })));
    ok(await t.gql(UPDATE, { input: { preferences: [{ kind: 'MESSAGES', emailDigest: true }] } }, token));
    expect(ok(await t.gql(PREFERENCES, {}, token)).notificationPreferences).toEqual(ALL_KINDS.map((kind) => ({ kind, emailDigest: kind !== 'REVIEWS' })));

    const twice = errorOf(await t.gql(UPDATE, { input: { preferences: [{ kind: 'MESSAGES', emailDigest: true }, { kind: 'MESSAGES', emailDigest: false }] } }, token));
    expect(twice.extensions?.code).toBe('BAD_USER_INPUT');
    expect(twice.extensions?.fields).toEqual({ 'preferences.1.kind': expect.any(String) });
    const none = errorOf(await t.gql(UPDATE, { input: { preferences: [] } }, token));
    expect(none.extensions?.fields).toEqual({ preferences: expect.any(String) });
    expect(errorOf(await t.gql(UPDATE, { input: { preferences: [{ kind: 'NOPE', emailDigest: true }] } }, token)).extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    // Nothing changed by the refused calls.
    expect(ok(await t.gql(PREFERENCES, {}, token)).notificationPreferences).toEqual(ALL_KINDS.map((kind) => ({ kind, emailDigest: kind !== 'REVIEWS' })));
    expect(errorOf(await t.gql(PREFERENCES)).extensions?.code).toBe('UNAUTHENTICATED');
    expect(errorOf(await t.gql(UPDATE, { input: { preferences: [{ kind: 'MESSAGES', emailDigest: false }] } })).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a conversation the other person keeps writing in is mailed 15 minutes after its first unread message; after the digest a new message waits anew', async () => {
    const poster = await verifiedUser();
    const [chat] = await inbox(poster, 1, 'Endless chat');
    ok(await t.gql(SEND, { id: chat.conversationId, body: 'the first message' }, chat.freelancer.token));
    // That first message was 14 minutes ago; then the freelancer keeps writing, each message refreshing the one notification.
    await t.app.deps.ds.query(
      `UPDATE notifications SET created_at = created_at - interval '14 minutes', pending_since = pending_since - interval '14 minutes' WHERE user_id = $1`,
      [poster.user.id],
    );
    for (let i = 1; i <= 3; i++) ok(await t.gql(SEND, { id: chat.conversationId, body: `still writing ${i}` }, chat.freelancer.token));
    const [row] = await t.app.deps.ds.query(`SELECT count(*) OVER ()::int AS n, now() - created_at < interval '1 minute' AS fresh FROM notifications WHERE user_id = $1`, [poster.user.id]);
    expect(row).toEqual({ n: 1, fresh: true });

    // Two minutes on: 16 minutes since the first unread message, 2 since the latest.
    await sweepLater(() => smtp.waitFor(() => smtp.mailsTo(poster.user.email).length === 1), 2 * 60_000);
    const [mail] = smtp.mailsTo(poster.user.email);
    expect(mail.subject).toBe(digestSubject(1));
    expect(mail.text).toContain('still writing 3');
    await digestJobsSettled(poster.user.id);

    // Mailed: the next message starts a new 15 minutes, not owed 2 minutes later, owed 16 minutes later.
    ok(await t.gql(SEND, { id: chat.conversationId, body: 'after the digest' }, chat.freelancer.token));
    await sweepLater(() => digestJobsSettled(poster.user.id), 2 * 60_000);
    expect(smtp.mailsTo(poster.user.email)).toHaveLength(1);
    await sweepLater(() => smtp.waitFor(() => smtp.mailsTo(poster.user.email).length === 2));
    expect(smtp.mailsTo(poster.user.email)[1].text).toContain('after the digest');
  });

  it('a renewal marks the old period\'s expiry reminders read (never mailed); a stale reminder is left out of a digest, a current one is worded from the listing\'s end', async () => {
    const poster = await verifiedUser();
    const employer = await buildEmployer(t.app, poster.user);
    await buildCredits(t.app, employer, poster.user, 1);
    const DAY = 24 * 60 * 60 * 1000;
    const oldEnd = new Date(Date.now() + 2 * DAY);
    const listing = await buildListing(t.app, employer, poster.user, { title: 'Renewed gig', expiresAt: oldEnd });
    const remind = (kind: string, payload: Record<string, unknown>) =>
      t.app.deps.ds.transaction((manager) => t.app.deps.services.notifications.add(manager, { userId: poster.user.id, kind, payload: { listingId: listing.id, title: 'Renewed gig', ...payload } }));
    const unreadReminders = async () =>
      (await t.app.deps.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind LIKE 'LISTING_%' AND read_at IS NULL`, [poster.user.id]))[0].n;
    await remind('LISTING_EXPIRING', { expiresAt: oldEnd.toISOString() });
    expect(await unreadReminders()).toBe(1);

    const renewed = await t.app.deps.services.listings.renew(poster.user.id, listing.id);
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(oldEnd.getTime() + DAY);
    expect(await unreadReminders()).toBe(0);
    await sweepLater(() => digestJobsSettled(poster.user.id));
    expect(smtp.mailsTo(poster.user.email)).toHaveLength(0);

    // Reminders written around a renewal (the old end, and the new one): only the current one is mailed, with the listing's end.
    await remind('LISTING_EXPIRING', { expiresAt: oldEnd.toISOString() });
    await remind('LISTING_EXPIRED', { expiredAt: oldEnd.toISOString() });
    await remind('LISTING_EXPIRING', { expiresAt: renewed.expiresAt!.toISOString() });
    await sweepLater(() => smtp.waitFor(() => smtp.mailsTo(poster.user.email).length === 1));
    const [mail] = smtp.mailsTo(poster.user.email);
    const day = (date: Date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(mail.subject).toBe(digestSubject(1));
    expect(mail.text).toContain(`runs out on ${day(renewed.expiresAt!)}`);
    expect(mail.text).not.toContain(day(oldEnd));
    expect(mail.text).not.toContain('ran out');
  });

  it('30 messages in two conversations make one digest after 15 minutes, grouped, escaped, with links and RFC 8058 headers; never twice', async () => {
    const poster = await verifiedUser('Maya <b>Okafor</b>');
    const chats = await inbox(poster, 2, 'Shop & <i>café</i>');
    for (let i = 0; i < 30; i++) {
      const chat = chats[i % 2];
      const body = i === 29 ? 'Last one: <script>alert("x")</script> & more\nsecond line' : `message ${i}`;
      ok(await t.gql(SEND, { id: chat.conversationId, body }, chat.freelancer.token));
    }

    // Not yet 15 minutes: no digest is queued.
    await digests().sweep();
    expect(await digestJobsFor(poster.user.id)).toBe(0);

    let mail!: ReceivedMail;
    await sweepLater(async () => (mail = await smtp.mailTo(poster.user.email, digestSubject(2))));
    expect(mail.to).toBe(poster.user.email);
    // Grouped by conversation, the other party and the gig named, the count of unread messages.
    expect(mail.text).toContain('Messages from Freelancer 0 about “Shop & <i>café</i> 0”');
    expect(mail.text).toContain('Messages from Freelancer 1 about “Shop & <i>café</i> 1”');
    expect(mail.text).toContain('16 unread messages, the latest: “Last one: <script>alert("x")</script> & more second line”');
    // Links from PUBLIC_URL: each conversation, the notifications page, the preferences page, the unsubscribe link.
    const conversationLinks = chats.map((chat) => `${PUBLIC_URL}/inbox/${chat.conversationId}`);
    for (const link of conversationLinks) {
      expect(mail.links).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
    }
    expect(mail.links).toContain(`${PUBLIC_URL}/notifications`);
    expect(mail.links).toContain(`${PUBLIC_URL}/settings/notifications`);
    expect(mail.links.every((link) => link.startsWith(`${PUBLIC_URL}/`))).toBe(true);
    // Everything user-written is escaped in the HTML part.
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<i>café');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(mail.html).toContain('Shop &amp; &lt;i&gt;café&lt;/i&gt; 0');

    // RFC 8058: the one-click unsubscribe headers.
    const unsubscribeUrl = unsubscribeUrlOf(mail);
    expect(unsubscribeUrl).toMatch(new RegExp(`^${PUBLIC_URL}/unsubscribe\\?token=[A-Za-z0-9_-]{43}$`));
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.links).toContain(unsubscribeUrl);

    // Never twice: a later sweep finds nothing new to mail; one digest job ran.
    await sweepLater(async () => {
      await digestJobsSettled(poster.user.id);
      await digests().sendDigest(poster.user.id);
    }, DIGEST_DELAY_MS * 3);
    expect(await digestJobsFor(poster.user.id)).toBe(1);
    expect(smtp.mailsTo(poster.user.email)).toHaveLength(1);

    // A new message refreshes its conversation's notification: that new occurrence is mailed once, alone.
    ok(await t.gql(SEND, { id: chats[0].conversationId, body: 'are you there?' }, chats[0].freelancer.token));
    let second!: ReceivedMail;
    await sweepLater(async () => (second = await smtp.mailTo(poster.user.email, digestSubject(1))));
    expect(second.text).toContain('17 unread messages, the latest: “are you there?”');
    expect(second.text).not.toContain('Freelancer 1');
    expect(unsubscribeUrlOf(second)).not.toBe(unsubscribeUrl);
  });

  it('one-click unsubscribe: a POST as mail clients send it turns every digest off, idempotently, without sign-in; GET and bad requests change nothing', async () => {
    const poster = await verifiedUser();
    const [chat] = await inbox(poster, 1);
    ok(await t.gql(SEND, { id: chat.conversationId, body: 'hello' }, chat.freelancer.token));
    let url = '';
    await sweepLater(async () => (url = unsubscribeUrlOf(await smtp.mailTo(poster.user.email, digestSubject(1)))));
    const preferences = async () => ok(await t.gql(PREFERENCES, {}, poster.token)).notificationPreferences;

    // A scanner following the link changes nothing: a GET is the web app's page (or 405 without a
    // built web app), which asks for a click.
    const scanned = await fetch(`${t.url}${new URL(url).pathname}${new URL(url).search}`);
    expect(await scanned.text()).not.toContain('unsubscribed');
    const wrongBody = await postUnsubscribe(url, 'List-Unsubscribe=Yes', 'application/x-www-form-urlencoded');
    expect(wrongBody.status).toBe(400);
    expect(((await wrongBody.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    const badToken = await postUnsubscribe(`${PUBLIC_URL}/unsubscribe?token=${'A'.repeat(43)}`, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
    expect(badToken.status).toBe(404);
    expect(((await badToken.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await preferences()).every((p: { emailDigest: boolean }) => p.emailDigest)).toBe(true);

    const clicked = await postUnsubscribe(url, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
    expect(clicked.status).toBe(200);
    expect(await clicked.json()).toEqual({ unsubscribed: true });
    expect(await preferences()).toEqual(ALL_KINDS.map((kind) => ({ kind, emailDigest: false })));
    // Again, and as multipart/form-data (the other encoding RFC 8058 allows): still fine.
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    expect((await postUnsubscribe(url, form)).status).toBe(200);
    expect(await preferences()).toEqual(ALL_KINDS.map((kind) => ({ kind, emailDigest: false })));

    // Unsubscribed: new notifications bring no digest.
    ok(await t.gql(SEND, { id: chat.conversationId, body: 'still there?' }, chat.freelancer.token));
    await sweepLater(() => digests().sendDigest(poster.user.id));
    expect(await digestJobsFor(poster.user.id)).toBe(1);
    expect(smtp.mailsTo(poster.user.email)).toHaveLength(1);

    // The link stops working after 90 days.
    clock.advanceDays(91);
    try {
      expect((await postUnsubscribe(url, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded')).status).toBe(404);
    } finally {
      clock.advanceDays(-91);
    }
  });

  it('only notifications still unread, of kinds the user wants, to verified addresses', async () => {
    const poster = await verifiedUser();
    const chats = await inbox(poster, 3);
    for (const chat of chats) ok(await t.gql(SEND, { id: chat.conversationId, body: `hi from ${chat.conversationId}` }, chat.freelancer.token));
    // Read one conversation before the digest: it is not listed.
    ok(await t.gql(MARK_CONVERSATION_READ, { id: chats[0].conversationId }, poster.token));
    // A saved search match for a kind that is turned off.
    ok(await t.gql(UPDATE, { input: { preferences: [{ kind: 'SAVED_SEARCHES', emailDigest: false }] } }, poster.token));
    await t.app.deps.services.notifications.add(t.app.deps.ds.manager, { userId: poster.user.id, kind: 'SAVED_SEARCH_MATCH', payload: { listingTitle: 'Off' } });

    const unverified = await buildUser(t.app);
    await t.app.deps.ds.query(`UPDATE users SET email_verified_at = NULL WHERE id = $1`, [unverified.user.id]);
    const [theirs] = await inbox(unverified, 1);
    ok(await t.gql(SEND, { id: theirs.conversationId, body: 'nobody mails this' }, theirs.freelancer.token));

    let mail!: ReceivedMail;
    await sweepLater(async () => {
      mail = await smtp.mailTo(poster.user.email, digestSubject(2));
      await digests().sendDigest(unverified.user.id);
    });
    expect(mail.links).not.toContain(`${PUBLIC_URL}/inbox/${chats[0].conversationId}`);
    expect(mail.links).toContain(`${PUBLIC_URL}/inbox/${chats[1].conversationId}`);
    expect(mail.links).toContain(`${PUBLIC_URL}/inbox/${chats[2].conversationId}`);
    expect(mail.text).not.toContain('Off');

    expect(await digestJobsFor(unverified.user.id)).toBe(0);
    expect(smtp.mailsTo(unverified.user.email)).toHaveLength(0);
  });

  it('a refused delivery gives the notifications back: the retry mails them', async () => {
    const poster = await verifiedUser();
    const [chat] = await inbox(poster, 1);
    ok(await t.gql(SEND, { id: chat.conversationId, body: 'retry me' }, chat.freelancer.token));
    clock.advance(DIGEST_DELAY_MS + 60_000);
    try {
      smtp.refuseNext(poster.user.email);
      await expect(digests().sendDigest(poster.user.id)).rejects.toThrow();
      expect(smtp.mailsTo(poster.user.email)).toHaveLength(0);
      await digests().sendDigest(poster.user.id);
    } finally {
      clock.advance(-(DIGEST_DELAY_MS + 60_000));
    }
    const mail = await smtp.mailTo(poster.user.email, digestSubject(1));
    expect(mail.text).toContain('retry me');
  });
  it('is scheduled every minute in the queue, and two instances sweeping and sending at once mail one digest', async () => {
    const [schedule] = await t.app.deps.ds.query(`SELECT cron FROM pgboss.schedule WHERE name = 'notifications.digest-sweep'`);
    expect(schedule?.cron).toBe('* * * * *');

    const other = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL }, clock });
    try {
      const poster = await verifiedUser();
      const chats = await inbox(poster, 2);
      for (const chat of chats) ok(await t.gql(SEND, { id: chat.conversationId, body: 'twice?' }, chat.freelancer.token));
      const listing = chats[0];
      const listingId = (await t.app.deps.ds.query(`SELECT listing_id FROM conversations WHERE freelancer_user_id = $1`, [listing.freelancer.user.id]))[0].listing_id;
      // The reminder is about the listing's current end (a stale one is left out: see the renewal test).
      await t.app.deps.ds.query(`UPDATE listings SET expires_at = '2026-12-03T10:00:00.000Z' WHERE id = $1`, [listingId]);
      await t.app.deps.services.notifications.add(t.app.deps.ds.manager, {
        userId: poster.user.id,
        kind: 'LISTING_EXPIRING',
        payload: { listingId, title: 'x', expiresAt: '2026-12-03T10:00:00.000Z' },
      });
      await sweepLater(async () => {
        await Promise.all([
          other.app.deps.services.digests.sweep(),
          digests().sendDigest(poster.user.id),
          other.app.deps.services.digests.sendDigest(poster.user.id),
        ]);
        await smtp.mailTo(poster.user.email, digestSubject(3));
        await digestJobsSettled(poster.user.id);
      });
      const [mail] = smtp.mailsTo(poster.user.email);
      expect(smtp.mailsTo(poster.user.email)).toHaveLength(1);
      expect(mail.text).toContain('Your gig “Build a shop 0”');
      expect(mail.text).toContain('Its posting runs out on 3 December 2026 (UTC)');
    } finally {
      await other.stop();
    }
  });
  it('the upgrade counts notifications left unread before digests existed as mailed (migration NotificationDigestsBaseline)', async () => {
    const poster = await verifiedUser();
    const [chat] = await inbox(poster, 1);
    ok(await t.gql(SEND, { id: chat.conversationId, body: 'before digests' }, chat.freelancer.token));
    const runner = t.app.deps.ds.createQueryRunner();
    try {
      await new NotificationDigestsBaseline1796150000001().up(runner);
    } finally {
      await runner.release();
    }
    await sweepLater(() => digests().sendDigest(poster.user.id));
    expect(await digestJobsFor(poster.user.id)).toBe(0);
    expect(smtp.mailsTo(poster.user.email)).toHaveLength(0);
  });
});
