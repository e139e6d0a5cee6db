import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ok } from '../../../test/harness';
import { employerGid, listingGid, POSTGRESQL, projectTypeGid, PYTHON, technologyGid, TYPESCRIPT, WEB_BACKEND, WEB_FRONTEND } from '../../../test/ids';
import { poster, publishedListings, t, uniqueWord } from '../../../test/catalog';
import { EXACT_COUNT_LIMIT, SAMPLE_SHARE, SURELY_ABOVE_LIMIT } from './catalog.service';

/** An id in the catalogue's 1% sample (first 16 bits below 655), or one outside it. */
const sampledId = () => `0000${randomUUID().slice(4)}`;
const unsampledId = () => `ffff${randomUUID().slice(4)}`;
const estimate = (sampled: number) => Math.round(sampled / SAMPLE_SHARE);

const COUNTS = `query ($filter: ListingFilter) {
  listings(filter: $filter, first: 1) {
    totalCount
    totalCountIsApproximate
    facets {
      approximate
      technologies { technology { name } count }
      projectTypes { projectType { id } count }
    }
  }
}`;

async function counts(filter: Record<string, unknown>) {
  const { listings } = ok(await t.gql(COUNTS, { filter }));
  return {
    total: listings.totalCount as number,
    totalApproximate: listings.totalCountIsApproximate as boolean,
    facetsApproximate: listings.facets.approximate as boolean,
    technologies: Object.fromEntries(listings.facets.technologies.map((value: any) => [value.technology.name, value.count])),
    projectTypes: Object.fromEntries(listings.facets.projectTypes.map((value: any) => [value.projectType.id, value.count])),
  };
}

/** Runs `body` with the catalogue's exact-count limit lowered to `limit` (the same code path as EXACT_COUNT_LIMIT). */
async function withLimit<T>(limit: number, body: () => Promise<T>): Promise<T> {
  const catalog = t.app.deps.services.catalog;
  catalog.exactCountLimit = limit;
  try {
    return await body();
  } finally {
    catalog.exactCountLimit = EXACT_COUNT_LIMIT;
  }
}

describe('counts above the exact-count limit', () => {
  it('counts exactly up to the limit and estimates from the sample above it, flagged, never at or below the limit', async () => {
    const owner = await poster();
    const scope = { employerId: employerGid(owner.employer) };
    await publishedListings(owner, [
      { id: sampledId(), technologyIds: [TYPESCRIPT] },
      { id: unsampledId(), technologyIds: [PYTHON] },
      { id: unsampledId(), technologyIds: [PYTHON, POSTGRESQL] },
    ]);

    await withLimit(3, async () => {
      // Three matches, the limit: exact.
      expect(await counts(scope)).toEqual({
        total: 3,
        totalApproximate: false,
        facetsApproximate: false,
        technologies: { Python: 2, TypeScript: 1, PostgreSQL: 1 },
        projectTypes: { [projectTypeGid(WEB_BACKEND)]: 3 },
      });

      await publishedListings(owner, [
        { id: sampledId(), technologyIds: [TYPESCRIPT, POSTGRESQL], projectTypeId: WEB_FRONTEND },
        { id: unsampledId(), technologyIds: [PYTHON] },
      ]);
      // Five: estimated from the two sampled listings, flagged.
      expect(await counts(scope)).toEqual({
        total: estimate(2),
        totalApproximate: true,
        facetsApproximate: true,
        technologies: { TypeScript: estimate(2), PostgreSQL: estimate(1) },
        projectTypes: { [projectTypeGid(WEB_BACKEND)]: estimate(1), [projectTypeGid(WEB_FRONTEND)]: estimate(1) },
      });

      // A facet is exact when its own universe is small: filtered to TypeScript there are 2 matches,
      // but the technology facet ignores that filter (5 listings) and stays an estimate.
      const typescript = await counts({ ...scope, technologyIds: [technologyGid(TYPESCRIPT)] });
      expect(typescript).toMatchObject({ total: 2, totalApproximate: false, facetsApproximate: true, projectTypes: { [projectTypeGid(WEB_BACKEND)]: 1, [projectTypeGid(WEB_FRONTEND)]: 1 } });
      expect(typescript.technologies).toEqual({ TypeScript: estimate(2), PostgreSQL: estimate(1) });
    });

    // With too few in the sample, an estimate would say less than is known to match: it says just over the limit.
    await withLimit(1, async () => {
      expect(await counts({ ...scope, technologyIds: [technologyGid(PYTHON)] })).toMatchObject({ total: 2, totalApproximate: true });
    });
  });

  it('keeps the sample in step with publishing, technologies and closing', async () => {
    const owner = await poster();
    const word = uniqueWord();
    const scope = { employerId: employerGid(owner.employer) };
    const [sampled] = await publishedListings(owner, [
      { id: sampledId(), description: `Needs ${word} work done.`, technologyIds: [TYPESCRIPT] },
      { id: unsampledId(), description: `More ${word} work.` },
      { id: unsampledId() },
    ]);
    const ds = t.app.deps.ds;

    await withLimit(1, async () => {
      expect(await counts({ ...scope, search: word })).toMatchObject({ total: estimate(1), totalApproximate: true });
      expect((await counts(scope)).technologies).toEqual({ TypeScript: estimate(1) });

      // Technologies change the sampled copy too (through the listing's technology names).
      await ds.query(`DELETE FROM listing_technologies WHERE listing_id = $1`, [sampled.id]);
      await ds.query(`INSERT INTO listing_technologies (listing_id, technology_id) VALUES ($1, $2), ($1, $3)`, [sampled.id, PYTHON, POSTGRESQL]);
      expect((await counts(scope)).technologies).toEqual({ Python: estimate(1), PostgreSQL: estimate(1) });

      const closed = await t.gql(`mutation ($id: ID!) { closeListing(id: $id) { status } }`, { id: listingGid(sampled) }, owner.token);
      expect(ok(closed).closeListing.status).toBe('CLOSED');
      // Two left: more than the limit, none of them sampled.
      expect(await counts(scope)).toMatchObject({ total: 2, totalApproximate: true, technologies: {} });
    });
    expect(await counts(scope)).toMatchObject({ total: 2, totalApproximate: false });
  });

  it('is exact at or below the limit and flagged above it, whatever the limit and the matches', async () => {
    const owner = await poster();
    const scope = { employerId: employerGid(owner.employer) };
    const listings = await publishedListings(
      owner,
      Array.from({ length: 6 }, (_, i) => ({ id: i % 3 === 0 ? sampledId() : unsampledId(), technologyIds: i % 2 === 0 ? [TYPESCRIPT] : [PYTHON] })),
    );
    const sampledMatches = (technology: number | null) =>
      listings.filter((listing, i) => listing.id.startsWith('0000') && (technology === null || (i % 2 === 0 ? TYPESCRIPT : PYTHON) === technology)).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 7 }), fc.constantFrom(null, TYPESCRIPT, PYTHON), async (limit, technology) => {
        const filter = technology === null ? scope : { ...scope, technologyIds: [technologyGid(technology)] };
        const matches = technology === null ? 6 : 3;
        const { total, totalApproximate } = await withLimit(limit, () => counts(filter));
        if (matches <= limit) expect({ total, totalApproximate }).toEqual({ total: matches, totalApproximate: false });
        else expect({ total, totalApproximate }).toEqual({ total: Math.max(estimate(sampledMatches(technology)), limit + 1), totalApproximate: true });
      }),
      { numRuns: 25 },
    );
  });

  it('costs one statement for the filter, the page, and the count with both facets when they count the same matches, estimated or exact', async () => {
    const owner = await poster();
    const scope = { employerId: employerGid(owner.employer) };
    await publishedListings(owner, [
      { id: sampledId(), technologyIds: [TYPESCRIPT] },
      { id: unsampledId(), technologyIds: [PYTHON] },
      { id: unsampledId(), technologyIds: [PYTHON], projectTypeId: WEB_FRONTEND },
    ]);
    await counts(scope); // the taxonomy is read once per app
    for (const limit of [10, 1]) {
      await withLimit(limit, async () => {
        t.sql.reset();
        const result = await counts(scope);
        expect(result.totalApproximate).toBe(limit === 1);
        expect(result.facetsApproximate).toBe(limit === 1);
        if (limit === 10) {
          expect(result).toMatchObject({ total: 3, technologies: { TypeScript: 1, Python: 2 }, projectTypes: { [projectTypeGid(WEB_BACKEND)]: 2, [projectTypeGid(WEB_FRONTEND)]: 1 } });
        }
        expect(t.sql.count).toBe(3); // the filter's sampled share, the page, the count and the two facets (no technology or project type filter: the same matches)
      });
    }
  });

  it('costs a statement per facet when a technology or project type filter makes their matches differ', async () => {
    const owner = await poster();
    const scope = { employerId: employerGid(owner.employer) };
    await publishedListings(owner, [{ id: sampledId(), technologyIds: [TYPESCRIPT] }, { id: unsampledId(), technologyIds: [PYTHON] }]);
    await counts(scope);
    await withLimit(10, async () => {
      t.sql.reset();
      expect(await counts({ ...scope, technologyIds: [technologyGid(PYTHON)] })).toMatchObject({ total: 1, technologies: { TypeScript: 1, Python: 1 } });
      expect(t.sql.count).toBe(5); // the filter's sampled share, the page, the count, the two facets
    });
  });
});

describe('counts the sample settles', () => {
  it('takes a count from the sample alone when it holds enough matches to be surely above the limit', async () => {
    const catalog = t.app.deps.services.catalog;
    const owner = await poster();
    const scope = { employerId: employerGid(owner.employer) };
    await publishedListings(owner, [{ id: sampledId() }, { id: sampledId() }, { id: unsampledId() }]);
    catalog.surelyAboveLimit = 2;
    try {
      // Three matches are within the limit of 10, but two sampled ones make an estimate of about 200: the sample decides.
      await withLimit(10, async () => {
        expect(await counts(scope)).toMatchObject({ total: estimate(2), totalApproximate: true, facetsApproximate: true });
        expect(await counts({ ...scope, technologyIds: [technologyGid(PYTHON)] })).toMatchObject({ total: 0, totalApproximate: false });
      });
    } finally {
      catalog.surelyAboveLimit = SURELY_ABOVE_LIMIT;
    }
    await withLimit(10, async () => expect(await counts(scope)).toMatchObject({ total: 3, totalApproximate: false, facetsApproximate: false }));
  });
});

describe('counts of the whole catalogue', () => {
  it('are exact at any size, from the totals kept by triggers, and so is a facet filtered only by itself', async () => {
    const owner = await poster();
    await publishedListings(owner, [{ technologyIds: [TYPESCRIPT] }, { technologyIds: [PYTHON, POSTGRESQL], projectTypeId: WEB_FRONTEND }]);
    const ds = t.app.deps.ds;
    const [{ total }] = (await ds.query(`SELECT count(*)::int AS total FROM listings WHERE status = 'PUBLISHED'`)) as Array<{ total: number }>;
    const technologies = Object.fromEntries(
      ((await ds.query(
        `SELECT t.name, count(*)::int AS count FROM listing_technologies lt JOIN listings l ON l.id = lt.listing_id JOIN technologies t ON t.id = lt.technology_id
          WHERE l.status = 'PUBLISHED' GROUP BY t.name`,
      )) as Array<{ name: string; count: number }>).map(({ name, count }) => [name, count]),
    );
    const projectTypes = Object.fromEntries(
      ((await ds.query(`SELECT project_type_id AS id, count(*)::int AS count FROM listings WHERE status = 'PUBLISHED' GROUP BY project_type_id`)) as Array<{
        id: number;
        count: number;
      }>).map(({ id, count }) => [projectTypeGid(id), count]),
    );

    await withLimit(1, async () => {
      t.sql.reset();
      expect(await counts({})).toEqual({ total, totalApproximate: false, facetsApproximate: false, technologies, projectTypes });
      expect(t.sql.count).toBe(4); // the page, the count and the two facets from the totals: no filter to prepare
      const typescript = await counts({ technologyIds: [technologyGid(TYPESCRIPT)] });
      expect(typescript.technologies).toEqual(technologies);
      expect((await counts({ projectTypeIds: [projectTypeGid(WEB_FRONTEND)] })).projectTypes).toEqual(projectTypes);
    });
  });
});
