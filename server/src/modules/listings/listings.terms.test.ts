import fc from 'fast-check';
import { errorOf, ok } from '../../../test/harness';
import { expectBadFields } from '../../../test/expect';
import { buildCredits, buildListing } from '../../../test/factories';
import { listingGid } from '../../../test/ids';
import { COUNTRY_CODES, isCountryCode } from './listing-terms';
import { COUNTRY_CODES_1796010000000 } from '../../db/migrations/1796010000000-ListingCountryCodes';
import { CREATE, credits, listingCount, localIdOf, poster, PUBLISH, t, UPDATE, validInput } from '../../../test/listings';

const TERMS = `budget { kind minCents maxCents currency } duration { weeks hoursPerWeek }
  location { kind city countryCode timeZoneWindow { fromUtcOffsetMinutes toUtcOffsetMinutes } }`;
const CREATE_TERMS = `mutation ($input: CreateListingInput!) { createListing(input: $input) { id status ${TERMS} } }`;
const UPDATE_TERMS = `mutation ($input: UpdateListingInput!) { updateListing(input: $input) { id status ${TERMS} } }`;
const LISTING_TERMS = `query ($id: ID!) { listing(id: $id) { id ${TERMS} } }`;

const REMOTE = { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: -300, toUtcOffsetMinutes: 60 } };

/** The terms columns of a stored listing. */
async function storedTerms(id: string): Promise<Record<string, unknown>> {
  const [row] = await t.app.deps.ds.query(
    `SELECT budget_kind, budget_min_cents, budget_max_cents, budget_currency, duration_weeks, hours_per_week,
            location_kind, location_city, location_country_code, utc_offset_from_minutes, utc_offset_to_minutes
       FROM listings WHERE id = $1`,
    [id],
  );
  return row;
}

describe('listing terms', () => {
  it('are saved with a new draft and read back on the listing', async () => {
    const { token, employer } = await poster();
    const input = { ...validInput(employer), budget: { kind: 'HOURLY', minCents: 6_000, maxCents: 9_000, currency: 'GBP' }, location: REMOTE };
    const listing = ok(await t.gql(CREATE_TERMS, { input }, token)).createListing;
    expect(listing).toMatchObject({
      budget: { kind: 'HOURLY', minCents: 6_000, maxCents: 9_000, currency: 'GBP' },
      duration: { weeks: 6, hoursPerWeek: 15 },
      location: { kind: 'REMOTE', city: null, countryCode: null, timeZoneWindow: { fromUtcOffsetMinutes: -300, toUtcOffsetMinutes: 60 } },
    });
    expect(await storedTerms(localIdOf(listing.id))).toEqual({
      budget_kind: 'HOURLY',
      budget_min_cents: 6_000,
      budget_max_cents: 9_000,
      budget_currency: 'GBP',
      duration_weeks: 6,
      hours_per_week: 15,
      location_kind: 'REMOTE',
      location_city: null,
      location_country_code: null,
      utc_offset_from_minutes: -300,
      utc_offset_to_minutes: 60,
    });
    expect(ok(await t.gql(LISTING_TERMS, { id: listing.id }, token)).listing).toEqual({ id: listing.id, budget: listing.budget, duration: listing.duration, location: listing.location });
  });

  it('are null ("not stated") on a listing without them', async () => {
    const { user, token, employer } = await poster();
    const listing = await buildListing(t.app, employer, user, { terms: { budget: null, duration: null, location: null } });
    expect(ok(await t.gql(LISTING_TERMS, { id: listingGid(listing) }, token)).listing).toMatchObject({ budget: null, duration: null, location: null });
  });

  type Input = ReturnType<typeof validInput>;
  const invalid: Array<[string, string, (input: Input) => Record<string, unknown>]> = [
    ['budget.minCents', 'zero', (input) => ({ ...input, budget: { ...input.budget, minCents: 0 } })],
    ['budget.maxCents', 'below the minimum', (input) => ({ ...input, budget: { ...input.budget, minCents: 5_000, maxCents: 4_999 } })],
    ['budget.maxCents', 'above the hourly cap', (input) => ({ ...input, budget: { kind: 'HOURLY', minCents: 5_000, maxCents: 10_000_001, currency: 'USD' } })],
    ['budget.maxCents', 'above the fixed-price cap', (input) => ({ ...input, budget: { ...input.budget, maxCents: 1_000_000_001 } })],
    ['budget.currency', 'in lower case', (input) => ({ ...input, budget: { ...input.budget, currency: 'eur' } })],
    ['budget.currency', 'not ISO 4217', (input) => ({ ...input, budget: { ...input.budget, currency: 'XYZ' } })],
    ['duration.weeks', 'zero', (input) => ({ ...input, duration: { weeks: 0, hoursPerWeek: 10 } })],
    ['duration.weeks', 'over two years', (input) => ({ ...input, duration: { weeks: 105, hoursPerWeek: 10 } })],
    ['duration.hoursPerWeek', 'over 80', (input) => ({ ...input, duration: { weeks: 4, hoursPerWeek: 81 } })],
    ['location.city', 'missing on site', (input) => ({ ...input, location: { kind: 'ONSITE', countryCode: 'DE' } })],
    ['location.city', 'blank', (input) => ({ ...input, location: { kind: 'HYBRID', city: '   ', countryCode: 'DE' } })],
    ['location.countryCode', 'missing for hybrid', (input) => ({ ...input, location: { kind: 'HYBRID', city: 'Berlin' } })],
    ['location.countryCode', 'not a country', (input) => ({ ...input, location: { kind: 'HYBRID', city: 'Berlin', countryCode: 'XX' } })],
    ['location.countryCode', 'the EU (not a country)', (input) => ({ ...input, location: { kind: 'HYBRID', city: 'Berlin', countryCode: 'EU' } })],
    ['location.countryCode', 'alpha-3', (input) => ({ ...input, location: { kind: 'ONSITE', city: 'Berlin', countryCode: 'DEU' } })],
    ['location.city', 'given for a remote gig', (input) => ({ ...input, location: { kind: 'REMOTE', city: 'Berlin' } })],
    ['location.timeZoneWindow', 'given for an on-site gig', (input) => ({ ...input, location: { ...input.location, timeZoneWindow: REMOTE.timeZoneWindow } })],
    [
      'location.timeZoneWindow.toUtcOffsetMinutes',
      'before its start',
      (input) => ({ ...input, location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: 60, toUtcOffsetMinutes: -60 } } }),
    ],
    [
      'location.timeZoneWindow.fromUtcOffsetMinutes',
      'not a multiple of 15 minutes',
      (input) => ({ ...input, location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: 7, toUtcOffsetMinutes: 60 } } }),
    ],
    [
      'location.timeZoneWindow.toUtcOffsetMinutes',
      'past UTC+14:00',
      (input) => ({ ...input, location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: 0, toUtcOffsetMinutes: 855 } } }),
    ],
  ];

  it.each(invalid)('refuses %s %s on create, naming only that field and storing nothing', async (field, _why, change) => {
    const { token, employer } = await poster();
    expectBadFields(await t.gql(CREATE, { input: change(validInput(employer)) }, token), [field]);
    expect(await listingCount(employer)).toBe(0);
  });

  it.each(invalid)('refuses %s %s on update, changing nothing', async (field, _why, change) => {
    const { token, employer } = await poster();
    const listing = ok(await t.gql(CREATE, { input: validInput(employer) }, token)).createListing;
    const before = await storedTerms(localIdOf(listing.id));
    const { budget, duration, location } = change(validInput(employer));
    expectBadFields(await t.gql(UPDATE, { input: { id: listing.id, budget, duration, location } }, token), [field]);
    expect(await storedTerms(localIdOf(listing.id))).toEqual(before);
  });

  it('says a time-zone window cannot cross the date line (UTC+12 to UTC−10)', async () => {
    const { token, employer } = await poster();
    const input = { ...validInput(employer), location: { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: 720, toUtcOffsetMinutes: -600 } } };
    const error = errorOf(await t.gql(CREATE, { input }, token));
    expect(error.extensions?.fields).toEqual({ 'location.timeZoneWindow.toUtcOffsetMinutes': expect.stringMatching(/cannot cross the date line/) });
  });

  it('names every bad part at once', async () => {
    const { token, employer } = await poster();
    const input = {
      ...validInput(employer),
      budget: { kind: 'FIXED', minCents: 9_000, maxCents: 1_000, currency: 'USD' },
      location: { kind: 'ONSITE', city: 'Porto' },
    };
    expectBadFields(await t.gql(CREATE, { input }, token), ['budget.maxCents', 'location.countryCode']);
    expect(await listingCount(employer)).toBe(0);
  });

  it('refuses reserved, withdrawn and made-up country codes that Intl still names, and takes every assigned one', async () => {
    const refused = ['UK', 'DD', 'SU', 'YU', 'CS', 'ZR', 'BU', 'TP', 'AN', 'FX', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA', 'EU', 'UN', 'ZZ', 'XX', 'de'];
    expect(refused.filter(isCountryCode)).toEqual([]);
    expect(COUNTRY_CODES.size).toBe(250);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    expect([...COUNTRY_CODES].filter((code) => !/^[A-Z]{2}$/.test(code) || names.of(code) === undefined)).toEqual([]);
    const { token, employer } = await poster();
    for (const countryCode of refused) {
      const input = { ...validInput(employer), location: { kind: 'ONSITE', city: 'Somewhere', countryCode } };
      expectBadFields(await t.gql(CREATE, { input }, token), ['location.countryCode']);
    }
    for (const countryCode of ['GB', 'XK', 'SS', 'DE']) {
      ok(await t.gql(CREATE, { input: { ...validInput(employer), location: { kind: 'ONSITE', city: 'Somewhere', countryCode } } }, token));
    }
    expect(await listingCount(employer)).toBe(4);
  });

  it('names every faulty field in one response, whatever mix of simple and cross-field faults (property)', async () => {
    const { token, employer } = await poster();
    // Independent faults: each touches its own fields and names one path; at most one per group.
    type Terms = { budget: any; duration: any; location: any };
    type Fault = { path: string; apply: (terms: Terms) => void };
    const fault = (path: string, apply: (terms: Terms) => void): Fault => ({ path, apply });
    const oneOf = (...faults: Fault[]) => fc.option(fc.constantFrom(...faults), { nil: undefined });
    const groups = {
      currency: oneOf(fault('budget.currency', (x) => (x.budget.currency = 'XYZ'))),
      amounts: oneOf(
        fault('budget.minCents', (x) => (x.budget.minCents = 0)),
        fault('budget.maxCents', (x) => ((x.budget.minCents = 9_000), (x.budget.maxCents = 8_000))),
        fault('budget.maxCents', (x) => ((x.budget.kind = 'HOURLY'), (x.budget.maxCents = 10_000_001))),
      ),
      weeks: oneOf(fault('duration.weeks', (x) => (x.duration.weeks = 105))),
      hours: oneOf(fault('duration.hoursPerWeek', (x) => (x.duration.hoursPerWeek = 0))),
      title: oneOf(fault('title', () => undefined)),
    };
    const onsite = fc.record({
      country: oneOf(
        fault('location.countryCode', (x) => (x.location.countryCode = 'UK')),
        fault('location.countryCode', (x) => delete x.location.countryCode),
      ),
      city: oneOf(fault('location.city', (x) => delete x.location.city)),
      window: oneOf(fault('location.timeZoneWindow', (x) => (x.location.timeZoneWindow = { fromUtcOffsetMinutes: 0, toUtcOffsetMinutes: 60 }))),
    });
    const remote = fc.record({
      city: oneOf(fault('location.city', (x) => (x.location.city = 'Berlin'))),
      country: oneOf(fault('location.countryCode', (x) => (x.location.countryCode = 'DE'))),
      window: oneOf(
        fault('location.timeZoneWindow.fromUtcOffsetMinutes', (x) => (x.location.timeZoneWindow.fromUtcOffsetMinutes = 7)),
        fault('location.timeZoneWindow.toUtcOffsetMinutes', (x) => (x.location.timeZoneWindow.toUtcOffsetMinutes = -120)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.record(groups), fc.oneof(fc.tuple(fc.constant(true), remote), fc.tuple(fc.constant(false), onsite)), async (simple, [isRemote, place]) => {
        const terms: Terms = {
          budget: { kind: 'FIXED', minCents: 1_000, maxCents: 2_000, currency: 'USD' },
          duration: { weeks: 4, hoursPerWeek: 10 },
          location: isRemote ? { kind: 'REMOTE', timeZoneWindow: { fromUtcOffsetMinutes: -60, toUtcOffsetMinutes: 120 } } : { kind: 'ONSITE', city: 'Porto', countryCode: 'PT' },
        };
        const faults = [...Object.values(simple), ...Object.values(place)].filter((f): f is Fault => f !== undefined);
        fc.pre(faults.length >= 2);
        for (const f of faults) f.apply(terms);
        const input = { ...validInput(employer), ...terms, ...(simple.title ? { title: 'x' } : {}) };
        expectBadFields(await t.gql(CREATE, { input }, token), faults.map((f) => f.path));
      }),
      { numRuns: 60 },
    );
    expect(await listingCount(employer)).toBe(0);
  });

  it('replaces a part given on update, keeps the others, and clears a part of a draft with null', async () => {
    const { token, employer } = await poster();
    const listing = ok(await t.gql(CREATE, { input: validInput(employer) }, token)).createListing;
    const changed = ok(await t.gql(UPDATE_TERMS, { input: { id: listing.id, location: { kind: 'ONSITE', city: 'São Paulo', countryCode: 'BR' } } }, token)).updateListing;
    expect(changed).toMatchObject({
      budget: { kind: 'FIXED', minCents: 150_000, maxCents: 300_000, currency: 'EUR' },
      duration: { weeks: 6, hoursPerWeek: 15 },
      location: { kind: 'ONSITE', city: 'São Paulo', countryCode: 'BR', timeZoneWindow: null },
    });
    const cleared = ok(await t.gql(UPDATE_TERMS, { input: { id: listing.id, budget: null } }, token)).updateListing;
    expect(cleared).toMatchObject({ budget: null, duration: { weeks: 6 } });
    expect(await storedTerms(localIdOf(listing.id))).toMatchObject({ budget_kind: null, budget_min_cents: null, budget_max_cents: null, budget_currency: null, duration_weeks: 6 });
  });

  it('cannot be cleared once published, and nothing changes', async () => {
    const { user, token, employer } = await poster();
    await buildCredits(t.app, employer, user, 1);
    const listing = ok(await t.gql(CREATE, { input: validInput(employer) }, token)).createListing;
    ok(await t.gql(PUBLISH, { id: listing.id }, token));
    const before = await storedTerms(localIdOf(listing.id));
    const error = errorOf(await t.gql(UPDATE, { input: { id: listing.id, title: 'A new title here', budget: null, location: null } }, token));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { budget: 'cannot be cleared once published', location: 'cannot be cleared once published' } });
    expect(await storedTerms(localIdOf(listing.id))).toEqual(before);
    expect(ok(await t.gql(LISTING_TERMS, { id: listing.id }, token)).listing.budget).not.toBeNull();
  });

  it('are required to publish: each missing part is named and no credit is spent', async () => {
    const { user, token, employer } = await poster();
    await buildCredits(t.app, employer, user, 1);
    const { budget, ...withoutBudget } = validInput(employer);
    const listing = ok(await t.gql(CREATE, { input: { ...withoutBudget, location: undefined } }, token)).createListing;
    expectBadFields(await t.gql(PUBLISH, { id: listing.id }, token), ['budget', 'location']);
    expect(await credits(employer)).toEqual({ unspent: 1, spent: 0 });
    ok(await t.gql(UPDATE, { input: { id: listing.id, budget, location: REMOTE } }, token));
    expect(ok(await t.gql(PUBLISH, { id: listing.id }, token)).publishListing.status).toBe('PUBLISHED');
  });

  it('a listing published before terms existed stays editable without them', async () => {
    const { user, token, employer } = await poster();
    const old = await buildListing(t.app, employer, user, { terms: { budget: null, duration: null, location: null } });
    const changed = ok(await t.gql(UPDATE_TERMS, { input: { id: listingGid(old), title: 'Still without terms' } }, token)).updateListing;
    expect(changed).toMatchObject({ status: 'PUBLISHED', budget: null, duration: null, location: null });
  });

  describe('database constraints', () => {
    const refused: Array<[string, string]> = [
      ['a budget without its currency', `budget_kind = 'FIXED', budget_min_cents = 100, budget_max_cents = 200, budget_currency = NULL`],
      ['a minimum above the maximum', `budget_kind = 'FIXED', budget_min_cents = 300, budget_max_cents = 200, budget_currency = 'USD'`],
      ['an hourly budget above the cap', `budget_kind = 'HOURLY', budget_min_cents = 100, budget_max_cents = 10000001, budget_currency = 'USD'`],
      ['a lower-case currency', `budget_kind = 'FIXED', budget_min_cents = 100, budget_max_cents = 200, budget_currency = 'usd'`],
      ['weeks without hours', `duration_weeks = 3, hours_per_week = NULL`],
      ['zero weeks', `duration_weeks = 0, hours_per_week = 10`],
      ['on site without a city', `location_kind = 'ONSITE', location_city = NULL, location_country_code = 'DE', utc_offset_from_minutes = NULL, utc_offset_to_minutes = NULL`],
      ['remote with a country', `location_kind = 'REMOTE', location_city = NULL, location_country_code = 'DE', utc_offset_from_minutes = NULL, utc_offset_to_minutes = NULL`],
      ['hybrid with a time-zone window', `location_kind = 'HYBRID', location_city = 'Rome', location_country_code = 'IT', utc_offset_from_minutes = 0, utc_offset_to_minutes = 60`],
      ['a window ending before it starts', `location_kind = 'REMOTE', location_city = NULL, location_country_code = NULL, utc_offset_from_minutes = 60, utc_offset_to_minutes = 0`],
      ['a window with half its ends', `location_kind = 'REMOTE', location_city = NULL, location_country_code = NULL, utc_offset_from_minutes = 60, utc_offset_to_minutes = NULL`],
      ['a city without a kind', `location_kind = NULL, location_city = 'Rome', location_country_code = NULL, utc_offset_from_minutes = NULL, utc_offset_to_minutes = NULL`],
      ...['UK', 'SU', 'EU', 'XX'].map((code): [string, string] => [
        `the country code ${code}`,
        `location_kind = 'ONSITE', location_city = 'Rome', location_country_code = '${code}', utc_offset_from_minutes = NULL, utc_offset_to_minutes = NULL`,
      ]),
    ];

    it("checks the API's list of country codes", () => {
      expect([...COUNTRY_CODES_1796010000000].sort()).toEqual([...COUNTRY_CODES].sort());
    });

    it.each(refused)('refuses %s', async (_why, assignments) => {
      const { user, employer } = await poster();
      const listing = await buildListing(t.app, employer, user, { status: 'DRAFT' });
      await expect(t.app.deps.ds.query(`UPDATE listings SET ${assignments} WHERE id = $1`, [listing.id])).rejects.toThrow(/check constraint "CHK_listings_/);
    });
  });
});
