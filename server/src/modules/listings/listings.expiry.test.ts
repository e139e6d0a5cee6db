import { toGlobalId } from '../../graphql/global-id';
import { MovableClock } from '../../../test/clock';
import { codeOf } from '../../../test/expect';
import { buildContract, buildConversation, buildCredits, buildEmployer, buildListing, buildUser, type BuiltUser } from '../../../test/factories';
import { errorOf, ok, startTestApp, useTestApp, type TestApp } from '../../../test/harness';
import { listingGid } from '../../../test/ids';
import { connectLive, eventually, LiveSubscription, waitForSubscribers, type LiveSocket } from '../../../test/live';
import type { EmployerEntity } from '../employers/employer.entity';
import type { ListingEntity } from './listing.entity';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { LISTING_EXPIRY_JOB } from './listing-expiry.service';

const DAY = 24 * 60 * 60 * 1000;
const LISTING_DAYS = 10;

const clock = new MovableClock();
const t = useTestApp({ clock, redis: true, env: { LISTING_DAYS: String(LISTING_DAYS) } });

const sockets: LiveSocket[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
});

const FIELDS = 'id status active expiresAt publishedAt';
const LISTING = `query ($id: ID!) { listing(id: $id) { ${FIELDS} } }`;
const PUBLISH = `mutation ($id: ID!) { publishListing(id: $id) { ${FIELDS} } }`;
const RENEW = `mutation ($id: ID!) { renewListing(id: $id) { ${FIELDS} } }`;
const CATALOGUE = `query ($employerId: ID!) { listings(filter: { employerId: $employerId }) { edges { node { id } } } }`;
const EMPLOYER_LISTINGS = `query ($id: ID!) { employer(id: $id) { listings { edges { node { id status } } } } }`;
const NOTIFICATIONS = `{ notifications(first: 50) { edges { node { kind payload } } } }`;
const NOTIFICATION_ADDED = `subscription { notificationAdded { kind payload } }`;
const START = `mutation ($listingId: ID!, $body: String!) { startConversation(listingId: $listingId, body: $body) { id } }`;
const SEND = `mutation ($id: ID!, $body: String!) { sendMessage(conversationId: $id, body: $body) { id } }`;
const SIGN = `mutation ($contractId: ID!, $version: Int!) { signContract(contractId: $contractId, version: $version) { id status } }`;

interface Team {
  owner: BuiltUser;
  member: BuiltUser;
  employer: EmployerEntity;
}

async function team(app: TestApp = t, credits = 0): Promise<Team> {
  const owner = await buildUser(app.app);
  const member = await buildUser(app.app);
  const employer = await buildEmployer(app.app, owner.user, { members: [{ user: member.user }] });
  if (credits) await buildCredits(app.app, employer, owner.user, credits);
  return { owner, member, employer };
}

/** A listing published through the API, so its period is the app's (`clock.now()` + LISTING_DAYS). */
async function published(who: Team, app: TestApp = t): Promise<ListingEntity> {
  const draft = await buildListing(app.app, who.employer, who.owner.user, { status: 'DRAFT' });
  ok(await app.gql(PUBLISH, { id: listingGid(draft) }, who.owner.token));
  return draft;
}

async function row(listing: { id: string }): Promise<{ status: string; expires_at: Date; expiry_reminded_at: Date | null }> {
  const [found] = await t.app.deps.ds.query('SELECT status, expires_at, expiry_reminded_at FROM listings WHERE id = $1', [listing.id]);
  return found;
}

async function unspent(employer: EmployerEntity): Promise<number> {
  const [{ n }] = await t.app.deps.ds.query('SELECT count(*)::int AS n FROM credits WHERE employer_id = $1 AND listing_id IS NULL', [employer.id]);
  return n;
}

async function kindsFor(user: BuiltUser, listing: { id: string }, app: TestApp = t): Promise<string[]> {
  const { notifications } = ok(await app.gql(NOTIFICATIONS, {}, user.token));
  return notifications.edges
    .map((edge: { node: { kind: string; payload: { listingId?: string } } }) => edge.node)
    .filter((node: { payload: { listingId?: string } }) => node.payload.listingId === listingGid(listing))
    .map((node: { kind: string }) => node.kind);
}

const inCatalogue = async (who: Team, listing: { id: string }) =>
  ok(await t.gql(CATALOGUE, { employerId: toGlobalId('Employer', who.employer.id) })).listings.edges.some(
    (edge: { node: { id: string } }) => edge.node.id === listingGid(listing),
  );

describe('posting period', () => {
  it(`publishing buys LISTING_DAYS (${LISTING_DAYS}) from now: expiresAt`, async () => {
    const who = await team(t, 1);
    const before = clock.now().getTime();
    const listing = await published(who);
    const { expiresAt } = ok(await t.gql(LISTING, { id: listingGid(listing) })).listing;
    expect(new Date(expiresAt).getTime()).toBeGreaterThanOrEqual(before + LISTING_DAYS * DAY);
    expect(new Date(expiresAt).getTime()).toBeLessThan(clock.now().getTime() + LISTING_DAYS * DAY + 1000);
  });

  it('three days before the end every member is reminded, live and once; at the end it expires, leaves the catalogue and the members are told', async () => {
    const who = await team(t, 1);
    const listing = await published(who);
    const socket = connectLive(t.url, who.member.token);
    sockets.push(socket);
    const live = new LiveSubscription<{ notificationAdded: { kind: string; payload: { listingId: string } } }>(socket, NOTIFICATION_ADDED);
    await waitForSubscribers(notificationAddedTopic(who.member.user.id));

    clock.advanceDays(LISTING_DAYS - 4);
    await t.app.deps.services.listingExpiry.sweep();
    expect((await row(listing)).expiry_reminded_at).toBeNull();

    clock.advanceDays(1.5);
    await t.app.deps.services.listingExpiry.sweep();
    expect((await row(listing)).expiry_reminded_at).toBeInstanceOf(Date);
    await live.until(() => live.data.some((d) => d.notificationAdded.payload.listingId === listingGid(listing)));
    expect(live.data.map((d) => d.notificationAdded).find((n) => n.payload.listingId === listingGid(listing))).toMatchObject({
      kind: 'LISTING_EXPIRING',
      payload: { listingId: listingGid(listing), expiresAt: (await row(listing)).expires_at.toISOString() },
    });
    // A second sweep in the same period reminds nobody again.
    await t.app.deps.services.listingExpiry.sweep();
    for (const user of [who.owner, who.member]) expect(await kindsFor(user, listing)).toEqual(['LISTING_EXPIRING']);
    expect(ok(await t.gql(LISTING, { id: listingGid(listing) })).listing).toMatchObject({ status: 'PUBLISHED', active: true });

    clock.advanceDays(3);
    await t.app.deps.services.listingExpiry.sweep();
    expect((await row(listing)).status).toBe('EXPIRED');
    expect(ok(await t.gql(LISTING, { id: listingGid(listing) })).listing).toMatchObject({ status: 'EXPIRED', active: false });
    expect(await inCatalogue(who, listing)).toBe(false);
    const publicView = ok(await t.gql(EMPLOYER_LISTINGS, { id: toGlobalId('Employer', who.employer.id) })).employer.listings.edges;
    expect(publicView.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(listingGid(listing));
    const memberView = ok(await t.gql(EMPLOYER_LISTINGS, { id: toGlobalId('Employer', who.employer.id) }, who.member.token)).employer.listings.edges;
    expect(memberView).toContainEqual({ node: { id: listingGid(listing), status: 'EXPIRED' } });
    // The unread reminder is replaced by the expiry: one notification per listing and member.
    for (const user of [who.owner, who.member]) expect(await kindsFor(user, listing)).toEqual(['LISTING_EXPIRED']);
    await live.until(() => live.data.some((d) => d.notificationAdded.kind === 'LISTING_EXPIRED' && d.notificationAdded.payload.listingId === listingGid(listing)));
  });

  it('the catalogue never shows a listing past its end, even before the job has run', async () => {
    const who = await team(t, 1);
    const listing = await published(who);
    expect(await inCatalogue(who, listing)).toBe(true);
    // The job is late: the end has passed in the database's own time, the status still says PUBLISHED.
    await t.app.deps.ds.query(`UPDATE listings SET expires_at = now() - interval '1 second' WHERE id = $1`, [listing.id]);
    expect((await row(listing)).status).toBe('PUBLISHED');
    expect(await inCatalogue(who, listing)).toBe(false);
    expect(ok(await t.gql(LISTING, { id: listingGid(listing) })).listing).toMatchObject({ status: 'EXPIRED', active: false });
    const freelancer = await buildUser(t.app);
    const refused = errorOf(await t.gql(START, { listingId: listingGid(listing), body: 'Still open?' }, freelancer.token));
    expect(refused.extensions?.code).toBe('CONFLICT');
    expect(refused.message).toBe('This gig has expired: it takes no new conversations unless its poster renews it');
  });

  it('conversations and contracts of an expired listing go on; it takes no new conversation', async () => {
    const who = await team(t, 1);
    const listing = await published(who);
    const freelancer = await buildUser(t.app);
    const conversation = await buildConversation(t.app, listing, freelancer.user);
    const contract = await buildContract(t.app, conversation);

    clock.advanceDays(LISTING_DAYS + 1);
    await t.app.deps.services.listingExpiry.sweep();
    expect((await row(listing)).status).toBe('EXPIRED');

    const conversationId = toGlobalId('Conversation', conversation.id);
    ok(await t.gql(SEND, { id: conversationId, body: 'The gig expired, but we go on.' }, freelancer.token));
    ok(await t.gql(SEND, { id: conversationId, body: 'Yes, sign when ready.' }, who.owner.token));
    const contractId = toGlobalId('Contract', contract.id);
    expect(ok(await t.gql(SIGN, { contractId, version: 1 }, freelancer.token)).signContract.status).toBe('DRAFT');
    expect(ok(await t.gql(SIGN, { contractId, version: 1 }, who.owner.token)).signContract.status).toBe('ACTIVE');

    const newcomer = await buildUser(t.app);
    const refused = errorOf(await t.gql(START, { listingId: listingGid(listing), body: 'Is this still open?' }, newcomer.token));
    expect(refused.extensions?.code).toBe('CONFLICT');
    // It has expired, not closed: its poster may renew it.
    expect(refused.message).toBe('This gig has expired: it takes no new conversations unless its poster renews it');
    const closed = await buildListing(t.app, who.employer, who.owner.user, { status: 'CLOSED' });
    const closedRefusal = errorOf(await t.gql(START, { listingId: listingGid(closed), body: 'Is this still open?' }, newcomer.token));
    expect(closedRefusal.extensions?.code).toBe('CONFLICT');
    expect(closedRefusal.message).toBe('This gig is closed: it takes no new conversations');
  });
});

describe('renewListing', () => {
  it('while it runs: adds a period to expiresAt and spends one credit; the reminder is due again', async () => {
    const who = await team(t, 3);
    const listing = await published(who);
    const firstEnd = (await row(listing)).expires_at;
    clock.advanceDays(LISTING_DAYS - 2);
    await t.app.deps.services.listingExpiry.sweep();
    expect((await row(listing)).expiry_reminded_at).toBeInstanceOf(Date);

    const renewed = ok(await t.gql(RENEW, { id: listingGid(listing) }, who.member.token)).renewListing;
    expect(renewed).toMatchObject({ status: 'PUBLISHED', active: true });
    expect(new Date(renewed.expiresAt).getTime()).toBe(firstEnd.getTime() + LISTING_DAYS * DAY);
    expect(await unspent(who.employer)).toBe(1);
    expect((await row(listing)).expiry_reminded_at).toBeNull();
    const spends = await t.app.deps.ds.query('SELECT count(*)::int AS n FROM credits WHERE listing_id = $1', [listing.id]);
    expect(spends[0].n).toBe(2);

    // Past the first end, not the second: still published, no reminder yet.
    clock.advanceDays(3);
    await t.app.deps.services.listingExpiry.sweep();
    expect(await row(listing)).toMatchObject({ status: 'PUBLISHED', expiry_reminded_at: null });
  });

  it('once expired: a period from now, PUBLISHED again and back in the catalogue', async () => {
    const who = await team(t, 2);
    const listing = await published(who);
    clock.advanceDays(LISTING_DAYS + 5);
    await t.app.deps.services.listingExpiry.sweep();
    expect((await row(listing)).status).toBe('EXPIRED');

    const now = clock.now().getTime();
    const renewed = ok(await t.gql(RENEW, { id: listingGid(listing) }, who.owner.token)).renewListing;
    expect(renewed).toMatchObject({ status: 'PUBLISHED', active: true });
    expect(new Date(renewed.expiresAt).getTime()).toBeGreaterThanOrEqual(now + LISTING_DAYS * DAY);
    expect(new Date(renewed.expiresAt).getTime()).toBeLessThan(clock.now().getTime() + LISTING_DAYS * DAY + 1000);
    expect(await unspent(who.employer)).toBe(0);
    expect(await inCatalogue(who, listing)).toBe(true);
    // Publishing an expired listing is not how it comes back.
    clock.advanceDays(LISTING_DAYS + 1);
    await t.app.deps.services.listingExpiry.sweep();
    expect(errorOf(await t.gql(PUBLISH, { id: listingGid(listing) }, who.owner.token)).extensions?.code).toBe('CONFLICT');
  });

  it('refuses without a credit (nothing changes), a draft, a closed listing, a non-member and an unverified member', async () => {
    const who = await team(t, 1);
    const listing = await published(who);
    const end = (await row(listing)).expires_at;
    expect(codeOf(await t.gql(RENEW, { id: listingGid(listing) }, who.owner.token))).toBe('PAYMENT_REQUIRED');
    expect((await row(listing)).expires_at).toEqual(end);

    await buildCredits(t.app, who.employer, who.owner.user, 1);
    const stranger = await buildUser(t.app);
    expect(codeOf(await t.gql(RENEW, { id: listingGid(listing) }, stranger.token))).toBe('FORBIDDEN');
    const unverified = await buildUser(t.app, { verified: false });
    await t.app.deps.ds.query(`INSERT INTO employer_members (employer_id, user_id, role) VALUES ($1, $2, 'MEMBER')`, [who.employer.id, unverified.user.id]);
    const refused = errorOf(await t.gql(RENEW, { id: listingGid(listing) }, unverified.token));
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/Verify your email address to renew a listing/);

    const draft = await buildListing(t.app, who.employer, who.owner.user, { status: 'DRAFT' });
    expect(codeOf(await t.gql(RENEW, { id: listingGid(draft) }, who.owner.token))).toBe('CONFLICT');
    const closed = await buildListing(t.app, who.employer, who.owner.user, { status: 'CLOSED' });
    expect(codeOf(await t.gql(RENEW, { id: listingGid(closed) }, who.owner.token))).toBe('CONFLICT');
    expect(await unspent(who.employer)).toBe(1);
    expect((await row(listing)).expires_at).toEqual(end);
  });
});

describe('unverified email', () => {
  it('may do the rest but not publish: FORBIDDEN saying what to do, nothing spent', async () => {
    const owner = await buildUser(t.app, { verified: false });
    const employer = await buildEmployer(t.app, owner.user);
    await buildCredits(t.app, employer, owner.user, 1);
    const draft = await buildListing(t.app, employer, owner.user, { status: 'DRAFT' });
    const refused = errorOf(await t.gql(PUBLISH, { id: listingGid(draft) }, owner.token));
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    expect(refused.message).toBe(
      'Verify your email address to publish a listing: follow the link we mailed you at sign-up, or ask for a new link from the banner at the top of the page',
    );
    expect(await unspent(employer)).toBe(1);
    expect((await row(draft)).status).toBe('DRAFT');

    await t.app.deps.ds.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [owner.user.id]);
    expect(ok(await t.gql(PUBLISH, { id: listingGid(draft) }, owner.token)).publishListing.status).toBe('PUBLISHED');
  });

  it('may message and be offered a contract but not sign it: FORBIDDEN, the contract unsigned', async () => {
    const who = await team(t);
    const listing = await buildListing(t.app, who.employer, who.owner.user, { expiresAt: new Date(clock.now().getTime() + DAY) });
    const freelancer = await buildUser(t.app, { verified: false });
    const conversation = await buildConversation(t.app, listing, freelancer.user);
    ok(await t.gql(SEND, { id: toGlobalId('Conversation', conversation.id), body: 'I can build this next week.' }, freelancer.token));
    const contract = await buildContract(t.app, conversation);
    const contractId = toGlobalId('Contract', contract.id);
    const refused = errorOf(await t.gql(SIGN, { contractId, version: 1 }, freelancer.token));
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/^Verify your email address to sign a contract: /);
    const [stored] = await t.app.deps.ds.query('SELECT worker_signed_at FROM contracts WHERE id = $1', [contract.id]);
    expect(stored.worker_signed_at).toBeNull();
    // The poster, verified, signs as always.
    expect(ok(await t.gql(SIGN, { contractId, version: 1 }, who.owner.token)).signContract.status).toBe('DRAFT');
  });
});

describe('the expiry job (pg-boss)', () => {
  it('is scheduled every minute, and two instances sharing one queue run each sweep once', async () => {
    const shared = new MovableClock();
    const [a, b] = [await startTestApp({ clock: shared }), await startTestApp({ clock: shared })];
    try {
      const [schedule] = await a.app.deps.ds.query(`SELECT cron FROM pgboss.schedule WHERE name = $1`, [LISTING_EXPIRY_JOB.name]);
      expect(schedule.cron).toBe('* * * * *');

      const who = await team(a, 3);
      const listings = [await published(who, a), await published(who, a), await published(who, a)];
      shared.advanceDays(31);
      const [{ since }] = await a.app.deps.ds.query('SELECT now() AS since');
      // Six sweeps at once, three sent by each instance; both instances run jobs.
      await Promise.all([a, b, a, b, a, b].map((app) => app.app.deps.services.listingExpiry.sweepSoon()));
      await eventually(async () => {
        const [{ done }] = await a.app.deps.ds.query(
          `SELECT count(*) FILTER (WHERE state = 'completed' AND retry_count = 0)::int AS done FROM pgboss.job WHERE name = $1 AND created_on >= $2`,
          [LISTING_EXPIRY_JOB.name, since],
        );
        return done >= 6;
      }, 20_000, 'the six sweeps to complete');
      // Each ran once (no retry); whichever ran first expired the listings, the others found nothing due.

      for (const listing of listings) {
        const [{ status }] = await a.app.deps.ds.query('SELECT status FROM listings WHERE id = $1', [listing.id]);
        expect(status).toBe('EXPIRED');
        for (const user of [who.owner, who.member]) expect(await kindsFor(user, listing, a)).toEqual(['LISTING_EXPIRED']);
      }
      const [{ n }] = await a.app.deps.ds.query(
        `SELECT count(*)::int AS n FROM notifications WHERE kind = 'LISTING_EXPIRED' AND payload->>'listingId' = ANY($1)`,
        [listings.map((listing) => listing.id)],
      );
      expect(n).toBe(listings.length * 2);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
