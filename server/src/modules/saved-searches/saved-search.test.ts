import { toGlobalId } from '../../graphql/global-id';
import { buildCredits, buildEmployer, buildListing, buildUser, DEFAULT_TERMS, type BuiltUser } from '../../../test/factories';
import { errorOf, ok, startTestApp, type TestApp } from '../../../test/harness';
import { closeRedisProbes, connectLive, LiveSubscription, waitForSubscribers, type LiveSocket } from '../../../test/live';
import type { ListingEntity } from '../listings/listing.entity';
import type { ListingTerms } from '../listings/listing-terms';
import { NotificationEntity } from '../notifications/notification.entity';
import { notificationAddedTopic } from '../notifications/notifications.events';
import { toPayloadType } from '../notifications/notification.type';
import { SavedSearchEntity } from './saved-search.entity';

const SAVE = `mutation ($input: SaveSearchInput!) {
  saveSearch(input: $input) {
    id name createdAt
    filter { search technologies { id name } projectTypes { id name } projectSuperTypes { id name } budget { currency minCents maxCents } budgetKind remoteOnly }
  }
}`;
const LIST = `{ savedSearches { id name } }`;
const LIST_FILTERS = `{ savedSearches { id filter { budget { currency minCents maxCents } budgetKind remoteOnly } } }`;
const CATALOGUE = `query ($filter: ListingFilter) { listings(filter: $filter, first: 50) { edges { node { id } } } }`;
const DELETE = `mutation ($id: ID!) { deleteSavedSearch(id: $id) }`;
const PUBLISH = `mutation ($id: ID!) { publishListing(id: $id) { id status } }`;
const NOTIFICATION_ADDED = `subscription { notificationAdded { id kind payload } }`;

// Seeded taxonomy ids (the taxonomy migration fixes them).
const TYPESCRIPT = toGlobalId('Technology', 2);
const RUST = toGlobalId('Technology', 6);
const POSTGRESQL = toGlobalId('Technology', 25);
const WEB_BACKEND = toGlobalId('ProjectType', 9);
const MOBILE_IOS = toGlobalId('ProjectType', 5);
const SOFTWARE = toGlobalId('ProjectSuperType', 1);
const DESIGN = toGlobalId('ProjectSuperType', 2);

let t: TestApp;
const sockets: LiveSocket[] = [];
beforeAll(async () => {
  t = await startTestApp({ redis: true });
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await t.stop();
  await closeRedisProbes();
});

type Filter = {
  search?: string;
  technologyIds?: string[];
  projectTypeIds?: string[];
  projectSuperTypeIds?: string[];
  budget?: { currency: string; minCents?: number; maxCents?: number };
  budgetKind?: 'FIXED' | 'HOURLY';
  remoteOnly?: boolean;
};

async function saveSearch(user: BuiltUser, filter: Filter, name = 'My alert'): Promise<string> {
  return ok(await t.gql(SAVE, { input: { name, filter } }, user.token)).saveSearch.id;
}

/** A draft (Web · Backend, TypeScript + PostgreSQL) of an employer with one credit to publish it. */
async function draftGig(overrides: { title?: string; description?: string; technologyIds?: number[]; projectTypeId?: number; terms?: Partial<ListingTerms> } = {}) {
  const poster = await buildUser(t.app);
  const member = await buildUser(t.app);
  const employer = await buildEmployer(t.app, poster.user, { members: [{ user: member.user }] });
  await buildCredits(t.app, employer, poster.user, 2);
  const listing = await buildListing(t.app, employer, poster.user, {
    status: 'DRAFT',
    title: overrides.title ?? 'Realtime dashboard for a logistics startup',
    description: overrides.description ?? 'Build a websocket backend that streams delivery positions to a dashboard.',
    technologyIds: overrides.technologyIds ?? [2, 25],
    projectTypeId: overrides.projectTypeId ?? 9,
    terms: overrides.terms,
  });
  return { poster, member, listing, employer };
}

async function publish(listing: ListingEntity, poster: BuiltUser): Promise<void> {
  expect(ok(await t.gql(PUBLISH, { id: toGlobalId('Listing', listing.id) }, poster.token)).publishListing.status).toBe('PUBLISHED');
}

/** The user's stored match notifications, their payloads as the API presents them (global ids). */
async function matchesOf(user: BuiltUser): Promise<NotificationEntity[]> {
  const stored = await t.app.deps.ds.getRepository(NotificationEntity).findBy({ userId: user.user.id, kind: 'SAVED_SEARCH_MATCH' });
  return stored.map((notification) => ({ ...notification, payload: toPayloadType(notification.payload) }));
}

describe('saveSearch, savedSearches, deleteSavedSearch', () => {
  it('saves a filter, resolving its taxonomy ids, and lists the viewer’s own, newest first', async () => {
    const user = await buildUser(t.app);
    const other = await buildUser(t.app);
    const saved = ok(
      await t.gql(SAVE, { input: { name: '  Backend TS  ', filter: { search: ' websocket ', technologyIds: [TYPESCRIPT, POSTGRESQL], projectSuperTypeIds: [SOFTWARE] } } }, user.token),
    ).saveSearch;
    expect(saved).toMatchObject({
      name: 'Backend TS',
      filter: {
        search: 'websocket',
        technologies: [{ id: TYPESCRIPT, name: 'TypeScript' }, { id: POSTGRESQL, name: 'PostgreSQL' }],
        projectTypes: [],
        projectSuperTypes: [{ id: SOFTWARE, name: 'Software' }],
      },
    });
    const second = await saveSearch(user, {}, 'Everything');
    await saveSearch(other, {}, 'Not yours');
    expect(ok(await t.gql(LIST, {}, user.token)).savedSearches.map((s: { id: string }) => s.id)).toEqual([second, saved.id]);
  });

  it('deletes only the viewer’s own', async () => {
    const user = await buildUser(t.app);
    const other = await buildUser(t.app);
    const id = await saveSearch(user, { technologyIds: [RUST] });
    expect(errorOf(await t.gql(DELETE, { id }, other.token)).extensions?.code).toBe('NOT_FOUND');
    expect(await t.app.deps.ds.getRepository(SavedSearchEntity).countBy({ userId: user.user.id })).toBe(1);
    expect(ok(await t.gql(DELETE, { id }, user.token)).deleteSavedSearch).toBe(id);
    expect(ok(await t.gql(LIST, {}, user.token)).savedSearches).toEqual([]);
    expect(errorOf(await t.gql(LIST)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('names every bad field and saves nothing', async () => {
    const user = await buildUser(t.app);
    const error = errorOf(
      await t.gql(SAVE, { input: { name: '   ', filter: { search: 'x'.repeat(201), technologyIds: [WEB_BACKEND] } } }, user.token),
    );
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(error.extensions?.fields ?? {}).sort()).toEqual(['filter.search', 'name']);

    const unknown = errorOf(await t.gql(SAVE, { input: { name: 'ok', filter: { technologyIds: [WEB_BACKEND], projectTypeIds: [TYPESCRIPT] } } }, user.token));
    expect(unknown.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { 'filter.technologyIds': expect.any(String), 'filter.projectTypeIds': expect.any(String) },
    });
    expect(await t.app.deps.ds.getRepository(SavedSearchEntity).countBy({ userId: user.user.id })).toBe(0);
  });

  it('saves the terms filters (budget range and currency, budget kind, remote only) and lists them', async () => {
    const user = await buildUser(t.app);
    const terms: Filter = { remoteOnly: true, budgetKind: 'HOURLY', budget: { currency: 'USD', minCents: 5_000, maxCents: 10_000 } };
    const saved = ok(await t.gql(SAVE, { input: { name: 'Remote, hourly, USD 50–100', filter: terms } }, user.token)).saveSearch;
    expect(saved.filter).toMatchObject({ budget: { currency: 'USD', minCents: 5_000, maxCents: 10_000 }, budgetKind: 'HOURLY', remoteOnly: true });
    const plain = await saveSearch(user, { budget: { currency: 'EUR', minCents: 2_000 } });
    expect(ok(await t.gql(LIST_FILTERS, {}, user.token)).savedSearches).toEqual([
      { id: plain, filter: { budget: { currency: 'EUR', minCents: 2_000, maxCents: null }, budgetKind: null, remoteOnly: false } },
      { id: saved.id, filter: { budget: { currency: 'USD', minCents: 5_000, maxCents: 10_000 }, budgetKind: 'HOURLY', remoteOnly: true } },
    ]);
  });

  it('refuses terms the catalogue refuses, naming the field', async () => {
    const user = await buildUser(t.app);
    const reversed = errorOf(await t.gql(SAVE, { input: { name: 'ok', filter: { budget: { currency: 'USD', minCents: 10_000, maxCents: 5_000 } } } }, user.token));
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { 'filter.budget.maxCents': expect.any(String) } });
    const currency = errorOf(await t.gql(SAVE, { input: { name: 'ok', filter: { budget: { currency: 'dollars' } } } }, user.token));
    expect(currency.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { 'filter.budget.currency': expect.any(String) } });
    // A reversed range is named in the same response as the fields' own faults (a blank name, a bad currency).
    const all = errorOf(await t.gql(SAVE, { input: { name: ' ', filter: { budget: { currency: 'usd', minCents: 10_000, maxCents: 5_000 } } } }, user.token));
    expect(Object.keys(all.extensions?.fields ?? {}).sort()).toEqual(['filter.budget.currency', 'filter.budget.maxCents', 'name']);
    expect(await t.app.deps.ds.getRepository(SavedSearchEntity).countBy({ userId: user.user.id })).toBe(0);
  });
});

describe('saved-search alerts', () => {
  it('notifies, live, the owners of matching searches when a listing is published, with catalogue semantics', async () => {
    const { poster, member, listing } = await draftGig();
    const users = Object.fromEntries(
      await Promise.all(['text', 'anyTech', 'otherTech', 'techButWrongType', 'superAndText', 'wrongText', 'everything', 'twice', 'wrongSuper'].map(async (name) => [name, await buildUser(t.app)] as const)),
    );
    await saveSearch(users.text, { search: 'dashboard' });
    await saveSearch(users.anyTech, { technologyIds: [RUST, TYPESCRIPT] });
    await saveSearch(users.otherTech, { technologyIds: [RUST] });
    await saveSearch(users.techButWrongType, { technologyIds: [TYPESCRIPT], projectTypeIds: [MOBILE_IOS] });
    await saveSearch(users.superAndText, { projectSuperTypeIds: [SOFTWARE], search: '"websocket backend" -mobile' });
    await saveSearch(users.wrongText, { search: 'blockchain' });
    await saveSearch(users.everything, {});
    const twiceA = await saveSearch(users.twice, { projectTypeIds: [WEB_BACKEND] }, 'Backend');
    const twiceB = await saveSearch(users.twice, { technologyIds: [POSTGRESQL] }, 'Postgres');
    await saveSearch(users.wrongSuper, { projectSuperTypeIds: [DESIGN] });
    await saveSearch(member, { search: 'dashboard' });
    await saveSearch(poster, {});

    const socket = connectLive(t.url, users.text.token);
    const missSocket = connectLive(t.url, users.otherTech.token);
    sockets.push(socket, missSocket);
    const alerts = new LiveSubscription<{ notificationAdded: { kind: string; payload: Record<string, unknown> } }>(socket, NOTIFICATION_ADDED);
    const misses = new LiveSubscription(missSocket, NOTIFICATION_ADDED);
    await waitForSubscribers(notificationAddedTopic(users.text.user.id));
    await waitForSubscribers(notificationAddedTopic(users.otherTech.user.id));

    await publish(listing, poster);
    await alerts.until(() => alerts.data.length === 1);
    expect(alerts.data[0].notificationAdded).toMatchObject({
      kind: 'SAVED_SEARCH_MATCH',
      payload: { listingId: toGlobalId('Listing', listing.id), listingTitle: listing.title },
    });

    const notified = async (user: BuiltUser) => (await matchesOf(user)).length;
    expect({
      text: await notified(users.text),
      anyTech: await notified(users.anyTech),
      otherTech: await notified(users.otherTech),
      techButWrongType: await notified(users.techButWrongType),
      superAndText: await notified(users.superAndText),
      wrongText: await notified(users.wrongText),
      everything: await notified(users.everything),
      twice: await notified(users.twice),
      wrongSuper: await notified(users.wrongSuper),
      member: await notified(member),
      poster: await notified(poster),
    }).toEqual({
      text: 1,
      anyTech: 1,
      otherTech: 0,
      techButWrongType: 0,
      superAndText: 1,
      wrongText: 0,
      everything: 1,
      twice: 1,
      wrongSuper: 0,
      member: 0,
      poster: 0,
    });
    const [twice] = await matchesOf(users.twice);
    expect(twice.payload).toMatchObject({ savedSearchIds: [twiceA, twiceB], savedSearchNames: ['Backend', 'Postgres'] });
    expect(await misses.within(() => misses.results.length > 0, 300)).toBe(false);

    // Publishing it again changes nothing and alerts nobody again.
    await publish(listing, poster);
    expect(await notified(users.everything)).toBe(1);
    const stored = await t.app.deps.ds.getRepository(NotificationEntity).findBy({ userId: users.everything.user.id });
    expect(stored).toHaveLength(1);
  });

  it('matches the terms filters as the catalogue filters them: only matching gigs notify', async () => {
    const remote = DEFAULT_TERMS.location;
    const onSite = { kind: 'ONSITE' as const, city: 'Lyon', countryCode: 'FR', timeZoneWindow: null };
    const hourly = (currency: string, minCents: number, maxCents: number) => ({ kind: 'HOURLY' as const, currency, minCents, maxCents });
    const gigs = {
      remoteUsd60to80: await draftGig({ terms: { budget: hourly('USD', 6_000, 8_000), location: remote } }),
      remoteUsd100to200: await draftGig({ terms: { budget: hourly('USD', 10_000, 20_000), location: remote } }),
      remoteUsd120to150: await draftGig({ terms: { budget: hourly('USD', 12_000, 15_000), location: remote } }),
      onSiteUsd60to80: await draftGig({ terms: { budget: hourly('USD', 6_000, 8_000), location: onSite } }),
      remoteEur60to80: await draftGig({ terms: { budget: hourly('EUR', 6_000, 8_000), location: remote } }),
      remoteFixedUsd50to100: await draftGig({ terms: { budget: { kind: 'FIXED', currency: 'USD', minCents: 5_000, maxCents: 10_000 }, location: remote } }),
    };
    const searches: Record<string, Filter> = {
      // What a person saves as "remote, hourly, USD 50–100": both ends included, as the catalogue.
      remoteHourlyUsd50to100: { remoteOnly: true, budgetKind: 'HOURLY', budget: { currency: 'USD', minCents: 5_000, maxCents: 10_000 } },
      usdFrom90: { budget: { currency: 'USD', minCents: 9_000 } },
      eurAny: { budget: { currency: 'EUR' } },
      fixed: { budgetKind: 'FIXED' },
      remoteOnly: { remoteOnly: true },
      anyLocation: { remoteOnly: false },
    };
    const owners = Object.fromEntries(
      await Promise.all(
        Object.entries(searches).map(async ([name, filter]) => {
          const owner = await buildUser(t.app);
          await saveSearch(owner, filter, name);
          return [name, owner] as const;
        }),
      ),
    );
    for (const gig of Object.values(gigs)) await publish(gig.listing, gig.poster);

    const names = Object.keys(gigs) as Array<keyof typeof gigs>;
    const notifiedOf = async (owner: BuiltUser) => {
      const listingIds = new Set((await matchesOf(owner)).map((notification) => notification.payload.listingId));
      return names.filter((name) => listingIds.has(toGlobalId('Listing', gigs[name].listing.id)));
    };
    /** The catalogue's own answer for the same filter, each gig alone (its employer's). */
    const catalogueOf = async (filter: Filter) => {
      const found = await Promise.all(
        names.map(async (name) => {
          const employerId = toGlobalId('Employer', gigs[name].employer.id);
          return ok(await t.gql(CATALOGUE, { filter: { ...filter, employerId } })).listings.edges.length === 1;
        }),
      );
      return names.filter((_, index) => found[index]);
    };

    const notified = Object.fromEntries(await Promise.all(Object.keys(searches).map(async (name) => [name, await notifiedOf(owners[name])] as const)));
    expect(notified).toEqual({
      remoteHourlyUsd50to100: ['remoteUsd60to80', 'remoteUsd100to200'],
      usdFrom90: ['remoteUsd100to200', 'remoteUsd120to150', 'remoteFixedUsd50to100'],
      eurAny: ['remoteEur60to80'],
      fixed: ['remoteFixedUsd50to100'],
      remoteOnly: ['remoteUsd60to80', 'remoteUsd100to200', 'remoteUsd120to150', 'remoteEur60to80', 'remoteFixedUsd50to100'],
      anyLocation: names,
    });
    for (const [name, filter] of Object.entries(searches)) expect([name, await catalogueOf(filter)]).toEqual([name, notified[name]]);
  });

  it('sends no alert for a listing that matches no saved search', async () => {
    const { poster, listing } = await draftGig({ title: 'Logo for a bakery', description: 'A friendly logo for our neighbourhood bakery, in two colours.', technologyIds: [5], projectTypeId: 13 });
    const user = await buildUser(t.app);
    await saveSearch(user, { technologyIds: [RUST] });
    await saveSearch(user, { search: 'websocket' });
    await saveSearch(user, { projectSuperTypeIds: [SOFTWARE] });
    await publish(listing, poster);
    expect(await matchesOf(user)).toEqual([]);
  });
});
